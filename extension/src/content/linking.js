/**
 * Links between the flagged passages in the editor and the cards in the panel.
 *
 * - Passage → card: the user's own click in the editor, or a key that moves
 *   the caret (trusted `click` and `keyup` on the editor), with the caret
 *   inside a flagged passage: the panel scrolls to that passage's card and
 *   marks it (inside the panel's frame: the page sees nothing of it). The
 *   highlight boxes ignore the pointer (the click goes to the editor, which
 *   keeps the focus and the caret).
 * - Card → passage: the user focuses a card (keyboard) or points at it in the
 *   panel: its passage's boxes are emphasised (inside the overlay's closed
 *   root: the page sees nothing of it); on focus, the passage is also scrolled
 *   into view if it is out of sight (the one thing the page could notice,
 *   only ever after the user's own move in the panel).
 */
import { panelState } from "../shared/protocol.js";

/** Keys that move the caret. */
const CARET_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"]);

export class Linker {
  /** @param {import("./composer.js").Composer} composer */
  constructor(composer) {
    this.composer = composer;
    this.editor = composer.editor;
    this.onCaret = (event) => {
      if (!event.isTrusted) return;
      if (event.type === "keyup" && !CARET_KEYS.has(event.key)) return;
      this.caretMoved();
    };
    this.editor.addEventListener("click", this.onCaret);
    this.editor.addEventListener("keyup", this.onCaret);
  }

  /** The caret (or the start of the selection) in the editor, or null. */
  caret() {
    const doc = this.editor.ownerDocument;
    const root = /** @type {any} */ (this.editor.getRootNode());
    // Inside a shadow root, Chromium's own selection of it (Quill in LinkedIn's).
    const selection = (typeof root.getSelection === "function" ? root.getSelection() : null) ?? doc.getSelection();
    if (!selection || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    return this.editor.contains(range.startContainer) ? { node: range.startContainer, offset: range.startOffset } : null;
  }

  /** The caret moved: the card of the passage it is in (if any) is shown. */
  caretMoved() {
    const panel = this.composer.panel;
    if (!panel || !panel.isOpen) return;
    const at = this.caret();
    if (!at) return;
    const mark = panel.overlay.marks.find(({ range }) => {
      try {
        return range.comparePoint(at.node, at.offset) === 0;
      } catch {
        return false;
      }
    });
    if (!mark || !Number.isInteger(mark.hint)) return;
    panel.overlay.emphasise(mark.hint);
    panel.post(panelState.current(mark.hint));
  }

  /**
   * The user focused, pointed at or left a card in the panel.
   * @param {number} index the hint's index in the answer shown
   * @param {"focus" | "hover" | "leave"} how
   */
  fromCard(index, how) {
    const panel = this.composer.panel;
    if (!panel) return;
    if (how === "leave") {
      panel.overlay.emphasise(null);
      return;
    }
    const mark = panel.overlay.marks.find((m) => m.hint === index);
    if (!mark) return;
    panel.overlay.emphasise(index);
    if (how === "focus") revealRange(mark.range);
  }

  destroy() {
    this.editor.removeEventListener("click", this.onCaret);
    this.editor.removeEventListener("keyup", this.onCaret);
  }
}

/**
 * Scrolls the passage into view, only when it is out of sight (of the window).
 * @param {Range} range
 */
function revealRange(range) {
  const box = range.getBoundingClientRect();
  const win = range.startContainer.ownerDocument?.defaultView;
  if (!win || (box.top >= 0 && box.bottom <= win.innerHeight)) return;
  const el = range.startContainer.nodeType === 1 ? /** @type {Element} */ (range.startContainer) : range.startContainer.parentElement;
  el?.scrollIntoView({ block: "center", inline: "nearest" });
}
