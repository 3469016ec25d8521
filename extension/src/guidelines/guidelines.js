/**
 * The guidelines page (`guidelines.html`): the guidelines of every pack that
 * checks the employee's drafts, in their language, as `postcheck pack docs`
 * gives them (the worker's `guidelines` answer; see render.js). Opened from
 * the popup ("Read the guidelines") and from a hint's "why?" (at that
 * guideline: `?pack=<pack id>#g-<guideline id>`). An extension page: no site
 * can open or frame it (it is not web-accessible); it sends nothing anywhere.
 */
import { ask } from "../shared/browser-api.js";
import { localizePage, t, uiLanguage } from "../shared/i18n.js";
import { request } from "../shared/protocol.js";
import { renderGuidelines, targetOf } from "./render.js";

localizePage(document);

const main = /** @type {HTMLElement} */ (document.getElementById("guidelines"));
const contents = /** @type {HTMLElement} */ (document.getElementById("contents"));
const nav = /** @type {HTMLElement} */ (document.getElementById("contents-nav"));

/** Shows and focuses the guideline the address asks for, if any. */
function openTarget() {
  const target = targetOf(document, location);
  if (!target) return;
  for (const opened of document.querySelectorAll(".guidelines-opened")) opened.classList.remove("guidelines-opened");
  target.classList.add("guidelines-opened");
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "start" });
}

/**
 * The reader's languages for the pack texts: first the language of this
 * page's own words (`uiLang`: the locale the browser picked for the
 * extension), as the browser's UI language names it when that is the same
 * language (`de-CH` for `de`), then the browser's preferred languages. (The UI
 * language alone may differ from the words shown: a headless browser says
 * en-US and shows the German words of `--lang=de`.)
 * @returns {[string, string[]]}
 */
function pageLocales() {
  const shown = t("uiLang");
  const ui = uiLanguage();
  const first = ui.toLowerCase().split(/[-_]/)[0] === shown ? ui : shown;
  return [first, [ui, ...(navigator.languages ?? [])]];
}

ask(request.guidelines(...pageLocales())).then((answer) => {
  main.removeAttribute("aria-busy");
  if (!answer?.ok) {
    const p = document.createElement("p");
    p.className = "postcheck-error";
    p.setAttribute("role", "alert");
    p.textContent = t("guidelinesFailed", [String(answer?.error?.message ?? "")]);
    main.replaceChildren(p);
    main.setAttribute("data-state", "error");
    return;
  }
  renderGuidelines({ main, contents }, answer.layers);
  nav.hidden = contents.childElementCount === 0;
  main.setAttribute("data-state", "ready");
  openTarget();
});
window.addEventListener("hashchange", openTarget);
