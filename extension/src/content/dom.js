/**
 * DOM helpers that see through open shadow roots.
 */

/**
 * Every element the user can type into as a contenteditable: `contenteditable`
 * set to anything but "false" (`"true"`, `""`, `"plaintext-only"`).
 */
export const EDITABLE = '[contenteditable]:not([contenteditable="false" i])';

/**
 * True when `editor` sits inside another editable element (then it is part of
 * that editor, not an editor of its own), whatever kind of editable that is.
 * @param {Element} editor
 */
export function isInsideEditable(editor) {
  return editor.parentElement?.closest(EDITABLE) != null;
}

/** True when `el` is itself editable (see EDITABLE). @param {Element} el */
export function isEditableElement(el) {
  return el?.nodeType === 1 && el.hasAttribute("contenteditable") && el.getAttribute("contenteditable")?.toLowerCase() !== "false";
}

/** The parent of a node, stepping from a shadow root to its host. */
export function composedParent(node) {
  if (node.parentNode && node.parentNode.nodeType === 11 && node.parentNode.host) return node.parentNode.host;
  return node.parentNode;
}

/**
 * The closest ancestor (or the element itself) matching `selector`, across shadow boundaries.
 * @param {Element} element
 * @param {string} selector
 * @returns {Element | null}
 */
export function closestComposed(element, selector) {
  for (let node = element; node; node = composedParent(node)) {
    if (node.nodeType === 1 && node.matches(selector)) return node;
  }
  return null;
}

/**
 * Every open shadow root under `root` (and under those, recursively).
 * @param {Document | ShadowRoot} root
 * @returns {ShadowRoot[]}
 */
export function openShadowRoots(root) {
  const found = [];
  const visit = (r) => {
    const doc = r.ownerDocument ?? r;
    const walker = doc.createTreeWalker(r, 1 /* NodeFilter.SHOW_ELEMENT */);
    for (let el = walker.nextNode(); el; el = walker.nextNode()) {
      const shadow = el.shadowRoot;
      if (shadow && !isOurs(el)) {
        found.push(shadow);
        visit(shadow);
      }
    }
  };
  visit(root);
  return found;
}

/** True for elements postcheck itself inserted. */
export function isOurs(el) {
  return el.hasAttribute?.("data-postcheck");
}

/** The focused element, looking into open shadow roots. */
export function deepActiveElement(doc = document) {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * True when the element is rendered and can be seen (not `display: none`,
 * not `visibility: hidden`, not transparent, not of zero size).
 * @param {Element} el
 */
export function isVisible(el) {
  if (!el.isConnected) return false;
  if (typeof el.checkVisibility === "function") {
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
  }
  const rect = el.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0;
}
