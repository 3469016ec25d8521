/**
 * One composer on the page: its editor, its "Check my draft" button, its panel
 * and its highlights. Reads the draft; writes it only to make a hint's fix
 * the user clicked Apply for in the panel (see apply-fix.js).
 *
 * Only the user starts a check: a click on the button, or the keyboard
 * shortcut, that the browser marks as the user's (`isTrusted`), on a composer
 * whose editor the user has pressed a key or the pointer in, or typed,
 * pasted or dropped into (see user-input.js: the page's own `focus()` and
 * `execCommand()` do not count). Synthetic events of the page (clicks,
 * pointer and key events, Escape) are ignored, so an editor the page makes
 * and fills itself is never checked. The user's click on an editor not used
 * yet (a clickjacked button, or a draft restored before postcheck ran) opens
 * the panel with a request to click into the draft first, and checks nothing.
 */
import { ask } from "../shared/browser-api.js";
import { el, mergeHints, sameHintKey } from "../shared/hint-list.js";
import { t } from "../shared/i18n.js";
import { ERROR, panelState, request, shortcutOf } from "../shared/protocol.js";
import { deepActiveElement, isVisible } from "./dom.js";
import { applyFix, NOT_APPLIED } from "./apply-fix.js";
import { Panel } from "./panel.js";
import { buttonStyle } from "./styles.js";
import { buildTextModel, domSpan } from "./text-model.js";
import { USER_INPUT_EVENTS, usedByUser } from "./user-input.js";
import { CountBadge, Debouncer, EDIT_EVENTS, NotHere, RECHECK_BUSY_RETRY_MS, RECHECK_PAUSE_MS } from "./recheck.js";
import { Linker } from "./linking.js";

/** Composers with an open panel, most recent last (Escape closes the last). */
export const openComposers = [];

/** How long an answer asked for on pointerdown may serve the click that follows (ms). */
const EARLY_ANSWER_MS = 5000;

/** A check not answered after this long shows the panel with "Checking…" (ms). */
const SHOW_CHECKING_AFTER_MS = 50;

/** Least time between two warm-ups of the worker from this page (ms). */
const WARM_EVERY_MS = 20_000;
let lastWarm = -Infinity;

/**
 * The keyboard shortcut that checks the draft (the `check-draft` command), as
 * the worker's last `warm` answer named it (see shortcutOf in protocol.js):
 * null until then, and when none is set.
 * @type {{label: string, aria: string | null} | null}
 */
let shortcut = null;

/** Every composer of the page (their buttons show the shortcut). @type {Set<Composer>} */
const composers = new Set();

/**
 * Wakes the worker (the browser stops it when idle) so that it loads the engine
 * and builds the pack while the composer is being used, not after the click.
 * Sends no draft; at most once per WARM_EVERY_MS from a page.
 */
function warmWorker() {
  const now = performance.now();
  // A page in the background cannot be clicked; it does not keep the worker awake.
  if (now - lastWarm < WARM_EVERY_MS || document.visibilityState !== "visible") return;
  lastWarm = now;
  ask(request.warm()).then((reply) => {
    // Unanswered (the worker was stopped): the buttons keep what they show.
    if (!reply?.ok) return;
    shortcut = shortcutOf(reply);
    for (const composer of composers) composer.showShortcut();
  });
}

/**
 * @typedef {object} Draft the draft as read now
 * @property {import("./text-model.js").TextModel} model its text model (kept until the editor changes)
 * @property {import("../shared/protocol.js").CheckRequest} question the check of it: the model's text,
 *   well-formed (unit for unit, so the engine's spans index the model), the platform and the media
 */

/**
 * True when two check messages ask the same (same draft, platform and media).
 * @param {{text: string, platform: string, media: string[]}} a
 * @param {{text: string, platform: string, media: string[]}} b
 */
export function sameQuestion(a, b) {
  return a.text === b.text && a.platform === b.platform && a.media.length === b.media.length && a.media.every((m, i) => m === b.media[i]);
}

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
    this.onUserInput = (event) => {
      if (event.isTrusted) this.prepare();
    };
    for (const type of USER_INPUT_EVENTS) editor.addEventListener(type, this.onUserInput, true);
    // The question goes to the worker when the button is pressed; the click (on
    // release) takes that answer if the draft is still the same.
    this.button.addEventListener("pointerdown", (event) => {
      if (event.button === 0 && event.isPrimary && this.pressedByUser(event)) this.askEarly();
    });
    this.button.addEventListener("click", (event) => {
      event.preventDefault();
      event.stopPropagation();
      if (this.pressedByUser(event)) this.check();
    });
    // The panel's frame loads, and the worker wakes, ahead of the first check,
    // once the composer is about to be used: the user presses a key or the
    // pointer in the editor, or the editor gets the focus after that, or the
    // pointer comes to the button.
    this.prepare = () => {
      if (!this.usedByUser) return;
      this.preparePanel();
      warmWorker();
    };
    this.onPointerEnter = (event) => {
      if (event.isTrusted) this.preparePanel();
    };
    this.onFocusIn = (event) => {
      if (event.isTrusted) this.prepare();
    };
    this.button.addEventListener("pointerenter", this.onPointerEnter);
    editor.addEventListener("focusin", this.onFocusIn);
    // Typing keeps the worker awake (the browser stops it after 30 s without a
    // message), so that a long draft does not meet a stopped worker at the click.
    this.onInput = (event) => {
      if (event.isTrusted && this.usedByUser) warmWorker();
    };
    editor.addEventListener("input", this.onInput);
    // Where the caret was when the editor lost the focus (put back when the
    // panel is closed by keyboard from inside: see closeFromPanel).
    /** @type {Range | null} */
    this.caret = null;
    this.onFocusOut = () => {
      const selection = this.editor.ownerDocument.getSelection();
      const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
      this.caret = range && this.editor.contains(range.startContainer) && this.editor.contains(range.endContainer) ? range.cloneRange() : null;
    };
    editor.addEventListener("focusout", this.onFocusOut);
    this.bar.append(this.button);
    this.setupRecheck();
    this.showShortcut();
    composers.add(this);
    /** @type {Panel | null} */
    this.panel = null;
    this.result = null;
    /**
     * The text model of the draft as last read, kept until the editor changes
     * (the observer drops it): the check, its highlights and their checks
     * against the excerpts all use this one. @type {import("./text-model.js").TextModel | null}
     */
    this.model = null;
    this.observer = null;
    this.refreshTimer = 0;
    this.requestId = 0;
    /** The check asked for on pointerdown: its answer, and the answer itself once in. */
    /** @type {{question: any, answer: Promise<any>, at: number, value?: any} | null} */
    this.early = null;
    /** @type {import("../shared/protocol.js").CheckRequest | null} */
    this.asked = null;
  }

  /**
   * Re-check, "not here", the count on the button and the links between
   * passages and cards (see recheck.js and linking.js).
   */
  setupRecheck() {
    this.badge = new CountBadge(this.button.ownerDocument);
    this.button.append(this.badge.host);
    this.notHere = new NotHere();
    /** The question of the answer shown last (a re-check of the same draft is skipped). */
    this.checkedQuestion = null;
    this.recheck = new Debouncer(RECHECK_PAUSE_MS, () => this.recheckNow());
    this.onEdit = (event) => {
      if (!event.isTrusted) return;
      if (openComposers.includes(this)) this.recheck.poke();
      else if (event.type !== "keydown") this.badge.set(null);
    };
    for (const type of EDIT_EVENTS) this.editor.addEventListener(type, this.onEdit, true);
    // "Not here" lasts until the draft is emptied (posted, cleared), checked or not.
    this.onEmptied = () => {
      if (this.editor.textContent.replace(/[\s\u200b\ufeff]/gu, "") === "") this.notHere.clear();
    };
    this.editor.addEventListener("input", this.onEmptied);
    this.linker = new Linker(this);
  }

  /**
   * The pause after the user's edits is over: the draft is checked again if it
   * changed since the answer shown, and the panel shows the new answer (the
   * one shown stays until then: no "Checking…").
   */
  async recheckNow() {
    if (!openComposers.includes(this) || !this.usedByUser) return;
    const { question } = this.readDraft();
    if (this.checkedQuestion && sameQuestion(this.checkedQuestion, question)) return;
    const requestId = ++this.requestId;
    const answer = await ask(question);
    if (requestId !== this.requestId || !openComposers.includes(this)) return;
    if (answer?.ok === false && answer.error?.code === ERROR.BUSY) {
      // The worker's rate limit: the answer shown stays, and the re-check comes a little later.
      this.recheck.poke(RECHECK_BUSY_RETRY_MS);
      return;
    }
    this.show(answer, question);
  }

  /** A dismissal or a card focused in the panel (checked by Panel.fromFrame). */
  onPanelAction(data) {
    if (data.type === "dismiss") this.dismiss(data.index, data.scope);
    else if (data.type === "hint-focus") this.linker.fromCard(data.index, data.how);
  }

  /**
   * Dismisses the hint `index` of the answer shown: `here` (this draft, in
   * memory) or `again` (the worker keeps this rule for this passage, without
   * the draft). It leaves the panel, the highlights and the count at once.
   * @param {number} index
   * @param {"here" | "again"} scope
   */
  async dismiss(index, scope) {
    const hint = this.result?.hints?.[index];
    if (!hint || !this.answerShown) return;
    // The panel shows identical hints as one card (hint-list.js): all of them go.
    const key = sameHintKey(hint);
    const same = this.result.hints.filter((h) => sameHintKey(h) === key);
    if (scope === "again") {
      // "Not again" is per passage: one for each passage of the card.
      const passages = same.filter((h, i) => same.findIndex((o) => o.excerpt === h.excerpt) === i);
      for (const h of passages) {
        const stored = await ask(request.dismiss(h));
        if (!stored?.ok) return;
      }
    } else {
      for (const h of same) this.notHere.add(h);
    }
    const hints = this.result.hints.filter((h) => !same.includes(h));
    this.show({ ...this.answerShown, result: { ...this.answerShown.result, hints } }, this.checkedQuestion, false);
  }

  /**
   * True when `event` (a click or pointerdown on the button) is the user's own
   * press on the button as shown: trusted, the button really visible (not
   * hidden nor transparent), and either the point pressed is on the button (a
   * `<label>` the page wraps around it forwards clicks from anywhere in it,
   * trusted too: those are refused) or, for a key press, the button has the focus.
   * @param {MouseEvent} event
   */
  pressedByUser(event) {
    if (!event.isTrusted || !isVisible(this.button)) return false;
    if (event.type === "click" && event.detail === 0 && event.clientX === 0 && event.clientY === 0) {
      return deepActiveElement(this.button.ownerDocument) === this.button;
    }
    const root = /** @type {Document | ShadowRoot} */ (this.button.getRootNode());
    const hit = typeof root.elementFromPoint === "function" ? root.elementFromPoint(event.clientX, event.clientY) : null;
    return hit !== null && this.button.contains(hit);
  }

  /**
   * Names the keyboard shortcut on the button, in its tooltip and in
   * `aria-keyshortcuts`: nothing when none is set (the page can read these
   * two attributes, as anything in its DOM, and nothing more of it).
   */
  showShortcut() {
    if (shortcut) this.button.title = t("checkMyDraftShortcut", [shortcut.label]);
    else this.button.removeAttribute("title");
    if (shortcut?.aria) this.button.setAttribute("aria-keyshortcuts", shortcut.aria);
    else this.button.removeAttribute("aria-keyshortcuts");
  }

  /** True once the user has used this composer's editor (see user-input.js). */
  get usedByUser() {
    return usedByUser(this.editor);
  }

  /** Puts the button (and the panel, shown or not) after the editor's frame, again if the page removed them. */
  ensureAttached() {
    const anchor = this.site.anchorOf(this.editor);
    if (this.bar.previousElementSibling !== anchor || !this.bar.isConnected) anchor.after(this.bar);
    this.panel?.mountAfter(this.bar);
  }

  /** Makes the panel (hidden) and lets its frame load, if not done yet. */
  preparePanel() {
    if (!this.panel) {
      this.panel = new Panel(this.editor.ownerDocument, (hadFocus) => this.closeFromPanel(hadFocus), (index) => this.applyFix(index));
      this.panel.onAction = (data) => this.onPanelAction(data);
      this.ensureAttached();
    }
    return this.panel;
  }

  /**
   * The draft as it is now: the kept text model, read anew only if the editor
   * changed since (from here on the editor is watched, see watchEditor), and
   * the check of it (the media, outside the editor, are read each time).
   * @returns {Draft}
   */
  readDraft() {
    this.watchEditor();
    // A title published with the draft (LinkedIn articles) is read each time: it is not in the watched editor.
    const title = this.site.titleOf?.(this.editor) ?? null;
    if (this.model && this.model.title !== (title ?? "")) this.model = null;
    this.model ??= buildTextModel(this.editor, this.site.modelKind(this.editor), title);
    return { model: this.model, question: request.check(this.model.text, this.site.platform, this.site.mediaOf(this.editor)) };
  }

  /** Asks the worker now (the button is pressed); the click that follows takes the answer. */
  askEarly() {
    if (!this.usedByUser) return;
    this.preparePanel();
    const { question } = this.readDraft();
    const early = { question, answer: null, at: performance.now(), value: undefined };
    early.answer = ask(question).then((answer) => (early.value = answer));
    this.early = early;
  }

  /**
   * Reads the draft, has it checked and shows the result with highlights; only
   * for an editor the user has used (see the module's comment).
   */
  async check() {
    if (!this.usedByUser) {
      // Nothing is checked; the panel asks the user to click into the draft (the same for any draft).
      this.requestId++;
      this.result = null;
      this.answerShown = null;
      this.badge.set(null);
      this.early = null;
      this.panel?.setMarks([], []);
      this.preparePanel().showUseEditorFirst();
      this.openPanel();
      return;
    }
    const requestId = ++this.requestId;
    const { question } = this.readDraft();
    /** The question of the last check (its answer is `result` once shown): see shortcut. */
    this.asked = question;
    const early = this.early;
    this.early = null;
    const fresh = early && performance.now() - early.at < EARLY_ANSWER_MS && sameQuestion(early.question, question);
    if (fresh && early.value !== undefined) {
      // Answered while the button was pressed: the panel opens with the answer.
      this.show(early.value, question);
      return;
    }
    const asked = fresh ? early.answer : ask(question);
    this.preparePanel();
    // A quick answer (the worker is running) opens the panel with it, in one
    // step, and the page is left alone until then; a slow one (the worker
    // starts, the pack compiles) shows "Checking…" first.
    const slow = setTimeout(() => {
      if (requestId === this.requestId) this.openPanel().showLoading();
    }, SHOW_CHECKING_AFTER_MS);
    const answer = await asked;
    clearTimeout(slow);
    if (requestId !== this.requestId) return;
    this.show(answer, question);
  }

  /**
   * Shows an answer of the worker in the panel (opened if need be), with
   * highlights, without the hints dismissed "not here", and their count on the
   * button. `question`: what was asked (a re-check of the same is skipped).
   * `fresh`: a new answer (false: the one shown, less a dismissed hint).
   */
  show(answer, question = null, fresh = true) {
    // The text checked: what the hints' offsets index (Apply needs it).
    if (fresh) this.checkedText = typeof question?.text === "string" ? question.text : null;
    const panel = this.preparePanel();
    this.checkedQuestion = question;
    if (question && question.text.trim() === "") this.notHere.clear();
    if (fresh) this.checkedAt = Date.now();
    if (!answer?.ok) {
      this.answerShown = null;
      this.badge.set(null);
      this.result = null;
      this.panel?.setMarks([], []);
      panel.showError(answer?.error);
      this.openPanel();
      return;
    }
    try {
      const result = this.notHere.filter(answer.result);
      this.answerShown = answer;
      panel.showResult(result, answer.notice ?? null, this.checkedAt);
      // A new answer: its indexes name other hints than the emphasised one's.
      if (fresh) panel.overlay.emphasised = null;
      this.openPanel();
      this.result = result;
      // As many as the panel's summary line counts: identical hints are one card (hint-list.js).
      this.badge.set(mergeHints(result.hints).length);
      this.refreshHighlights();
    } catch (e) {
      this.result = null;
      this.panel?.setMarks([], []);
      panel.showError({ code: ERROR.OTHER, message: String(e?.message ?? e) });
    }
  }

  /** Opens the panel (or returns the open one), inside the composer's dialog, next to the button. */
  openPanel() {
    const panel = this.preparePanel();
    this.ensureAttached();
    panel.show(this.bar);
    const i = openComposers.indexOf(this);
    if (i >= 0) openComposers.splice(i, 1);
    openComposers.push(this);
    this.watchEditor();
    return this.panel;
  }

  /**
   * The keyboard shortcut (the user's, see main.js): while the panel is open
   * with the answer for the draft as it is (unchanged since), and the focus
   * is in the editor, it moves the focus into the panel (its first hint or
   * control), the way to the hints from an editor where Tab types a tab
   * (Quill); from the panel it takes the focus back to the editor, at the
   * caret; otherwise it checks the draft.
   */
  shortcut() {
    if (this.panel?.isOpen && this.panel.hasFocus() && this.editor.isConnected) {
      this.editor.focus({ preventScroll: true });
      this.restoreCaret();
      return;
    }
    const editorFocused = this.editor.contains(deepActiveElement(this.editor.ownerDocument));
    // The draft as it is now against the one checked (the kept model may have been
    // dropped by a change that is not one of the text: ProseMirror's focus class).
    if (this.result && this.asked && this.panel?.isOpen && editorFocused && sameQuestion(this.asked, this.readDraft().question)) {
      this.panel.focusInside();
      return;
    }
    this.check();
  }

  /**
   * Highlights the excerpts of the current result, on the draft's kept text
   * model (the one checked, unless the editor changed since: then read anew).
   * A passage is highlighted only if the text at its span is still the excerpt.
   * (The boxes are drawn only while the panel is really shown: see Panel.isOpen.)
   */
  refreshHighlights() {
    if (!this.panel) return;
    if (!this.result) {
      this.panel.setMarks([], []);
      return;
    }
    const { model, question } = this.readDraft();
    const doc = this.editor.ownerDocument;
    const marks = [];
    /** Hints whose passage was edited since the check: their cards say so until the re-check. */
    const stale = [];
    for (const [index, hint] of this.result.hints.entries()) {
      if (hint.end <= hint.start) continue;
      // The excerpt was cut from the well-formed text that was checked.
      const span = question.text.slice(hint.start, hint.end) === hint.excerpt ? domSpan(model, hint.start, hint.end) : null;
      if (!span) {
        stale.push(index);
        continue;
      }
      const range = doc.createRange();
      range.setStart(span.start.node, span.start.offset);
      range.setEnd(span.end.node, span.end.offset);
      marks.push({ range, level: hint.level, hint: index });
    }
    this.panel.setMarks(marks, [this.editor]);
    this.panel.post(panelState.stale(stale));
  }

  /**
   * From the first read of the draft until the panel closes, a change of the
   * editor drops the kept text model and, while there is a result, re-validates
   * the highlights (stale passages lose theirs). Watched: what the text model
   * reads (nodes, text, and the classes and attributes that pick blocks and
   * skipped elements).
   */
  watchEditor() {
    if (this.observer) return;
    const win = this.editor.ownerDocument.defaultView;
    this.observer = new MutationObserver(() => {
      this.model = null;
      if (!this.result) return;
      win.clearTimeout(this.refreshTimer);
      this.refreshTimer = win.setTimeout(() => this.refreshHighlights(), 120);
    });
    this.observer.observe(this.editor, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["class", "data-block"] });
  }

  /**
   * Closes the panel and removes the highlights. The frame that was shown
   * leaves the page, and (unless `prepareNext` is false) a fresh hidden one
   * loads for the next check. A frame only hidden would stay loaded, but for a
   * moment the browser can still send a click at the place it was to it, not
   * to what moved up there: a click on Post right after closing would be lost.
   */
  closePanel(prepareNext = true) {
    this.requestId++;
    this.recheck.cancel();
    this.result = null;
    this.answerShown = null;
    this.checkedQuestion = null;
    this.observer?.disconnect();
    this.observer = null;
    this.model = null;
    this.panel?.setMarks([], []);
    const i = openComposers.indexOf(this);
    if (i >= 0) {
      openComposers.splice(i, 1);
      this.panel?.remove();
      this.panel = null;
      if (prepareNext) this.preparePanel();
    }
  }

  /**
   * Closes the panel as the user asked from inside it (Escape, or its close
   * button). When the focus was in the panel (the user had moved it there by
   * keyboard), it goes back to the editor, before the frame leaves the page
   * (else it would drop to the page's `<body>`). The editor keeps its caret:
   * the page's selection stays in the editor while the frame has the focus,
   * and focusing the editor takes it up again (the editors restore their
   * own selection on focus too).
   * @param {boolean} hadFocus
   */
  closeFromPanel(hadFocus) {
    if (hadFocus && this.editor.isConnected) {
      this.editor.focus({ preventScroll: true });
      this.restoreCaret();
    }
    this.closePanel();
  }

  /**
   * Puts the caret (or the selection) back where it was when the editor last
   * lost the focus, if the editor did not (Draft.js takes the start) and
   * that place is still in the editor; only the selection changes, never the text.
   */
  restoreCaret() {
    const range = this.caret;
    this.caret = null;
    const selection = this.editor.ownerDocument.getSelection();
    if (!range || !selection || !this.editor.contains(range.startContainer) || !this.editor.contains(range.endContainer)) return;
    const now = selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
    if (now && now.startContainer === range.startContainer && now.startOffset === range.startOffset && now.endContainer === range.endContainer && now.endOffset === range.endOffset) return;
    try {
      selection.removeAllRanges();
      selection.addRange(range);
    } catch {
      // The place is gone (an offset past the end of a changed node): the editor keeps its own.
    }
  }

  /**
   * Makes the fix of hint `index` of the shown result in the editor: the user
   * clicked its Apply in the panel frame (the frame's port is the only way
   * here). One at a time, in the order clicked.
   * @param {number} index
   * @returns {Promise<{ok: true} | {ok: false, reason: string}>}
   */
  applyFix(index) {
    const hint = Number.isInteger(index) ? this.result?.hints?.[index] : undefined;
    const checked = this.checkedText;
    const run = async () => {
      if (!hint || typeof checked !== "string") return { ok: false, reason: NOT_APPLIED.GONE };
      return applyFix(this.editor, this.site.modelKind(this.editor), checked, hint);
    };
    this.applying = (this.applying ?? Promise.resolve()).then(run, run);
    // An applied fix changed the draft (by the user's click): the open panel checks it again after the pause.
    this.applying.then((outcome) => {
      if (outcome?.ok && openComposers.includes(this)) this.recheck.poke();
    });
    return this.applying;
  }

  /** Removes everything postcheck added for this composer. */
  destroy() {
    composers.delete(this);
    this.closePanel(false);
    this.panel?.remove();
    this.panel = null;
    for (const type of USER_INPUT_EVENTS) this.editor.removeEventListener(type, this.onUserInput, true);
    this.editor.removeEventListener("focusin", this.onFocusIn);
    this.editor.removeEventListener("input", this.onInput);
    this.editor.removeEventListener("focusout", this.onFocusOut);
    for (const type of EDIT_EVENTS) this.editor.removeEventListener(type, this.onEdit, true);
    this.editor.removeEventListener("input", this.onEmptied);
    this.linker.destroy();
    this.bar.remove();
  }
}
