/**
 * One composer on the page: its editor, its "Check my draft" button, its panel
 * and its highlights. Reads the draft, never writes it.
 */
import { ask } from "../shared/browser-api.js";
import { el } from "../shared/hint-list.js";
import { t } from "../shared/i18n.js";
import { clearHighlights, setHighlights } from "./highlights.js";
import { Panel } from "./panel.js";
import { buttonStyle } from "./styles.js";
import { buildTextModel, domSpan } from "./text-model.js";

/** Composers with an open panel, most recent last (Escape closes the last). */
export const openComposers = [];

export class Composer {
  /**
   * @param {import("./sites/site.js").Site} site
   * @param {Element} editor the contenteditable element
   */
  constructor(site, editor) {
    this.site = site;
    this.editor = editor;
    const doc = editor.ownerDocument;
    this.bar = el(doc, "div", { "data-postcheck": "bar" });
    Object.assign(this.bar.style, { display: "block" });
    this.button = el(doc, "button", { type: "button", "data-postcheck": "check" }, t("checkMyDraft"));
    Object.assign(this.button.style, buttonStyle);
    // The editor keeps focus (X commits thread text on blur).
    this.button.addEventListener("mousedown", (event) => event.preventDefault());
    this.button.addEventListener("click", (event) => {
      event.preventDefault();
      event.stopPropagation();
      this.check();
    });
    this.bar.append(this.button);
    this.panel = null;
    this.result = null;
    this.observer = null;
    this.refreshTimer = 0;
    this.requestId = 0;
  }

  /** Puts the button (and an open panel) after the editor's frame, again if the page removed them. */
  ensureAttached() {
    const anchor = this.site.anchorOf(this.editor);
    if (this.bar.previousElementSibling !== anchor || !this.bar.isConnected) anchor.after(this.bar);
    if (this.panel?.isOpen && this.panel.host.previousElementSibling !== this.bar) this.bar.after(this.panel.host);
  }

  /** Reads the draft, has it checked and shows the result with highlights. */
  async check() {
    const requestId = ++this.requestId;
    const model = buildTextModel(this.editor, this.site.modelKind(this.editor));
    const panel = this.openPanel();
    panel.showLoading();
    const media = this.site.mediaOf(this.editor);
    // Lone surrogates (a page can put unpaired UTF-16 into an editor) become U+FFFD,
    // one code unit each: the engine's UTF-16 spans still index this model's text.
    const text = model.text.toWellFormed();
    const answer = await ask({ kind: "check", text, platform: this.site.platform, media });
    if (requestId !== this.requestId || !panel.isOpen) return;
    if (!answer?.ok) {
      this.result = null;
      clearHighlights(this);
      panel.showError(answer?.error);
      return;
    }
    try {
      panel.showResult(answer.result, answer.notice ?? null);
      this.result = answer.result;
      this.refreshHighlights();
    } catch (e) {
      this.result = null;
      clearHighlights(this);
      panel.showError({ code: "other", message: String(e?.message ?? e) });
    }
  }

  /** Opens the panel (or returns the open one), inside the composer's dialog, next to the button. */
  openPanel() {
    if (!this.panel) this.panel = new Panel(this.editor.ownerDocument, () => this.closePanel());
    this.ensureAttached();
    this.panel.mountAfter(this.bar);
    const i = openComposers.indexOf(this);
    if (i >= 0) openComposers.splice(i, 1);
    openComposers.push(this);
    this.watchEditor();
    return this.panel;
  }

  /**
   * Highlights the excerpts of the current result. The model is rebuilt first and
   * a passage is highlighted only if the text at its span is still the excerpt.
   */
  refreshHighlights() {
    if (!this.result || !this.panel?.isOpen) return;
    const model = buildTextModel(this.editor, this.site.modelKind(this.editor));
    const doc = this.editor.ownerDocument;
    const marks = [];
    for (const hint of this.result.hints) {
      if (hint.end <= hint.start) continue;
      // The excerpt was cut from the well-formed text (see check()).
      if (model.text.slice(hint.start, hint.end).toWellFormed() !== hint.excerpt) continue;
      const span = domSpan(model, hint.start, hint.end);
      if (!span) continue;
      const range = doc.createRange();
      range.setStart(span.start.node, span.start.offset);
      range.setEnd(span.end.node, span.end.offset);
      marks.push({ range, level: hint.level });
    }
    setHighlights(this, marks, this.site.dialogOf(this.editor) ?? this.bar.parentElement ?? doc.body);
  }

  /** While the panel is open, edits re-validate the highlights (stale passages lose theirs). */
  watchEditor() {
    if (this.observer) return;
    const win = this.editor.ownerDocument.defaultView;
    this.observer = new MutationObserver(() => {
      win.clearTimeout(this.refreshTimer);
      this.refreshTimer = win.setTimeout(() => this.refreshHighlights(), 120);
    });
    this.observer.observe(this.editor, { childList: true, subtree: true, characterData: true });
  }

  /** Closes the panel and removes the highlights. */
  closePanel() {
    this.requestId++;
    this.panel?.remove();
    this.result = null;
    this.observer?.disconnect();
    this.observer = null;
    clearHighlights(this);
    const i = openComposers.indexOf(this);
    if (i >= 0) openComposers.splice(i, 1);
  }

  /** Removes everything postcheck added for this composer. */
  destroy() {
    this.closePanel();
    this.panel = null;
    this.bar.remove();
  }
}
