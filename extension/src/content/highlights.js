/**
 * Draws the hint passages in the editor without touching it: the CSS Custom
 * Highlight API (`CSS.highlights`), with a fallback overlay of boxes from
 * `Range.getClientRects()` where the API is missing.
 *
 * `CSS.highlights.get("postcheck")` holds one Range per highlighted excerpt of
 * every open panel; `postcheck-important`, `postcheck-consider`, `postcheck-note`
 * hold them by level (for colours).
 */
import { LEVELS } from "../shared/hint-list.js";
import { highlightCss } from "./styles.js";

export const HIGHLIGHT = "postcheck";

/** Ranges by owner (one owner per open panel). @type {Map<object, {range: Range, level: string}[]>} */
const owners = new Map();
/** Fallback overlays by owner. @type {Map<object, Overlay>} */
const overlays = new Map();
/** Shadow roots that already carry the highlight styles. */
const styledRoots = new WeakSet();

const supported = () => typeof CSS !== "undefined" && CSS.highlights && typeof Highlight === "function";

/**
 * Sets the highlighted ranges of one owner (replacing its previous ones).
 * @param {object} owner
 * @param {{range: Range, level: string}[]} marks
 * @param {Element} overlayParent where a fallback overlay may be mounted
 */
export function setHighlights(owner, marks, overlayParent) {
  if (marks.length === 0) owners.delete(owner);
  else owners.set(owner, marks);
  for (const { range } of marks) styleRootOf(range.startContainer);
  if (supported()) {
    publish();
  } else {
    overlays.get(owner)?.remove();
    overlays.delete(owner);
    if (marks.length > 0) overlays.set(owner, new Overlay(marks, overlayParent));
  }
}

/** Removes the highlights of one owner. */
export function clearHighlights(owner) {
  setHighlights(owner, [], null);
}

/** Rebuilds the registered highlights from every owner's ranges. */
function publish() {
  const all = [...owners.values()].flat();
  const register = (name, marks) => {
    if (marks.length === 0) CSS.highlights.delete(name);
    else CSS.highlights.set(name, new Highlight(...marks.map((m) => m.range)));
  };
  register(HIGHLIGHT, all);
  for (const level of LEVELS) register(`${HIGHLIGHT}-${level}`, all.filter((m) => m.level === level));
}

/**
 * Puts the `::highlight()` rules into the shadow root holding `node` (Firefox does
 * not let document styles reach highlights inside shadow trees). The document itself
 * gets them from the extension's content stylesheet.
 */
function styleRootOf(node) {
  const root = node.getRootNode?.();
  if (!root || root.nodeType !== 11 || styledRoots.has(root)) return;
  styledRoots.add(root);
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(highlightCss);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = root.ownerDocument.createElement("style");
    style.setAttribute("data-postcheck", "highlight-style");
    style.textContent = highlightCss;
    root.append(style);
  }
}

/**
 * Fallback: boxes over the passages, in postcheck's own (closed) shadow host, ignoring the
 * pointer, recomputed on scroll and resize.
 */
class Overlay {
  constructor(marks, parent) {
    this.marks = marks;
    const doc = parent.ownerDocument;
    this.host = doc.createElement("div");
    this.host.setAttribute("data-postcheck", "overlay");
    Object.assign(this.host.style, { position: "fixed", inset: "0", pointerEvents: "none", zIndex: "2147483646" });
    this.shadow = this.host.attachShadow({ mode: "closed" });
    parent.append(this.host);
    this.redraw = () => this.draw();
    doc.defaultView.addEventListener("scroll", this.redraw, { capture: true, passive: true });
    doc.defaultView.addEventListener("resize", this.redraw, { passive: true });
    this.draw();
  }

  draw() {
    const doc = this.host.ownerDocument;
    const origin = this.host.getBoundingClientRect();
    const boxes = [];
    for (const { range, level } of this.marks) {
      for (const r of range.getClientRects()) {
        const box = doc.createElement("div");
        Object.assign(box.style, {
          position: "absolute",
          left: `${r.left - origin.left}px`,
          top: `${r.top - origin.top}px`,
          width: `${r.width}px`,
          height: `${r.height}px`,
          background: level === "important" ? "rgba(220, 38, 38, 0.22)" : "rgba(234, 179, 8, 0.28)",
          borderBottom: "2px solid rgba(180, 83, 9, 0.9)",
        });
        boxes.push(box);
      }
    }
    this.shadow.replaceChildren(...boxes);
  }

  remove() {
    const win = this.host.ownerDocument.defaultView;
    win.removeEventListener("scroll", this.redraw, { capture: true });
    win.removeEventListener("resize", this.redraw);
    this.host.remove();
  }
}
