/**
 * The in-page panel: a host element `data-postcheck="panel"` with a CLOSED
 * shadow root holding one iframe of the extension's own `panel.html`, which
 * renders the hints (see src/panel/panel.js), and next to it the host of the
 * boxes over flagged passages (`data-postcheck="overlay"`, see highlights.js),
 * mounted and removed with it.
 *
 * What the site's scripts can reach: the two host elements (that a panel is
 * open, and its height) and nothing inside them. The closed roots keep the
 * frame and the boxes out of their queries and the frame out of
 * `window.frames`; the frame's document has the extension's origin, so its text
 * is out of reach of their DOM calls, `window.find`, and selections. Hints
 * travel from this content script to the frame over a MessagePort handed over
 * with the secret of the frame's URL fragment; the site sees neither.
 *
 * The frame shows nothing until the background worker vouches for its secret:
 * the content script registers a fresh secret with the worker (for this tab)
 * before it loads a frame, and the panel page claims it (once) before it takes
 * a port. A site that frames `panel.html` itself (which Chromium only allows by
 * the extension's dynamic URL, random per session) gets a blank page.
 *
 * The frame never takes the focus from the editor: its controls prevent
 * mousedown, and it is never focused by script. The user may move the focus
 * into it by keyboard (Tab); closing it from there gives the focus back to the
 * editor (see closeFromPanel in composer.js).
 *
 * One panel per composer, made ahead of the first check (when the user starts
 * using the editor or points at the button, see composer.js), hidden until an
 * answer comes, so a check only posts the answer and shows the host. Closing
 * takes the panel out of the page and makes a fresh hidden one for the next
 * check (see closePanel in composer.js). (Moving the host reloads the frame:
 * it is only ever moved when the page moved the composer, and then a new frame
 * with a new secret is made.) Hidden is `visibility: hidden` at zero height,
 * not `display: none`: the frame keeps its width, so the panel page lays out
 * an answer and reports its height while hidden, and shows at the right height
 * at once.
 */
import { api, ask } from "../shared/browser-api.js";
import { t } from "../shared/i18n.js";
import { isFrameApply, MAX_COPY, panelConnect, panelState, request } from "../shared/protocol.js";
import { deepActiveElement } from "./dom.js";
import { Overlay } from "./highlights.js";
import { MIN_PANEL, overflowOf } from "./placement.js";
import { siteTheme } from "./theme.js";

/**
 * Tallest the frame gets (the panel scrolls inside it beyond that); less
 * where the composer has less room (placement.js: its controls stay in view).
 */
const MAX_HEIGHT = 520;
const MIN_HEIGHT = 24;
/** Most times the shown frame is measured and sized again in one go (see fitHeight). */
const FIT_STEPS = 6;

/** The host's style while the panel is closed: no box to see, no space taken, the frame laid out. */
const HIDDEN = { visibility: "hidden", height: "0", overflow: "hidden", margin: "0" };
/**
 * The frame's height while the panel is shown but the page hides it (its box
 * would otherwise still be as tall as the hints: how many there are).
 */
const HIDDEN_BY_PAGE_HEIGHT = 64;
/** How often a shown panel looks whether the page hid or showed it again (ms). */
const VISIBILITY_EVERY_MS = 500;
/** The host's style while the panel is open. */
const SHOWN = { visibility: "visible", height: "auto", overflow: "visible", margin: "4px 0" };

/**
 * The origins the panel frame's document may have. `runtime.getURL` gives the
 * panel's dynamic URL in Chromium (`use_dynamic_url`), which the browser may
 * redirect to the extension's fixed id: the document then has that origin.
 * @param {string} url the frame's URL
 */
function frameOrigins(url) {
  const origins = [new URL(url).origin];
  const fixed = `chrome-extension://${api.runtime.id}`;
  if (url.startsWith("chrome-extension:") && /^[a-p]{32}$/.test(api.runtime.id) && !origins.includes(fixed)) origins.push(fixed);
  return origins;
}

/** A random secret for the frame's URL fragment (only this content script and the frame know it). */
function newSecret() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class Panel {
  /**
   * @param {Document} doc
   * @param {(hadFocus: boolean) => void} onClose called when the user closes the panel from inside it;
   *   `hadFocus`: the focus was in the panel then (it was closed by keyboard)
   * @param {(index: number) => Promise<{ok: boolean, reason?: string}>} [onApply] makes the fix of hint
   *   `index` of the shown result (the user clicked its Apply in the frame)
   */
  constructor(doc, onClose, onApply) {
    this.onClose = onClose;
    this.onApply = onApply;
    this.host = doc.createElement("div");
    this.host.setAttribute("data-postcheck", "panel");
    Object.assign(this.host.style, { display: "block", ...HIDDEN });
    this.root = this.host.attachShadow({ mode: "closed" });
    /** The boxes over flagged passages: drawn only while this panel is really shown. */
    this.overlay = new Overlay(doc, () => this.isOpen);
    this.secret = "";
    /** @type {HTMLIFrameElement | null} */
    this.frame = null;
    /** The state the frame shows (sent again whenever the frame (re)loads). @type {import("../shared/protocol.js").PanelState} */
    this.state = panelState.loading();
    /** The ports handed to the frame (one per origin it may have: see frameOrigins). @type {MessagePort[]} */
    this.ports = [];
    /** The height the frame asked for last. */
    this.height = 64;
    /** True between show() and closing. */
    this.shown = false;
    this.wasOpen = false;
    this.visibilityTimer = 0;
    /**
     * Called with the frame's `dismiss` and `hint-focus` messages (the composer
     * sets it: see composer.js and linking.js). @type {((data: any) => void) | null}
     */
    this.onAction = null;
    this.onResize = () => this.applyHeight();
    /** The site's theme around the panel, as the frame and the boxes show it (see followTheme). */
    this.theme = "light";
  }

  /**
   * Matches the panel and the boxes over passages to the site's theme around
   * the shown panel (content/theme.js): tells the frame when it changes.
   */
  followTheme() {
    const theme = siteTheme(this.host);
    if (theme === this.theme) return;
    this.theme = theme;
    if (this.frame) this.frame.style.colorScheme = theme;
    this.overlay.setTheme(theme);
    for (const port of this.ports) port.postMessage(panelState.theme(theme));
  }

  /**
   * Sizes the frame: as its content asks, except while the panel is shown and
   * the page hides it (then a fixed height: the host's box says nothing of the
   * hints), and redraws the boxes if that changed.
   */
  applyHeight() {
    const open = this.isOpen;
    if (open !== this.wasOpen) {
      this.wasOpen = open;
      this.overlay.schedule();
    }
    if (!this.frame) return;
    if (this.shown && open) {
      this.followTheme();
      this.fitHeight();
      return;
    }
    const value = `${this.shown && !open ? HIDDEN_BY_PAGE_HEIGHT : this.height}px`;
    if (this.frame.style.height !== value) this.frame.style.height = value;
  }

  /**
   * Sizes the frame of the shown panel: as its content asks, less by as much
   * as it would push a control of the composer (or itself) out of view
   * (placement.js), measured again after each change until it fits (a dialog
   * centred in the window moves by half of what it grows).
   */
  fitHeight() {
    const frame = /** @type {HTMLIFrameElement} */ (this.frame);
    let height = this.height;
    // As tall as asked and nothing pushed out of view: nothing to change (the usual case).
    if (frame.style.height === `${height}px` && overflowOf(this.host) === 0) return;
    for (let step = 0; step < FIT_STEPS; step++) {
      if (frame.style.height !== `${height}px`) frame.style.height = `${height}px`;
      const over = overflowOf(this.host);
      if (over === 0 || height <= MIN_PANEL) return;
      height = Math.max(MIN_PANEL, height - over);
    }
    frame.style.height = `${height}px`;
  }

  /**
   * Makes a new frame with a new secret: the secret is registered with the
   * worker first (the panel page claims it before it shows anything).
   */
  load() {
    const doc = this.host.ownerDocument;
    const secret = newSecret();
    this.secret = secret;
    this.closePorts();
    this.frame = null;
    this.root.replaceChildren();
    ask(request.panelRegister(secret)).then(() => {
      if (this.secret !== secret || !this.host.isConnected) return;
      const frame = doc.createElement("iframe");
      const url = `${api.runtime.getURL("panel.html")}#${secret}`;
      frame.title = t("panelTitle");
      // "copy suggestion" writes the clipboard from the frame.
      frame.setAttribute("allow", "clipboard-write");
      Object.assign(frame.style, {
        display: "block",
        width: "100%",
        height: `${this.shown && !this.isOpen ? HIDDEN_BY_PAGE_HEIGHT : this.height}px`,
        border: "0",
        background: "transparent",
        colorScheme: this.theme,
      });
      frame.addEventListener("load", () => this.connect(frame, frameOrigins(url), secret));
      frame.src = url;
      this.frame = frame;
      this.root.append(frame);
    });
  }

  /**
   * Hands a fresh MessagePort to the frame (after each load), addressed to the
   * origin its document has: one port per possible origin, and the browser
   * delivers only the one whose origin matches.
   * @param {HTMLIFrameElement} frame
   * @param {string[]} origins
   * @param {string} secret
   */
  connect(frame, origins, secret) {
    const target = frame.contentWindow;
    if (!target || frame !== this.frame) return;
    this.closePorts();
    for (const origin of origins) {
      const channel = new MessageChannel();
      const port = channel.port1;
      port.onmessage = (event) => this.fromFrame(event.data, port);
      try {
        target.postMessage(panelConnect(secret), origin, [channel.port2]);
      } catch {
        port.close();
        continue;
      }
      port.postMessage(panelState.theme(this.theme));
      port.postMessage(this.state);
      this.ports.push(port);
    }
  }

  closePorts() {
    for (const port of this.ports) port.close();
    this.ports = [];
  }

  /** What the frame says (a FrameMessage of protocol.js): its height, a suggestion to copy, or that the user closed it. */
  fromFrame(data, port) {
    if (!data || typeof data !== "object") return;
    if (data.type === "size" && Number.isFinite(data.height)) {
      this.height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.round(data.height)));
      this.applyHeight();
    } else if (data.type === "copy" && typeof data.text === "string" && data.text.length <= MAX_COPY && Number.isInteger(data.id)) {
      // The page's document has the focus (the frame never takes it) and the
      // click in the frame counts as the user's gesture here too.
      navigator.clipboard.writeText(data.text).then(
        () => port.postMessage(panelState.copied(data.id, true)),
        () => port.postMessage(panelState.copied(data.id, false)),
      );
    } else if ((data.type === "dismiss" && (data.scope === "here" || data.scope === "again")) || (data.type === "hint-focus" && ["focus", "hover", "leave"].includes(data.how))) {
      if (Number.isInteger(data.index) && data.index >= 0) this.onAction?.(data);
    } else if (isFrameApply(data) && this.onApply) {
      // The user clicked Apply in the frame (only the frame holds this port).
      const id = data.id;
      this.onApply(data.index).then(
        (answer) => port.postMessage(panelState.applied(id, answer.ok === true, answer.ok ? null : String(answer.reason ?? ""))),
        () => port.postMessage(panelState.applied(id, false, "editor")),
      );
    } else if (data.type === "close") {
      // Hidden at once; the composer lets go of it in a later task: see close() in panel.js.
      // Closed by keyboard from inside (the focus is in the frame): the focus goes back to the editor.
      const hadFocus = this.hasFocus();
      Object.assign(this.host.style, HIDDEN);
      this.setShown(false);
      setTimeout(() => this.onClose(hadFocus), 0);
    }
  }

  /**
   * Moves the focus into the panel's frame, onto its first hint or control
   * (the user's shortcut asked for it: see Composer.shortcut).
   */
  focusInside() {
    if (!this.frame) return;
    this.frame.focus();
    // Not a state to show again when the frame reloads: sent as is.
    for (const port of this.ports) port.postMessage(panelState.focus());
  }

  /** True while the focus is in the panel: its host, or the frame inside its closed root. */
  hasFocus() {
    return deepActiveElement(this.host.ownerDocument) === this.host || this.root.activeElement !== null;
  }

  /** @param {import("../shared/protocol.js").PanelState} state */
  send(state) {
    if (state.type === "loading" && this.state.type === "loading") return;
    this.state = state;
    for (const port of this.ports) port.postMessage(state);
  }

  /**
   * Sends the frame a message that is not a state to keep (`current`: not sent again when the frame reloads).
   * @param {import("../shared/protocol.js").PanelState} message
   */
  post(message) {
    for (const port of this.ports) port.postMessage(message);
  }

  /**
   * Puts the panel right after `anchor` (inside the composer's dialog when it
   * has one), shown or not as it was; the frame loads (again) if it moved.
   * @param {Element} anchor
   */
  mountAfter(anchor) {
    if (this.host.previousElementSibling !== anchor || !this.host.isConnected) {
      anchor.after(this.host);
      // The frame loads in the site's colours (the answer is laid out while hidden).
      this.followTheme();
      this.load();
    }
    this.overlay.mountAfter(this.host);
  }

  /** Shows the panel (mounted after `anchor`). @param {Element} anchor */
  show(anchor) {
    this.mountAfter(anchor);
    Object.assign(this.host.style, SHOWN);
    this.setShown(true);
  }

  /** Starts or stops following whether the page hides the shown panel. */
  setShown(shown) {
    this.shown = shown;
    const win = this.host.ownerDocument.defaultView;
    win.clearInterval(this.visibilityTimer);
    this.visibilityTimer = shown ? win.setInterval(() => this.applyHeight(), VISIBILITY_EVERY_MS) : 0;
    // A smaller window leaves less room: the frame is sized again at once.
    win.removeEventListener("resize", this.onResize);
    if (shown) win.addEventListener("resize", this.onResize, { passive: true });
    this.applyHeight();
  }

  /** Shows that a check is running. */
  showLoading() {
    this.send(panelState.loading());
  }

  /**
   * Shows a check result.
   * @param {any} result
   * @param {string | null} [notice] one of NOTICE (protocol.js), or null
   * @param {number} [checkedAt] when it was checked (ms since the epoch): the panel says so
   */
  showResult(result, notice = null, checkedAt = undefined) {
    this.send(panelState.result(result, notice, checkedAt));
  }

  /** Asks the user to click into the draft first (it was not used yet, so it was not checked). */
  showUseEditorFirst() {
    this.send(panelState.useEditor());
  }

  /**
   * Shows why the draft was not checked (in plain words, in the frame).
   * @param {{code?: string, message?: string} | undefined} error
   */
  showError(error) {
    this.send(panelState.error(error));
  }

  /**
   * True while the panel is shown in the page and really visible: not hidden
   * by the page (`display`, `visibility`, `opacity`, `content-visibility`, no
   * box). A panel the page hides shows no highlights and does not take Escape.
   */
  get isOpen() {
    if (!this.host.isConnected || this.host.style.visibility === "hidden") return false;
    const host = this.host;
    if (typeof host.checkVisibility === "function" && !host.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const box = host.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  }

  /**
   * Draws boxes over the given passages (none while the panel is not really shown).
   * @param {{range: Range, level: string, hint?: number}[]} marks (`hint`: the hint's index in the answer shown)
   * @param {Element[]} watched
   */
  setMarks(marks, watched) {
    this.overlay.set(marks, [...watched, this.host]);
  }

  /** Takes the panel, its frame and its boxes out of the page for good. */
  remove() {
    this.secret = "";
    this.setShown(false);
    this.closePorts();
    this.overlay.remove();
    this.host.remove();
  }
}
