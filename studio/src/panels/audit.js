/**
 * "Ordinary posts": the pack run on the shipped collection of ordinary posts
 * (the baseline beneath): hints there are probable false alarms, each with
 * its rule, the post and the passage in its context; then terms that are
 * everyday words or place names, rules that fire only on their own examples,
 * and rules without a `hit` example.
 */
import { byId, h } from "../dom.js";
import { problemsOf, today } from "../engine.js";
import { S } from "../strings.js";

/** A heading and a list of texts (or "None."). */
function section(title, items, hook) {
  const part = h("section", { "data-studio": hook });
  part.append(h("h3", {}, title));
  if (items.length === 0) part.append(h("p", { class: "muted" }, S.noneFound));
  else {
    const list = h("ul", { class: "results" });
    for (const item of items) list.append(item);
    part.append(list);
  }
  return part;
}

/** The audit's findings as DOM. @param {any} audit */
export function renderAudit(audit) {
  const out = [h("p", { "data-studio": "audit-summary" }, S.auditSummary(audit))];
  const alarms = audit.false_alarms.map((f) => {
    const li = h("li", { "data-studio": "false-alarm", "data-rule": f.rule });
    li.append(h("p", {}, `${f.rule} (${f.pack}) · ${f.level} · ${f.post}`));
    const quote = h("blockquote", { class: "postcheck-excerpt excerpt-context" });
    const at = f.context.indexOf(f.passage);
    if (at >= 0) {
      quote.append(document.createTextNode(f.context.slice(0, at)), h("mark", { class: "postcheck-quoted" }, f.passage), document.createTextNode(f.context.slice(at + f.passage.length)));
    } else quote.textContent = f.context;
    li.append(quote);
    return li;
  });
  out.push(section(S.falseAlarms, alarms, "false-alarms"));
  const terms = audit.everyday_terms.map((t) =>
    h("li", { "data-studio": "everyday-term" }, `${t.term ?? S.hiddenTerm} · ${t.rule} · ${t.path} · ${t.lists.map((l) => (typeof l === "string" ? l : Object.values(l).join(" "))).join(", ")}`),
  );
  out.push(section(S.everydayTerms, terms, "everyday-terms"));
  out.push(section(S.onlyOnExamples, audit.only_on_examples.map((r) => h("li", {}, r)), "only-on-examples"));
  out.push(section(S.withoutHit, audit.without_hit_example.map((r) => h("li", {}, r)), "without-hit"));
  return out;
}

/**
 * @param {any} engine the wasm module
 * @param {{text: () => string}} pack
 */
export function setupAudit(engine, pack) {
  const out = byId("audit");
  const button = /** @type {HTMLButtonElement} */ (byId("run-audit"));
  button.addEventListener("click", () => {
    out.replaceChildren(h("p", { class: "muted" }, S.running));
    button.disabled = true;
    // Let the "Running…" show before the engine works (a second or two).
    setTimeout(() => {
      try {
        out.replaceChildren(...renderAudit(engine.auditPack(pack.text(), { date: today() })));
      } catch (e) {
        out.replaceChildren(h("p", { class: "postcheck-error" }, `${S.packRefused} ${problemsOf(e)[0]?.message ?? ""}`));
      } finally {
        button.disabled = false;
      }
    }, 30);
  });
}
