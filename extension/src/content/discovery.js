/**
 * Finds the visible composers of a page, in the document and in every open
 * shadow root, and keeps finding them as the page changes (a MutationObserver
 * per root, `focusin` with `composedPath()`, and a slow periodic rescan for
 * editors that only become visible). An editor counts when the site's
 * adapter takes it for a posting surface (`isComposer`: never messaging).
 */
import { isEditableElement, isInsideEditable, isOurs, isVisible, openShadowRoots } from "./dom.js";

/**
 * @param {import("./sites/site.js").Site} site
 * @param {{found: (editor: Element) => void, lost: (editor: Element) => void}} handlers
 * @returns {{scan: () => Element[], stop: () => void}}
 */
export function watchComposers(site, handlers) {
  const doc = document;
  const win = doc.defaultView;
  const observed = new WeakSet();
  /** @type {Set<Element>} */
  let current = new Set();
  let timer = 0;
  const observers = [];

  const observe = (root) => {
    if (observed.has(root)) return;
    observed.add(root);
    const observer = new MutationObserver(schedule);
    observer.observe(root, { childList: true, subtree: true });
    observers.push(observer);
  };

  /** The visible editors, in document order per root. */
  const scan = () => {
    const roots = [doc, ...openShadowRoots(doc)];
    const next = new Set();
    for (const root of roots) {
      observe(root);
      for (const editor of root.querySelectorAll(site.editorSelector)) {
        if (next.has(editor) || inPostcheck(editor) || !isVisible(editor)) continue;
        // An editor inside another editor (editable in any way, plaintext-only too) is part of it.
        if (isInsideEditable(editor)) continue;
        if (site.isComposer && !site.isComposer(editor)) continue;
        next.add(editor);
      }
    }
    for (const editor of current) if (!next.has(editor)) handlers.lost(editor);
    for (const editor of next) handlers.found(editor);
    current = next;
    return [...next];
  };

  function schedule() {
    if (timer) return;
    timer = win.setTimeout(() => {
      timer = 0;
      scan();
    }, 150);
  }

  doc.addEventListener(
    "focusin",
    (event) => {
      const path = event.composedPath?.() ?? [];
      if (path.some((n) => isEditableElement(n))) schedule();
    },
    true,
  );
  const interval = win.setInterval(schedule, 2000);
  scan();
  return {
    scan,
    stop() {
      win.clearInterval(interval);
      for (const o of observers) o.disconnect();
    },
  };
}

/** True for nodes inside postcheck's own elements. */
function inPostcheck(node) {
  for (let n = node; n; n = n.parentElement) if (isOurs(n)) return true;
  return false;
}
