/**
 * The in-page panel: a host element `data-postcheck="panel"` with a CLOSED
 * shadow root holding one iframe of the extension's own `panel.html`, which
 * renders the hints (see src/panel/panel.js).
 *
 * What the site's scripts can reach: the host element (that a panel is open, and
 * its size) and nothing inside it. The closed root keeps the frame out of their
 * queries and out of `window.frames`; the frame's document has the extension's
 * origin, so its text is out of reach of their DOM calls, `window.find`, and
 * selections. Hints travel from this content script to the frame over a
 * MessagePort handed over with the secret of the frame's URL fragment; the site
 * sees neither. (The highlighted ranges are another matter: see highlights.js.)
 *
 * The frame never takes the focus from the editor: its controls prevent
 * mousedown, and it is never focused by script.
 *
 * One panel per composer, made ahead of the first check (when the editor or
 * the button is about to be used, see composer.js), hidden until an answer
 * comes, so a check only posts the answer and shows the host. Closing takes
 * the panel out of the page and makes a fresh hidden one for the next check
 * (see closePanel in composer.js). (Moving the host would reload the frame: it
 * is only ever moved when the page moved the composer.) Hidden is `visibility:
 * hidden` at zero height, not `display: none`: the frame keeps its width, so the
 * panel page lays out an answer and reports its height while hidden, and shows
 * at the right height at once.
 */
import { api } from "../shared/browser-api.js";
import { t } from "../shared/i18n.js";

/** Tallest the frame gets (the panel scrolls inside it beyond that). */
const MAX_HEIGHT = 520;
const MIN_HEIGHT = 24;

/** The host's style while the panel is closed: no box to see, no space taken, the frame laid out. */
const HIDDEN = { visibility: "hidden", height: "0", overflow: "hidden", margin: "0" };
/** The host's style while the panel is open. */
const SHOWN = { visibility: "visible", height: "auto", overflow: "visible", margin: "4px 0" };

/** A random secret for the frame's URL fragment (only this content script and the frame know it). */
function newSecret() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class Panel {
  /**
   * @param {Document} doc
   * @param {() => void} onClose called when the user closes the panel from inside it
   */
  constructor(doc, onClose) {
    this.onClose = onClose;
    this.host = doc.createElement("div");
    this.host.setAttribute("data-postcheck", "panel");
    Object.assign(this.host.style, { display: "block", ...HIDDEN });
    const root = this.host.attachShadow({ mode: "closed" });
    this.secret = newSecret();
    this.origin = new URL(api.runtime.getURL("")).origin;
    this.frame = doc.createElement("iframe");
    this.frame.src = `${api.runtime.getURL("panel.html")}#${this.secret}`;
    this.frame.title = t("panelTitle");
    // "copy suggestion" writes the clipboard from the frame.
    this.frame.setAttribute("allow", "clipboard-write");
    Object.assign(this.frame.style, {
      display: "block",
      width: "100%",
      height: "64px",
      border: "0",
      background: "transparent",
      colorScheme: "light",
    });
    this.frame.addEventListener("load", () => this.connect());
    root.append(this.frame);
    /** The state the frame shows (sent again whenever the frame (re)loads). */
    this.state = { type: "loading" };
    /** @type {MessagePort | null} */
    this.port = null;
  }

  /** Hands a fresh MessagePort to the frame (after each load: moving the host reloads it). */
  connect() {
    const target = this.frame.contentWindow;
    if (!target) return;
    this.port?.close();
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.port.onmessage = (event) => this.fromFrame(event.data);
    target.postMessage({ postcheck: "connect", secret: this.secret }, this.origin, [channel.port2]);
    this.port.postMessage(this.state);
  }

  /** What the frame says: its height, a suggestion to copy, or that the user closed it. */
  fromFrame(data) {
    if (!data || typeof data !== "object") return;
    if (data.type === "size" && Number.isFinite(data.height)) {
      const height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.round(data.height)));
      this.frame.style.height = `${height}px`;
    } else if (data.type === "copy" && typeof data.text === "string" && data.text.length <= 100_000 && Number.isInteger(data.id)) {
      // The page's document has the focus (the frame never takes it) and the
      // click in the frame counts as the user's gesture here too.
      const port = this.port;
      navigator.clipboard.writeText(data.text).then(
        () => port?.postMessage({ type: "copied", id: data.id, ok: true }),
        () => port?.postMessage({ type: "copied", id: data.id, ok: false }),
      );
    } else if (data.type === "close") {
      // Hidden at once; the composer lets go of it in a later task: see close() in panel.js.
      Object.assign(this.host.style, HIDDEN);
      setTimeout(() => this.onClose(), 0);
    }
  }

  /** @param {object} state */
  send(state) {
    if (state.type === "loading" && this.state.type === "loading") return;
    this.state = state;
    this.port?.postMessage(state);
  }

  /**
   * Puts the panel right after `anchor` (inside the composer's dialog when it
   * has one), shown or not as it was; the frame loads (again) if it moved.
   * @param {Element} anchor
   */
  mountAfter(anchor) {
    if (this.host.previousElementSibling !== anchor || !this.host.isConnected) anchor.after(this.host);
  }

  /** Shows the panel (mounted after `anchor`). @param {Element} anchor */
  show(anchor) {
    this.mountAfter(anchor);
    Object.assign(this.host.style, SHOWN);
  }

  /** Shows that a check is running. */
  showLoading() {
    this.send({ type: "loading" });
  }

  /**
   * Shows a check result.
   * @param {any} result
   * @param {string | null} [notice] e.g. "stored-pack-refused"
   */
  showResult(result, notice = null) {
    this.send({ type: "result", result, notice });
  }

  /**
   * Shows why the draft was not checked (in plain words, in the frame).
   * @param {{code?: string, message?: string} | undefined} error
   */
  showError(error) {
    this.send({ type: "error", error: { code: error?.code ?? "other", message: String(error?.message ?? "") } });
  }

  /** True while the panel is shown in the page. */
  get isOpen() {
    return this.host.isConnected && this.host.style.visibility !== "hidden";
  }

  /** Takes the panel and its frame out of the page for good. */
  remove() {
    this.port?.close();
    this.port = null;
    this.host.remove();
  }
}
