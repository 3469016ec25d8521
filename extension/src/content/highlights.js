/**
 * Draws the hint passages over the editor without touching it: boxes from
 * `Range.getClientRects()`, inside postcheck's own host element with a CLOSED
 * shadow root, ignoring the pointer.
 *
 * Why not the CSS Custom Highlight API: its registry (`CSS.highlights`) is per
 * document, shared with the page, and lists every highlight with its ranges,
 * so the site's scripts could read which words of a draft were flagged, and at
 * which level. The boxes here are out of their reach: the shadow root is
 * closed (no `shadowRoot`, no query reaches inside), the host's style and box
 * never change (fixed, the whole viewport, `contain: strict`, so the boxes
 * move nothing around them), and it ignores the pointer (hit tests such as
 * `elementsFromPoint` pass through it). The host is mounted and removed with
 * the panel host, never on its own, so its presence says no more than the
 * panel's.
 *
 * The boxes follow the text: they are drawn again (once per animation frame
 * at most) on scroll (of the page or of any inner container), on resize of
 * the window, the editor or the panel, and when the composer sets new marks
 * after an edit.
 */
import { markStyle } from "./styles.js";

/** The host's style: the same whatever it shows. */
const HOST_STYLE = {
  display: "block",
  position: "fixed",
  inset: "0",
  width: "auto",
  height: "auto",
  margin: "0",
  padding: "0",
  border: "0",
  overflow: "hidden",
  contain: "strict",
  pointerEvents: "none",
  background: "transparent",
  zIndex: "2147483646",
};

/** What an emphasised passage adds to its boxes (the user is on its card or in it). */
const EMPHASIS_STYLE = { outline: "2px solid currentColor", outlineOffset: "1px", color: "#1a1a1a" };

/** The boxes of one composer's marks. */
export class Overlay {
  /**
   * @param {Document} doc
   * @param {() => boolean} shown true while the marks may be drawn (the panel is really visible)
   */
  constructor(doc, shown) {
    this.shown = shown;
    this.host = doc.createElement("div");
    this.host.setAttribute("data-postcheck", "overlay");
    this.host.setAttribute("aria-hidden", "true");
    Object.assign(this.host.style, HOST_STYLE);
    this.root = this.host.attachShadow({ mode: "closed" });
    /** @type {{range: Range, level: string, hint?: number}[]} */
    this.marks = [];
    /** The hint whose boxes are emphasised (the user is on its card or in its passage), or null. */
    this.emphasised = null;
    /** The boxes drawn last, as a string (nothing is redrawn when it is the same). */
    this.drawn = "";
    this.frame = 0;
    this.win = doc.defaultView;
    this.schedule = () => {
      if (this.frame) return;
      this.frame = this.win.requestAnimationFrame(() => {
        this.frame = 0;
        this.draw();
      });
    };
    this.resizeObserver = new ResizeObserver(this.schedule);
    this.listening = false;
    /** The site's theme (content/theme.js): the boxes' colours follow it. */
    this.theme = "light";
  }

  /** Draws the boxes in the colours of `theme` ("light" or "dark") from now on. @param {string} theme */
  setTheme(theme) {
    this.theme = theme;
    this.drawn = "";
    this.schedule();
  }

  /**
   * Replaces the marks and draws them.
   * @param {{range: Range, level: string}[]} marks
   * @param {Element[]} watched elements whose size changes move the marks (the editor, the panel)
   */
  set(marks, watched = []) {
    this.marks = marks;
    if (!marks.some((m) => m.hint === this.emphasised)) this.emphasised = null;
    this.resizeObserver.disconnect();
    if (marks.length > 0) {
      for (const el of watched) this.resizeObserver.observe(el);
      this.listen(true);
    } else {
      this.listen(false);
    }
    this.draw();
  }

  /**
   * Emphasises the boxes of one hint's passage (null: none).
   * @param {number | null} hint
   */
  emphasise(hint) {
    if (hint === this.emphasised) return;
    this.emphasised = hint;
    this.draw();
  }

  /** Removes every mark. */
  clear() {
    this.set([]);
  }

  /** Follows scrolling (of anything: capture) and resizing while there are marks. */
  listen(on) {
    if (on === this.listening) return;
    this.listening = on;
    const method = on ? "addEventListener" : "removeEventListener";
    this.win[method]("scroll", this.schedule, { capture: true, passive: true });
    this.win[method]("resize", this.schedule, { passive: true });
  }

  /** Draws a box per line fragment of every mark (none while the panel is not really shown). */
  draw() {
    const rects = [];
    if (this.marks.length > 0 && this.host.isConnected && this.shown()) {
      const origin = this.host.getBoundingClientRect();
      for (const [mark, { range, level, hint }] of this.marks.entries()) {
        const strong = hint !== undefined && hint === this.emphasised;
        for (const r of range.getClientRects()) {
          if (r.width > 0 && r.height > 0) rects.push({ mark, level, strong, left: r.left - origin.left, top: r.top - origin.top, width: r.width, height: r.height });
        }
      }
    }
    const key = JSON.stringify(rects);
    if (key === this.drawn) return;
    this.drawn = key;
    const doc = this.host.ownerDocument;
    const boxes = rects.map((r) => {
      const box = doc.createElement("div");
      box.setAttribute("data-mark", String(r.mark));
      box.setAttribute("data-level", r.level);
      if (r.strong) box.setAttribute("data-emphasis", "true");
      Object.assign(box.style, {
        position: "absolute",
        left: `${r.left}px`,
        top: `${r.top}px`,
        width: `${r.width}px`,
        height: `${r.height}px`,
        ...markStyle(r.level, this.theme),
        ...(r.strong ? EMPHASIS_STYLE : {}),
        boxSizing: "border-box",
      });
      return box;
    });
    this.root.replaceChildren(...boxes);
  }

  /** Puts the host right after `anchor` (the panel host) if it is not there. @param {Element} anchor */
  mountAfter(anchor) {
    if (this.host.previousElementSibling !== anchor || !this.host.isConnected) anchor.after(this.host);
  }

  /** Takes the host out of the page for good. */
  remove() {
    this.marks = [];
    this.listen(false);
    this.resizeObserver.disconnect();
    if (this.frame) this.win.cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.host.remove();
  }
}
