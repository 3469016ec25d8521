/**
 * The in-page panel: a host element `data-postcheck="panel"` with an open shadow
 * root holding the hints. Its controls keep the editor's focus (mousedown is
 * prevented), so X and ProseMirror do not commit or rewrite mid-edit.
 */
import { copyToClipboard, el, renderError, renderResult } from "../shared/hint-list.js";
import { t } from "../shared/i18n.js";
import { panelCss } from "./styles.js";

let sheet = null;

/** The panel's stylesheet, built once per page. */
function panelSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(panelCss);
  }
  return sheet;
}

export class Panel {
  /**
   * @param {Document} doc
   * @param {() => void} onClose called when the user closes the panel
   */
  constructor(doc, onClose) {
    this.host = doc.createElement("div");
    this.host.setAttribute("data-postcheck", "panel");
    this.shadow = this.host.attachShadow({ mode: "open" });
    try {
      this.shadow.adoptedStyleSheets = [panelSheet()];
    } catch {
      this.shadow.append(el(doc, "style", {}, panelCss));
    }
    const panel = el(doc, "div", { class: "panel", role: "region", "aria-label": t("panelTitle") });
    const header = el(doc, "header");
    header.append(el(doc, "h2", {}, t("panelTitle")));
    const close = el(doc, "button", { type: "button", "data-postcheck": "close", "aria-label": t("close"), title: t("close") }, "×");
    close.addEventListener("click", () => onClose());
    header.append(close);
    this.body = el(doc, "div", { class: "body", "aria-live": "polite" });
    panel.append(header, this.body);
    this.shadow.append(panel);
    // Keep the focus in the editor: no control of the panel takes it on mousedown.
    this.shadow.addEventListener("mousedown", (event) => {
      if (event.target.closest?.("button, summary, a")) event.preventDefault();
    });
  }

  /**
   * Mounts the panel right after `anchor` (inside the composer's dialog when it has one).
   * @param {Element} anchor
   */
  mountAfter(anchor) {
    if (this.host.previousElementSibling !== anchor) anchor.after(this.host);
  }

  /** Shows that a check is running. */
  showLoading() {
    this.body.replaceChildren(el(this.host.ownerDocument, "p", { "data-postcheck": "loading" }, t("checking")));
  }

  /** Shows a check result. */
  showResult(result) {
    renderResult(this.body, result, { onCopy: copyToClipboard });
  }

  /** Shows an error line. */
  showError(message) {
    renderError(this.body, message);
  }

  /** True while the panel is in the page. */
  get isOpen() {
    return this.host.isConnected;
  }

  remove() {
    this.host.remove();
  }
}
