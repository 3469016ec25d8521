/**
 * How tall the panel may be where it is: so tall that every control of the
 * composer (its Post button, its toolbar, a dialog's close button) stays in
 * view and can be clicked, and the panel itself stays in view; the panel
 * scrolls inside its frame beyond that (see content/panel.js).
 *
 * The panel sits in the composer's flow (after the editor), so a taller panel
 * pushes down what follows it. Two cases:
 *
 * - In a dialog or anything else that does not scroll with the page (an
 *   ancestor with `position: fixed`, or a modal `<dialog>`): the user cannot
 *   scroll the page to reach a control pushed out of the dialog's visible box.
 *   The panel gives up as much height as its lowest control (or the panel
 *   itself) reaches past the bottom of its visible box (the viewport cut by
 *   the scrolling boxes around it), or its highest control past the top (a
 *   dialog centred in the window grows both ways).
 * - In the page's flow (X's timeline composer, LinkedIn's comment box): the
 *   whole composer (from its top to its lowest control) fits the window's
 *   height, wherever the page is scrolled.
 *
 * Only the page's layout is read (boxes and computed styles), never the
 * hints: what the page can see of the panel's host (its height) says no more
 * about the hints than it did before (see content/panel.js).
 */

/** Room kept free between a control and the edge of the window (px). */
export const EDGE = 8;
/** The panel never gets smaller than this (px): a header and a line of a hint. */
export const MIN_PANEL = 120;
/** How far up from the panel the composer's controls are looked for (ancestors). */
const MAX_LEVELS = 10;
/** Most elements looked at for controls in one measurement (a huge page is not walked whole twice a second). */
const MAX_ELEMENTS = 5000;

/** The composed parent: across shadow roots to their hosts. @param {Node} node */
function composedParent(node) {
  if (node.parentElement) return node.parentElement;
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** The composed ancestors of `node`, nearest first (elements only). @param {Node} node */
function ancestors(node) {
  const out = [];
  for (let n = composedParent(node); n; n = composedParent(n)) out.push(n);
  return out;
}

/** True for an element that does not scroll with the page. @param {Element} el */
function isFixed(el) {
  const style = getComputedStyle(el);
  if (style.position === "fixed") return true;
  return el.localName === "dialog" && el.matches(":modal");
}

/** True for an element that cuts its content (scrolls or hides overflow). @param {Element} el */
function clips(el) {
  const style = getComputedStyle(el);
  return style.overflowY !== "visible" || style.overflowX !== "visible";
}

/**
 * The part of the window in which `el` can be seen whole: the viewport less
 * EDGE on each side, cut by each box around it that clips its content and
 * holds more than it shows (their inner boxes, without scroll bars). A box
 * that still grows with its content cuts nothing off, and is passed over.
 * @param {Element} el
 * @returns {{top: number, bottom: number}}
 */
export function visibleBox(el) {
  const view = el.ownerDocument.defaultView;
  let top = EDGE;
  let bottom = view.innerHeight - EDGE;
  for (const a of ancestors(el)) {
    if (a === el.ownerDocument.documentElement || a === el.ownerDocument.body || !clips(a)) continue;
    if (a.scrollHeight <= a.clientHeight + 1) continue;
    const box = a.getBoundingClientRect();
    const inner = box.top + a.clientTop;
    top = Math.max(top, inner);
    bottom = Math.min(bottom, inner + a.clientHeight);
  }
  return { top, bottom };
}

/** True for a control a user can see (not postcheck's own). @param {Element} el */
function isShownControl(el) {
  if (el.closest("[data-postcheck]")) return false;
  if (typeof el.checkVisibility === "function" && !el.checkVisibility({ checkVisibilityCSS: true })) return false;
  const box = el.getBoundingClientRect();
  return box.width > 0 && box.height > 0;
}

/**
 * The visible controls (buttons) in `container`, looking into open shadow
 * roots, except postcheck's own; at most MAX_ELEMENTS elements are looked at.
 * @param {Element} container
 */
function controlsIn(container) {
  const out = [];
  let budget = MAX_ELEMENTS;
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (--budget < 0) return;
      if (el.matches('button, [role="button"], input[type="submit"]') && isShownControl(el)) out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(container);
  if (container.shadowRoot) walk(container.shadowRoot);
  return out;
}

/**
 * The composer around the panel: the nearest ancestor of `host` that holds a
 * visible control below the panel (its toolbar or Post button), and
 * those controls; inside a dialog, the dialog and all its controls.
 * @param {Element} host
 * @returns {{box: Element | null, fixed: boolean, controls: Element[]}}
 */
function composerAround(host) {
  const chain = ancestors(host);
  const fixedAt = chain.findIndex(isFixed);
  if (fixedAt >= 0) {
    const dialog = chain.slice(0, fixedAt + 1).find((a) => a.localName === "dialog" || a.getAttribute("role") === "dialog") ?? chain[fixedAt];
    return { box: dialog, fixed: true, controls: controlsIn(dialog) };
  }
  const below = host.getBoundingClientRect().bottom - 1;
  for (const a of chain.slice(0, MAX_LEVELS)) {
    if (a === host.ownerDocument.body || a === host.ownerDocument.documentElement) break;
    const after = controlsIn(a).filter((c) => c.getBoundingClientRect().top >= below);
    if (after.length) return { box: a, fixed: false, controls: after };
  }
  return { box: null, fixed: false, controls: [] };
}

/**
 * How many pixels the panel's frame is too tall where it is now (0 when it
 * fits): in a dialog, how far its lowest control (or the panel itself) reaches
 * past the bottom of its visible box, or its highest control past the top;
 * in the page's flow, how much taller the composer (from its top to its
 * lowest control below the panel) is than the window.
 * @param {Element} host the panel's host, shown in the page
 * @returns {number}
 */
export function overflowOf(host) {
  const view = host.ownerDocument.defaultView;
  const hostBox = host.getBoundingClientRect();
  const { box, fixed, controls } = composerAround(host);
  let over;
  if (fixed) {
    over = hostBox.bottom - visibleBox(host).bottom;
    for (const control of controls) {
      const seen = visibleBox(control);
      const r = control.getBoundingClientRect();
      over = Math.max(over, r.bottom - seen.bottom, seen.top - r.top);
    }
  } else {
    const top = box ? Math.min(box.getBoundingClientRect().top, hostBox.top) : hostBox.top;
    const bottom = Math.max(hostBox.bottom, ...controls.map((c) => c.getBoundingClientRect().bottom));
    over = bottom - top - (view.innerHeight - 2 * EDGE);
  }
  return Math.max(0, Math.ceil(over));
}
