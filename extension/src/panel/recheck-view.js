/**
 * The panel page's part of re-checking, dismissing and linking (see
 * content/recheck.js and content/linking.js):
 * - "Last checked at …" above the hints of an answer that says when it was checked;
 * - each card gets "Not here" and "Not again" (hint-list.js renderDismiss),
 *   its hint's index (`data-index`) and the focus by keyboard (`tabindex`):
 *   focusing or pointing at a card tells the content script, which emphasises
 *   the passage (and scrolls to it on focus);
 * - `current` from the content script (the caret went into a flagged passage):
 *   that card is scrolled to and marked (`data-current`).
 */
import { el, renderDismiss } from "../shared/hint-list.js";
import { t } from "../shared/i18n.js";
import { frameMessage } from "../shared/protocol.js";

const CSS = `
.postcheck-checked-at { margin: 6px 0; font-size: 12px; color: var(--pc-muted); }
.postcheck-length .postcheck-checked-at { float: right; margin: 0 0 0 8px; }
.postcheck-dismiss { float: right; margin: 0 0 0 8px; display: flex; gap: 4px; }
.postcheck-dismiss button { font-size: 11px; padding: 0 6px; }
.postcheck-hint:focus-visible, .postcheck-hint[data-current] { outline: 2px solid var(--pc-link); outline-offset: 1px; }
.postcheck-hint[data-stale] { opacity: 0.55; }
.postcheck-stale-note { display: none; margin: 2px 0; font-size: 12px; font-style: italic; }
.postcheck-hint[data-stale] .postcheck-stale-note { display: block; }
`;

/** Adds this module's styles to the panel page (once). @param {Document} doc */
export function addRecheckStyles(doc) {
  if (doc.getElementById("postcheck-recheck-css")) return;
  doc.head.append(el(doc, "style", { id: "postcheck-recheck-css" }, CSS));
}

/**
 * Completes the rendering of a result (renderResult put the cards in `body`):
 * the time of the check, and per card its index, its dismiss buttons and its links.
 * @param {HTMLElement} body
 * @param {{result: {hints: any[]}, checkedAt?: number}} state
 * @param {(message: any) => void} send posts a FrameMessage to the content script
 */
export function decorateResult(body, state, send) {
  const doc = body.ownerDocument;
  if (Number.isFinite(state.checkedAt)) {
    const time = new Date(state.checkedAt).toLocaleTimeString(t("uiLang"), { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    // On the length's line when there is one (the panel stays as tall), else a line of its own.
    const length = body.querySelector(".postcheck-length");
    const line = el(doc, length ? "span" : "p", { "data-postcheck": "checked-at", class: "postcheck-checked-at" }, t("lastCheckedAt", [time]));
    if (length) length.prepend(line);
    else body.prepend(line);
  }
  // Each card names the hints it stands for (`data-indexes`, renderCard: identical
  // hints are one card); the first is the card's index in the messages about it.
  const hints = state.result.hints;
  for (const card of body.querySelectorAll('[data-postcheck="hint"][data-indexes]')) {
    const indexes = cardIndexes(card);
    const index = indexes[0];
    if (!Number.isInteger(index) || index >= hints.length) continue;
    card.setAttribute("data-index", String(index));
    card.setAttribute("tabindex", "0");
    renderDismiss(doc, card, (scope) => send(frameMessage.dismiss(index, scope)));
    card.append(el(doc, "p", { class: "postcheck-stale-note", "data-postcheck": "stale-note" }, t("passageChanged")));
    card.addEventListener("focus", () => send(frameMessage.hintFocus(index, "focus")));
    card.addEventListener("blur", () => send(frameMessage.hintFocus(index, "leave")));
    card.addEventListener("mouseenter", () => send(frameMessage.hintFocus(index, "hover")));
    card.addEventListener("mouseleave", () => send(frameMessage.hintFocus(index, "leave")));
  }
}

/** The indexes of the hints a card stands for (its `data-indexes`). @param {Element} card @returns {number[]} */
function cardIndexes(card) {
  return (card.getAttribute("data-indexes") ?? "").split(" ").filter(Boolean).map(Number).filter(Number.isInteger);
}

/**
 * Marks the cards of the hints whose passage was edited since the check (the
 * others not): dimmed, with a note, until the re-check's answer replaces them.
 * @param {HTMLElement} body
 * @param {unknown} indexes
 */
export function showStale(body, indexes) {
  const stale = new Set(Array.isArray(indexes) ? indexes.filter(Number.isInteger) : []);
  for (const card of body.querySelectorAll('[data-postcheck="hint"][data-index]')) {
    if (cardIndexes(card).some((i) => stale.has(i))) card.setAttribute("data-stale", "true");
    else card.removeAttribute("data-stale");
  }
}

/**
 * Scrolls to the card of hint `index` and marks it (the one marked before is not any more).
 * @param {HTMLElement} body
 * @param {number} index
 */
export function showCurrent(body, index) {
  for (const old of body.querySelectorAll("[data-current]")) old.removeAttribute("data-current");
  const card = [...body.querySelectorAll('[data-postcheck="hint"][data-index]')].find((c) => cardIndexes(c).includes(Number(index)));
  if (!card) return;
  card.setAttribute("data-current", "true");
  // Scrolled within this frame only (scrollIntoView would scroll the page around the frame too).
  const win = body.ownerDocument.defaultView;
  const box = card.getBoundingClientRect();
  if (win && (box.top < 0 || box.bottom > win.innerHeight)) win.scrollBy(0, box.top - Math.max(8, (win.innerHeight - box.height) / 2));
}
