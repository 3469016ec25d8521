/**
 * The options page's list of hints dismissed "not again" (background/dismissals.js):
 * per dismissal the rule (its message, when the active packs have it), the
 * pack, the category and when, each with "Undo", and "Undo all". No passage
 * is shown: none is stored (only a keyed hash of it).
 */
import { ask } from "../shared/browser-api.js";
import { categoryLabel, el } from "../shared/hint-list.js";
import { t } from "../shared/i18n.js";
import { request } from "../shared/protocol.js";

const section = /** @type {HTMLElement} */ (document.getElementById("dismissals-section"));
const list = /** @type {HTMLElement} */ (document.getElementById("dismissals"));
const undoAll = /** @type {HTMLButtonElement} */ (document.getElementById("dismissals-undo-all"));
const empty = /** @type {HTMLElement} */ (document.getElementById("dismissals-none"));

/** Rule messages by "pack id / rule id" (and by rule id alone), from the active stack. @type {Map<string, string>} */
let messages = new Map();

/** @param {any} answer a PackAnswer */
function learnRules(answer) {
  messages = new Map();
  for (const layer of Array.isArray(answer?.stack) ? answer.stack : []) {
    for (const rule of Array.isArray(layer?.rules) ? layer.rules : []) {
      if (typeof rule?.id !== "string" || typeof rule.message !== "string") continue;
      messages.set(`${layer.id ?? ""}/${rule.id}`, rule.message);
      if (!messages.has(rule.id)) messages.set(rule.id, rule.message);
    }
  }
}

/** Shows the dismissals of an answer (DismissalsAnswer). */
function show(answer) {
  if (!answer?.ok || !Array.isArray(answer.dismissals)) return;
  const items = answer.dismissals.map((d) => {
    const li = el(document, "li", { "data-postcheck": "dismissal", "data-rule": d.rule, "data-pack": d.pack, "data-category": d.category });
    const message = messages.get(`${d.pack}/${d.rule}`) ?? messages.get(d.rule);
    li.append(el(document, "strong", { "data-postcheck": "dismissal-rule" }, message ? `${message} (${d.rule})` : d.rule));
    const facts = [categoryLabel(d.category), d.pack ? t("dismissalPack", [d.pack]) : null, t("dismissalWhen", [new Date(d.at).toLocaleString()])].filter(Boolean);
    li.append(el(document, "span", { class: "muted" }, ` · ${facts.join(" · ")} `));
    const undo = el(document, "button", { type: "button", "data-postcheck": "dismissal-undo" }, t("dismissalUndo"));
    undo.addEventListener("click", () => ask(request.dismissalUndo(d.id)).then(show));
    li.append(undo);
    return li;
  });
  list.replaceChildren(...items);
  empty.hidden = items.length > 0;
  undoAll.hidden = items.length === 0;
  section.hidden = false;
}

undoAll.addEventListener("click", () => ask(request.dismissalUndo(null)).then(show));

ask(request.packInfo())
  .then(learnRules)
  .finally(() => ask(request.dismissals()).then(show));
