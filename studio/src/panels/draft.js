/**
 * "Try a draft": the draft checked with the pack on the built-in baseline (as
 * the extension checks), the hints rendered by the extension's own
 * `shared/hint-list.js`, so they look exactly as in the panel.
 */
import { copyToClipboard, renderError, renderResult } from "../../../extension/src/shared/hint-list.js";
import { byId, debounce } from "../dom.js";
import { problemsOf, today } from "../engine.js";
import { S } from "../strings.js";

/** How long typing in the draft must pause before it is checked again. */
const CHECK_DELAY_MS = 300;

/**
 * @param {any} engine the wasm module
 * @param {{text: () => string, loads: () => boolean, onChange: (fn: () => void) => void}} pack
 */
export function setupDraft(engine, pack) {
  const draft = /** @type {HTMLTextAreaElement} */ (byId("draft"));
  const platform = /** @type {HTMLSelectElement} */ (byId("platform"));
  const hints = byId("hints");
  /** The stack for the pack text it was built from (built again when the pack changes). */
  let built = { text: null, stack: null };
  const stackFor = (text) => {
    if (built.text !== text) {
      built.stack?.free();
      built = { text, stack: null };
      built.stack = engine.Engine.stack([text], { baseline: true });
    }
    return built.stack;
  };
  const check = () => {
    if (!pack.loads()) {
      renderError(hints, S.packRefused);
      return;
    }
    try {
      const options = { platform: platform.value || undefined, locale: "en", date: today() };
      renderResult(hints, stackFor(pack.text()).check(draft.value, options), { onCopy: copyToClipboard });
    } catch (e) {
      renderError(hints, problemsOf(e).map((p) => p.message).join(" "));
    }
  };
  const later = debounce(check, CHECK_DELAY_MS);
  byId("check").addEventListener("click", check);
  draft.addEventListener("input", later);
  platform.addEventListener("change", check);
  pack.onChange(() => {
    if (draft.value) later();
  });
}
