/**
 * Renders a check result as DOM: the length, a summary line ("3 hints: 1 please
 * check, 2 worth a look"), the hints grouped by level (identical hints as one
 * card, each with its message, its passages shown once, advice, suggestions
 * with "copy suggestion", "Apply" for a hint with a fix when the caller can
 * make it (the in-page panel), and "why?"), or a plain "no hints" line. Used
 * by the in-page panel and by the popup.
 *
 * Everything the pack or the draft says is set with `textContent`, never as HTML.
 * Test hooks (`data-postcheck=...`) are part of the extension's DOM contract.
 */
import { t } from "./i18n.js";
import { readGuidelineLink } from "../guidelines/link.js";

/** Levels, most pressing first. */
export const LEVELS = ["important", "consider", "note"];

/**
 * Creates an element with text content and attributes.
 * @param {Document} doc
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {string} [text]
 */
export function el(doc, tag, attrs = {}, text) {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A link target that may be shown as a link: http(s) only. */
export function safeLink(url) {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * The localised label of a category such as `personal-data`.
 * @param {string} category
 */
export function categoryLabel(category) {
  const label = t(`category_${category.replaceAll("-", "_")}`);
  return label.startsWith("category_") ? category : label;
}

/**
 * Replaces the content of `container` with the rendering of `result`.
 * @param {HTMLElement} container
 * @param {{length: {used: number, limit: number} | null, hints: any[]}} result
 * @param {{onCopy?: (text: string, button: HTMLButtonElement) => void}} [actions]
 */
export function renderResult(container, result, actions = {}) {
  const doc = container.ownerDocument;
  container.replaceChildren();
  if (result.length) {
    const row = el(doc, "p", { class: "postcheck-length" });
    row.append(el(doc, "span", { class: "postcheck-length-label" }, `${t("lengthLabel")} `));
    const value = el(doc, "span", { "data-postcheck": "length" }, `${result.length.used} / ${result.length.limit}`);
    if (result.length.used > result.length.limit) value.classList.add("over");
    row.append(value);
    container.append(row);
  }
  if (result.hints.length === 0) {
    // An empty draft is not a clean one: say there is nothing to check yet.
    const empty = result.length?.used === 0;
    container.append(
      el(doc, "p", { "data-postcheck": empty ? "nothing-to-check" : "no-hints", class: "postcheck-no-hints" }, t(empty ? "nothingToCheck" : "noHints")),
    );
    return;
  }
  // Identical hints (same rule, level and message) are one card; a summary line, first, says how many there are.
  const cards = mergeHints(result.hints);
  container.prepend(renderSummary(doc, cards));
  for (const level of LEVELS) {
    const hints = cards.filter((c) => c.hint.level === level);
    if (hints.length === 0) continue;
    const group = el(doc, "section", { class: `postcheck-group postcheck-${level}` });
    // The level's mark (its sign, colour and line, as its passages are marked in the editor), then its name.
    const heading = el(doc, "h2", { "data-postcheck": "level-heading", "data-level": level });
    heading.append(el(doc, "span", { class: `postcheck-level-mark postcheck-${level}`, "aria-hidden": "true" }));
    heading.append(doc.createTextNode(`${t(`level_${level}`)} (${hints.length})`));
    group.append(heading);
    for (const card of hints) group.append(renderCard(doc, card, actions, packLabels(result)));
    container.append(group);
  }
  if (Number.isInteger(result.omitted) && result.omitted > 0) {
    container.append(el(doc, "p", { "data-postcheck": "omitted", class: "postcheck-omitted" }, t("hintsOmitted", [String(result.omitted)])));
  }
}

/**
 * The name of each pack of a stacked check, by pack id: from `result.packs`
 * (a check with `Engine.stack`: the stack, each `{id, name?, version?,
 * publisher?}`), only when more than one pack checked. Empty otherwise.
 * @param {any} result
 * @returns {Map<string, string>}
 */
export function packLabels(result) {
  const labels = new Map();
  if (!Array.isArray(result?.packs) || result.packs.length < 2) return labels;
  for (const p of result.packs) {
    if (typeof p !== "object" || p === null || typeof p.id !== "string") continue;
    const name = typeof p.name === "string" && p.name ? p.name : p.id;
    const version = typeof p.version === "string" ? ` ${p.version}` : "";
    const publisher = typeof p.publisher === "string" && p.publisher ? ` (${p.publisher})` : "";
    labels.set(p.id, `${name}${version}${publisher}`.slice(0, 300));
  }
  return labels;
}

/**
 * One hint; with `labels` (a stacked check), the pack it comes from.
 * @param {Document} doc
 * @param {any} hint
 * @param {{onCopy?: (text: string, button: HTMLButtonElement) => void,
 *   onApply?: (hint: any, button: HTMLButtonElement, card: HTMLElement) => void}} actions
 *   `onApply`: the user clicked Apply (only offered with it, and only for a hint with a fix)
 * @param {Map<string, string>} [labels] pack names by id (packLabels)
 */
export function renderHint(doc, hint, actions, labels = new Map()) {
  const item = el(doc, "article", {
    "data-postcheck": "hint",
    "data-rule": hint.rule,
    "data-category": hint.category,
    "data-level": hint.level,
    class: `postcheck-hint postcheck-${hint.level}`,
  });
  item.append(el(doc, "span", { class: "postcheck-category" }, categoryLabel(hint.category)));
  item.append(el(doc, "p", { "data-postcheck": "message", class: "postcheck-message" }, hint.message));
  if (hint.excerpt) {
    item.append(el(doc, "blockquote", { "data-postcheck": "excerpt", class: "postcheck-excerpt" }, hint.excerpt));
  }
  if (hint.advice) item.append(el(doc, "p", { class: "postcheck-advice" }, hint.advice));
  if (hint.suggestions?.length) {
    const list = el(doc, "ul", { class: "postcheck-suggestions" });
    for (const suggestion of hint.suggestions) {
      const li = el(doc, "li");
      li.append(el(doc, "span", { "data-postcheck": "suggestion", class: "postcheck-suggestion" }, suggestion));
      // A lone punctuation mark ("!" for "!!!") is not worth copying: Apply makes that change.
      if (!isLoneMark(suggestion)) {
        const copy = el(doc, "button", { type: "button", "data-postcheck": "copy" }, t("copySuggestion"));
        copy.addEventListener("click", () => actions.onCopy?.(suggestion, copy));
        li.append(copy);
      }
      list.append(li);
    }
    item.append(list);
  }
  if (actions.onApply && hasFix(hint)) item.append(renderApply(doc, hint, actions.onApply, item));
  if (hint.guideline || hint.contact) item.append(renderWhy(doc, hint));
  const from = typeof hint.pack === "string" ? labels.get(hint.pack) : undefined;
  if (from) item.append(el(doc, "p", { "data-postcheck": "hint-pack", class: "postcheck-hint-pack" }, t("hintFromPack", [from])));
  return item;
}

/**
 * Identical hints as one card each: hints with the same rule, level, message
 * and pack, in the order of their first one, each with its passages (the
 * distinct excerpts, each once, in order, and how many hints have each) and
 * how many hints it stands for, and their indexes in `hints`.
 * @param {any[]} hints
 * @returns {{hint: any, excerpts: string[], counts: number[], count: number, indexes: number[]}[]}
 */
export function mergeHints(hints) {
  const cards = new Map();
  for (const [index, hint] of hints.entries()) {
    const key = sameHintKey(hint);
    let card = cards.get(key);
    if (!card) {
      card = { hint, excerpts: [], counts: [], count: 0, indexes: [] };
      cards.set(key, card);
    }
    card.count++;
    card.indexes.push(index);
    if (!hint.excerpt) continue;
    const i = card.excerpts.indexOf(hint.excerpt);
    if (i >= 0) card.counts[i]++;
    else {
      card.excerpts.push(hint.excerpt);
      card.counts.push(1);
    }
  }
  return [...cards.values()];
}

/**
 * What makes hints the same for one card: rule, level, message and pack.
 * @param {any} hint
 */
export function sameHintKey(hint) {
  return JSON.stringify([hint.rule, hint.level, hint.message, hint.pack ?? null]);
}

/**
 * A count in words of the UI language, with its plural form: the message
 * `${name}_one` or `${name}_other` (chrome.i18n has no plurals).
 * @param {string} name
 * @param {number} count
 */
export function plural(name, count) {
  let form;
  try {
    form = new Intl.PluralRules(t("uiLang")).select(count) === "one" ? "one" : "other";
  } catch {
    form = count === 1 ? "one" : "other";
  }
  return t(`${name}_${form}`, [String(count)]);
}

/** The message names of the summary's count per level. */
const SUMMARY_LEVEL = { important: "summaryImportant", consider: "summaryConsider", note: "summaryNote" };

/**
 * The summary line, first in the panel: "3 hints: 1 please check, 2 worth a
 * look" (cards, as shown: identical hints count once).
 * @param {Document} doc
 * @param {{hint: any}[]} cards
 */
export function renderSummary(doc, cards) {
  const parts = [];
  for (const level of LEVELS) {
    const n = cards.filter((c) => c.hint.level === level).length;
    if (n > 0) parts.push(plural(SUMMARY_LEVEL[level], n));
  }
  return el(doc, "p", { "data-postcheck": "summary", class: "postcheck-summary" }, `${plural("summaryHints", cards.length)} ${parts.join(", ")}`);
}

/**
 * One card: a hint (renderHint) standing for `count` identical ones, with its
 * passages each shown once: marked inside the message when the message quotes
 * the passage, as a list when there are several, else as a quote.
 * @param {Document} doc
 * (Test hooks: the card's `data-count`, and each passage's, when more than one hint;
 * `data-indexes`: the indexes of its hints in the result.)
 * @param {{hint: any, excerpts: string[], counts: number[], count: number, indexes?: number[]}} card
 * @param {{onCopy?: (text: string, button: HTMLButtonElement) => void}} actions
 * @param {Map<string, string>} [labels]
 */
export function renderCard(doc, card, actions, labels) {
  const item = renderHint(doc, card.hint, actions, labels);
  const quote = item.querySelector('[data-postcheck="excerpt"]');
  const message = item.querySelector('[data-postcheck="message"]');
  if (card.count > 1) item.setAttribute("data-count", String(card.count));
  if (card.indexes) item.setAttribute("data-indexes", card.indexes.join(" "));
  const text = message?.textContent ?? "";
  const [only] = card.excerpts;
  const at = card.excerpts.length === 1 ? quotedAt(text, only) : -1;
  if (message && at >= 0) {
    // The message quotes the passage: it is marked there, and not repeated.
    message.replaceChildren(
      doc.createTextNode(text.slice(0, at)),
      el(doc, "mark", { "data-postcheck": "excerpt", class: "postcheck-quoted", ...countOf(card.counts[0]) }, only),
      doc.createTextNode(text.slice(at + only.length)),
    );
    quote?.remove();
  } else if (card.excerpts.length === 1 && quote && card.counts[0] > 1) {
    quote.setAttribute("data-count", String(card.counts[0]));
  } else if (card.excerpts.length > 1 && quote) {
    const list = el(doc, "ul", { class: "postcheck-passages" });
    for (const [i, excerpt] of card.excerpts.entries()) {
      const li = el(doc, "li");
      li.append(el(doc, "q", { "data-postcheck": "excerpt", class: "postcheck-excerpt", ...countOf(card.counts[i]) }, excerpt));
      list.append(li);
    }
    quote.replaceWith(list);
  }
  if (card.count > 1 && message) {
    message.after(el(doc, "p", { "data-postcheck": "places", class: "postcheck-places" }, plural("hintPlaces", card.count)));
  }
  return item;
}

/** Quotation marks a message may put around the passage it quotes (en, de, fr, it). */
const OPENING = ['"', "„", "“", "«", "‘", "'"];
const CLOSING = ['"', "“", "”", "»", "’", "'"];

/**
 * Where `message` quotes `excerpt` (inside quotation marks, a space allowed
 * inside them as in French), or -1: a passage that merely occurs in the
 * message's words is not taken for a quote.
 * @param {string} message
 * @param {string} excerpt
 */
export function quotedAt(message, excerpt) {
  if (!excerpt) return -1;
  for (let at = message.indexOf(excerpt); at >= 0; at = message.indexOf(excerpt, at + 1)) {
    const before = message.slice(0, at).replace(/[ \u00a0\u202f]$/, "").slice(-1);
    const after = message.slice(at + excerpt.length).replace(/^[ \u00a0\u202f]/, "").slice(0, 1);
    if (OPENING.includes(before) && CLOSING.includes(after)) return at;
  }
  return -1;
}

/** The `data-count` attribute of a passage found more than once. @param {number} n */
const countOf = (n) => (n > 1 ? { "data-count": String(n) } : {});

/** True for a text that is one punctuation mark (what a run of repeated marks becomes). */
export function isLoneMark(text) {
  return /^\p{P}$/u.test(text);
}

/** True when the hint carries a fix the extension can make (`{kind, text}`, see content/apply-fix.js). */
export function hasFix(hint) {
  const fix = hint?.fix;
  return typeof fix === "object" && fix !== null && ["replace", "remove", "append"].includes(fix.kind) && typeof fix.text === "string";
}

/**
 * The Apply row of a hint: the button, and a line that says what came of it
 * (filled by the caller: see showFixOutcome). Only the user's own click counts.
 */
function renderApply(doc, hint, onApply, card) {
  const row = el(doc, "p", { "data-postcheck": "fix", class: "postcheck-fix" });
  const button = el(doc, "button", { type: "button", "data-postcheck": "apply", "aria-label": t("applyFixLabel") }, t("applyFix"));
  button.addEventListener("click", (event) => {
    if (event.isTrusted && !button.disabled) onApply(hint, button, card);
  });
  row.append(button);
  return row;
}

/**
 * Shows on a card what came of its Apply: "Applied" (the button stays, disabled),
 * or why not (the button goes; the card's suggestions stay to copy).
 * @param {HTMLElement} card
 * @param {HTMLButtonElement} button
 * @param {boolean} ok
 * @param {string | null} reason one of NOT_APPLIED (content/apply-fix.js)
 */
export function showFixOutcome(card, button, ok, reason) {
  const doc = card.ownerDocument;
  card.querySelector('[data-postcheck="fix-status"]')?.remove();
  const key = ok
    ? "fixApplied"
    : ({ gone: "fixNotAppliedGone", ambiguous: "fixNotAppliedAmbiguous", done: "fixNotAppliedDone", changed: "fixNotAppliedChanged" }[reason ?? ""] ?? "fixNotAppliedEditor");
  const status = el(doc, "p", { "data-postcheck": "fix-status", "data-state": ok ? "applied" : "not-applied", "data-reason": ok ? "" : String(reason ?? ""), role: "status", class: "postcheck-fix-status" }, t(key));
  if (ok) {
    button.disabled = true;
    button.after(status);
  } else {
    const row = button.parentElement;
    button.remove();
    (row ?? card).append(status);
  }
}

/** The "why?" fold: guideline title, text and link, and whom to ask. */
function renderWhy(doc, hint) {
  const why = el(doc, "details", { "data-postcheck": "why", class: "postcheck-why" });
  why.append(el(doc, "summary", {}, t("why")));
  const g = hint.guideline;
  if (g) {
    why.append(el(doc, "p", { class: "postcheck-guideline-title" }, g.title));
    why.append(el(doc, "p", { class: "postcheck-guideline-text" }, g.text));
    const href = g.link && safeLink(g.link);
    if (href) {
      const p = el(doc, "p");
      p.append(el(doc, "a", { href, target: "_blank", rel: "noopener noreferrer" }, t("readGuideline")));
      why.append(p);
    }
    // The guidelines page, at this guideline (guidelines/link.js).
    const onPage = readGuidelineLink(doc, hint, t("readGuidelineHere"));
    if (onPage) why.append(onPage);
  }
  const c = hint.contact;
  if (c) {
    const p = el(doc, "p", { class: "postcheck-contact" }, `${t("askContact")} ${c.name}`);
    for (const part of [c.email, c.phone]) if (part) p.append(doc.createTextNode(` · ${part}`));
    const href = c.url && safeLink(c.url);
    if (href) {
      p.append(doc.createTextNode(" · "));
      p.append(el(doc, "a", { href, target: "_blank", rel: "noopener noreferrer" }, href));
    }
    why.append(p);
  }
  return why;
}

/**
 * Replaces the content of `container` with an error line.
 * @param {HTMLElement} container
 * @param {string} message
 */
export function renderError(container, message) {
  container.replaceChildren(
    el(container.ownerDocument, "p", { "data-postcheck": "error", class: "postcheck-error" }, message),
  );
}

/**
 * Copies text to the clipboard and says so on the button for a moment.
 * @param {string} text
 * @param {HTMLButtonElement} button
 */
export async function copyToClipboard(text, button) {
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = t("copied");
  } catch {
    button.textContent = t("copyFailed");
  }
  setTimeout(() => {
    button.textContent = label;
  }, 1500);
}

/**
 * Adds the dismiss buttons to a hint's card: "Not here" (this draft) and "Not
 * again" (this rule for this passage, from now on; undone on the options page).
 * @param {Document} doc
 * @param {HTMLElement} item the card (renderHint)
 * @param {(scope: "here" | "again") => void} onDismiss
 */
export function renderDismiss(doc, item, onDismiss) {
  // At the top of the card, on the category's line.
  const row = el(doc, "span", { class: "postcheck-dismiss" });
  for (const [scope, label, title] of [
    ["here", "dismissHere", "dismissHereTitle"],
    ["again", "dismissAgain", "dismissAgainTitle"],
  ]) {
    const button = el(doc, "button", { type: "button", "data-postcheck": `dismiss-${scope}`, title: t(title) }, t(label));
    button.addEventListener("click", () => onDismiss(/** @type {"here" | "again"} */ (scope)));
    row.append(button);
  }
  item.prepend(row);
}
