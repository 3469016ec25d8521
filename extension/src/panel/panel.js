/**
 * The panel page: hints for one composer, shown in an iframe that the content
 * script puts (inside a closed shadow root) next to the composer.
 *
 * Why a page of its own: the panel's document has the extension's origin, so
 * the site's scripts cannot read it (no DOM access across origins, `window.find`
 * and selections stop at the frame), and no reference to this window is ever
 * handed to the site (the frame sits in a closed shadow root, which keeps it out
 * of `window.frames`, and this page never posts to its parent).
 *
 * It shows nothing (a blank page) until the background worker vouches for the
 * secret of its URL fragment (`panel-claim`: the content script of the same tab
 * registered it, and it is good once): a site that frames `panel.html` itself,
 * with a fragment of its own, gets a blank frame that takes no port.
 *
 * Its only channel is a MessagePort that the content script transfers once the
 * frame has loaded, together with that secret: a `connect` message without the
 * secret, from anything but the parent window, or before the worker vouched,
 * is ignored. Over the port come states to show and the outcome of copies and
 * Applies (PanelState in shared/protocol.js), and go back the frame's height,
 * suggestions to copy, the hint whose fix the user clicked Apply for, and that
 * the user closed the panel (FrameMessage).
 *
 * Everything from the pack or the draft is set as text (hint-list.js).
 */
import { ask } from "../shared/browser-api.js";
import { el, renderResult, showFixOutcome } from "../shared/hint-list.js";
import { renderCheckError } from "../shared/errors.js";
import { localizePage, t } from "../shared/i18n.js";
import { frameMessage, isPanelConnect, NOTICE, request, SECRET_PATTERN } from "../shared/protocol.js";
import { mark, measure, now } from "../shared/timing.js";
import { addRecheckStyles, decorateResult, showCurrent, showStale } from "./recheck-view.js";

localizePage(document);
addRecheckStyles(document);

const secret = location.hash.slice(1);
/** True once the worker vouched for this frame's secret (asked at once, answered before any check). */
const vouched = SECRET_PATTERN.test(secret)
  ? ask(request.panelClaim(secret)).then((answer) => answer?.ok === true)
  : Promise.resolve(false);
const panel = /** @type {HTMLElement} */ (document.getElementById("panel"));
const body = /** @type {HTMLElement} */ (document.getElementById("body"));
panel.setAttribute("aria-label", t("panelTitle"));
document.querySelector('[data-postcheck="close"]')?.setAttribute("aria-label", t("close"));

/** @type {MessagePort | null} */
let port = null;

/** Copies waiting for the content script's answer, by id. @type {Map<number, HTMLButtonElement>} */
const copies = new Map();
let copyId = 0;

/**
 * "copy suggestion": the clipboard is written by the content script, in the
 * page's document, which keeps the focus (this frame never takes it, and the
 * asynchronous clipboard API only writes from a focused document).
 * @param {string} text
 * @param {HTMLButtonElement} button
 */
function copy(text, button) {
  if (!port) return;
  const id = ++copyId;
  copies.set(id, button);
  port.postMessage(frameMessage.copy(id, text));
}

/** The hints shown now (Apply names a hint by its place among them). @type {any[]} */
let shownHints = [];
/** Applies waiting for the content script's answer, by id. @type {Map<number, {button: HTMLButtonElement, card: HTMLElement}>} */
const applies = new Map();
let applyId = 0;

/**
 * "Apply": the content script makes the hint's fix in its editor (the user
 * clicked here, in the extension's own frame) and answers whether it did.
 * @param {any} hint
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} card
 */
function apply(hint, button, card) {
  const index = shownHints.indexOf(hint);
  if (!port || index < 0) return;
  const id = ++applyId;
  applies.set(id, { button, card });
  button.disabled = true;
  port.postMessage(frameMessage.apply(id, index));
}

/** The content script's answer about an Apply. */
function applied({ id, ok, reason }) {
  const waiting = applies.get(id);
  applies.delete(id);
  if (!waiting) return;
  waiting.button.disabled = false;
  showFixOutcome(waiting.card, waiting.button, ok === true, typeof reason === "string" ? reason : null);
  reportSize();
}

/** The content script's answer about a copy. */
function copied({ id, ok }) {
  const button = copies.get(id);
  copies.delete(id);
  if (!button) return;
  const label = button.textContent;
  button.textContent = ok ? t("copied") : t("copyFailed");
  setTimeout(() => {
    button.textContent = label;
  }, 1500);
}

/** Shows one state sent by the content script. */
function show(state) {
  if (!state || typeof state !== "object") return;
  if (state.type === "copied") {
    copied(state);
    return;
  }
  if (state.type === "focus") {
    focusFirst();
    return;
  }
  if (state.type === "current") {
    if (Number.isInteger(state.index)) showCurrent(body, state.index);
    return;
  }
  if (state.type === "stale") {
    showStale(body, state.indexes);
    return;
  }
  if (state.type === "theme") {
    // The site's theme (content/theme.js): the panel's colours follow it (panel.css).
    document.documentElement.dataset.theme = state.theme === "dark" ? "dark" : "light";
    return;
  }
  if (state.type === "applied") {
    applied(state);
    return;
  }
  const start = now();
  if (state.type === "loading") {
    body.replaceChildren(el(document, "p", { "data-postcheck": "loading" }, t("checking")));
  } else if (state.type === "result" && state.result && Array.isArray(state.result.hints)) {
    shownHints = state.result.hints;
    applies.clear();
    renderResult(body, state.result, { onCopy: copy, onApply: apply });
    decorateResult(body, state, (message) => port?.postMessage(message));
    if (state.notice === NOTICE.STORED_PACK_REFUSED) {
      body.prepend(el(document, "p", { "data-postcheck": "error", class: "postcheck-error", role: "status" }, t("storedPackRefusedPanel")));
    }
  } else if (state.type === "error") {
    renderCheckError(body, state.error);
  } else if (state.type === "use-editor") {
    body.replaceChildren(el(document, "p", { "data-postcheck": "error", class: "postcheck-error", role: "status" }, t("useEditorFirst")));
  }
  if (state.type !== "loading") {
    // The answer is in the DOM; the animation frame after this paints it.
    measure("postcheck:render", start);
    requestAnimationFrame(() => mark("postcheck:frame"));
  }
  reportSize();
}

/**
 * Puts the focus on the first hint card (Tab goes on to its controls and the
 * next hints, Shift+Tab back to the close button),
 * else on the first control of the answer, else on the close button: asked by
 * the user's shortcut (see Composer.shortcut in content/composer.js).
 */
function focusFirst() {
  const card = body.querySelector('[data-postcheck="hint"]');
  if (card instanceof HTMLElement) {
    // Cards of a result are in the Tab order (recheck-view.js); any other is focusable by script only.
    if (!card.hasAttribute("tabindex")) card.tabIndex = -1;
    card.focus();
    return;
  }
  const first = body.querySelector("button, summary, a[href]") ?? document.querySelector('[data-postcheck="close"]');
  if (first instanceof HTMLElement) first.focus();
}

let lastHeight = -1;
/**
 * Tells the content script how tall the panel is (the frame's height follows).
 * The closed panel's frame keeps its width (see content/panel.js), so this
 * holds while it is hidden too. Not when nothing is laid out (a height of 0:
 * the frame is not rendered at all): the frame then keeps its height, and the
 * ResizeObserver reports the height once it is rendered.
 */
function reportSize() {
  const box = panel.getBoundingClientRect().height;
  if (box === 0) return;
  const height = Math.ceil(box) + 8;
  if (port && height !== lastHeight) {
    lastHeight = height;
    port.postMessage(frameMessage.size(height));
  }
}

/**
 * Asks the content script to close the panel, in a task after the current event:
 * closing removes this frame, and a frame removed while the browser still
 * routes the click or key event into it can leave that event unacknowledged.
 */
function close() {
  setTimeout(() => port?.postMessage(frameMessage.close()), 0);
}

vouched.then((ok) => {
  if (ok) panel.hidden = false;
});

window.addEventListener("message", async (event) => {
  const data = event.data;
  if (!secret || event.source !== window.parent || event.ports.length !== 1) return;
  if (!isPanelConnect(data, secret)) return;
  if (!(await vouched)) return;
  panel.hidden = false;
  port?.close();
  port = event.ports[0];
  lastHeight = -1;
  port.onmessage = (e) => show(e.data);
  reportSize();
});

document.querySelector('[data-postcheck="close"]')?.addEventListener("click", close);
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    event.preventDefault();
    close();
  }
});
// Keep the focus in the editor: no control of the panel takes it on mousedown
// (X commits thread text on blur, ProseMirror rewrites on blur).
document.addEventListener("mousedown", (event) => {
  if (event.target instanceof Element && event.target.closest("button, summary, a")) event.preventDefault();
});
new ResizeObserver(reportSize).observe(panel);
