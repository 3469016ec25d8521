/**
 * LinkedIn (www.linkedin.com): every selector postcheck uses on LinkedIn, in one place.
 * Facts and their sources: extension/docs/composers.md.
 *
 * An editable element is a composer when it is one of LinkedIn's editors (the
 * editor library: Quill's `.ql-editor`, ProseMirror/Tiptap, or an editable
 * textbox, `plaintext-only` too; never Quill's hidden `.ql-clipboard`) and its
 * surroundings tell which posting surface it is:
 *
 * - share box: classic Quill in the open shadow root of `#interop-outlet`
 *   (`.share-creation-state__text-editor`, `.share-box-v2__modal`), or the new
 *   Tiptap `[componentkey="ShareBox_textEditor"]` in
 *   `[data-sdui-screen*="sharing.ShareCompose"]`;
 * - comment or reply: Quill in `form.comments-comment-box__form` (live on post
 *   pages), or Tiptap in `[componentkey^="commentBox"]` >
 *   `[data-view-name="comment-box"]`, with or without the
 *   `ui-core-tiptap-text-editor-wrapper` test id, inside a post;
 * - article or newsletter: the ProseMirror body on `/article/new/` and
 *   `/article/edit/…`, next to a `textarea` for the title (see `titleOf`).
 *
 * Messaging (private correspondence, not posting) never gets a button: any
 * sign of it wins over every other marker.
 *
 * Each surface is known by several independent markers; structure (class
 * names of the surface, component keys, where it sits, the page's path) weighs
 * 2, a test id or an English label only 1, and a surface needs 2: a test id or
 * a label never decides alone, and losing any one structural marker leaves
 * another. The Tiptap test-id wrapper is shared by share box, comments and
 * messages, so it tells the editor library, not the surface.
 * A same-origin `iframe[data-testid="interop-iframe"]` holds a hidden decoy
 * `.ql-editor`: content scripts run in the top frame only and keep only visible editors.
 */
import { closestComposed, EDITABLE } from "../dom.js";

/** Quill's editor (its hidden `.ql-clipboard` sits next to it in `.ql-container`). */
const QUILL_EDITOR = ".ql-editor";
/** Tiptap/ProseMirror editors. */
const PROSEMIRROR = ".ProseMirror, .tiptap";
/** The wrapper LinkedIn puts around its Tiptap editors (share box, comments and, reportedly, messages). */
const TIPTAP_WRAPPER = '[data-testid="ui-core-tiptap-text-editor-wrapper"]';

/** The element types of editors: a library's editor, or an editable textbox. */
const EDITOR_KINDS = `${QUILL_EDITOR}, ${PROSEMIRROR}, [role="textbox"]`;

/** A post in a feed or on a post page (comments live inside one). */
const POST = '[data-view-name="feed-full-update"], .feed-shared-update-v2, [data-urn^="urn:li:activity"], [role="article"]';
/** The article editor pages (articles and newsletters). */
const ARTICLE_PATH = /^\/(?:article\/(?:new|edit)|pulse\/[^/]+\/edit)(?:\/|$)/;
/** How far up from the editor its surroundings are looked at (a form, a title field, buttons). */
const NEAR_LEVELS = 6;

/**
 * @typedef {"share" | "comment" | "article"} Surface
 * @typedef {{weight: 1 | 2, test: (editor: Element, path: string) => boolean}} Marker
 *   weight 2: structure; 1: a test id or an English label (confirmation only)
 */

/** @type {(selector: string) => (editor: Element) => boolean} */
const inside = (selector) => (editor) => closestAcross(editor, selector) !== null;
/** @type {(selector: string) => (editor: Element) => boolean} */
const near = (selector) => (editor) => nearHas(editor, selector);
/** @type {(pattern: RegExp) => (editor: Element) => boolean} */
const labelled = (pattern) => (editor) => labelsOf(editor).some((label) => pattern.test(label));

/** Signs of messaging: any one of them keeps the editor out. @type {Marker[]} */
const MESSAGING = [
  { weight: 2, test: (editor) => editor.matches(".msg-form__contenteditable, [class*='msg-form__']") },
  { weight: 2, test: inside(".msg-form, .msg-overlay-conversation-bubble, .msg-convo-wrapper, #msg-overlay, .msg-s-message-list-container, [class*='msg-overlay']") },
  { weight: 2, test: (_, path) => /^\/messaging(?:\/|$)/.test(path) },
  { weight: 1, test: inside('[data-view-name*="messag" i], [componentkey*="messag" i], [data-testid*="messag" i], [aria-label*="messag" i]') },
  { weight: 1, test: labelled(/\bmessag/i) },
];

/** Markers of each posting surface. @type {Record<Surface, Marker[]>} */
const SURFACES = {
  comment: [
    { weight: 2, test: inside("form.comments-comment-box__form, .comments-comment-box, .comments-comment-texteditor") },
    { weight: 2, test: inside('[componentkey^="commentBox" i]') },
    { weight: 2, test: inside('[data-view-name="comment-box"]') },
    { weight: 2, test: inside(POST) },
    { weight: 1, test: labelled(/\bcomment|\brepl/i) },
    { weight: 1, test: near('[data-view-name="feed-comment-button"], [data-view-name="comment-post"], [data-view-name="comment-emoji-picker"], [data-view-name="comment-add-image"], .comments-comment-box__submit-button, .comments-comment-box__submit-button--cr') },
  ],
  share: [
    { weight: 2, test: (editor) => editor.matches('[componentkey="ShareBox_textEditor"]') },
    { weight: 2, test: inside('[data-sdui-screen*="sharing.ShareCompose"]') },
    { weight: 2, test: inside(".share-creation-state__text-editor, .share-creation-state, .share-box-v2__modal, .share-box") },
    { weight: 1, test: inside('[data-test-modal-id="sharebox"]') },
    { weight: 1, test: inside('dialog, [role="dialog"]') },
  ],
  article: [
    { weight: 2, test: (_, path) => ARTICLE_PATH.test(path) },
    { weight: 2, test: (editor) => titleFieldOf(editor) !== null },
    { weight: 1, test: labelled(/\barticle\b/i) },
  ],
};

/** The order in which equal scores are settled (the most specific surroundings first). */
const ORDER = /** @type {Surface[]} */ (["comment", "share", "article"]);

/**
 * The closest ancestor (or the element itself) matching `selector`, across
 * shadow boundaries: the browser's own `closest()` in each tree, then on from
 * the shadow root's host (as closestComposed in dom.js, a tree at a time).
 * @param {Element} element
 * @param {string} selector
 * @returns {Element | null}
 */
function closestAcross(element, selector) {
  for (let el = element; el; ) {
    const hit = el.closest(selector);
    if (hit) return hit;
    const root = el.getRootNode?.();
    el = root && root !== el && root.nodeType === 11 ? /** @type {ShadowRoot} */ (root).host : null;
  }
  return null;
}

/** The `aria-label`s of the editor and of its ancestors up to NEAR_LEVELS. @param {Element} editor */
function labelsOf(editor) {
  const labels = [];
  let node = editor;
  for (let i = 0; node && i <= NEAR_LEVELS; i++, node = node.parentElement) {
    const label = node.getAttribute("aria-label");
    if (label) labels.push(label);
  }
  return labels;
}

/** The surroundings of an editor: its form, else its ancestor NEAR_LEVELS up (or the highest one below that). */
function surroundingsOf(editor) {
  const form = editor.closest("form");
  if (form) return form;
  let node = editor;
  for (let i = 0; i < NEAR_LEVELS && node.parentElement; i++) node = node.parentElement;
  return node;
}

/** True when the editor's surroundings hold an element matching `selector` outside the editor. */
function nearHas(editor, selector) {
  return [...surroundingsOf(editor).querySelectorAll(selector)].some((el) => !editor.contains(el));
}

/**
 * The title field of an article editor: the first `textarea` before the
 * editor in the nearest ancestor (up to NEAR_LEVELS) that holds one, outside
 * any post, comment or share box; or null.
 * @param {Element} editor
 * @returns {HTMLTextAreaElement | null}
 */
export function titleFieldOf(editor) {
  let node = editor.parentElement;
  for (let i = 0; node && i < NEAR_LEVELS; i++, node = node.parentElement) {
    const field = [...node.querySelectorAll("textarea")].find((t) => !editor.contains(t) && isBefore(t, editor));
    if (field) return closestAcross(field, `${POST}, .comments-comment-box, [componentkey^="commentBox" i], .share-box, dialog, [role="dialog"]`) ? null : /** @type {any} */ (field);
  }
  return null;
}

/** True when `a` comes before `b` in the document and neither contains the other. */
function isBefore(a, b) {
  const chain = (node) => {
    const out = [];
    for (let n = node; n; n = n.parentNode) out.unshift(n);
    return out;
  };
  const ca = chain(a);
  const cb = chain(b);
  let i = 0;
  while (i < ca.length && i < cb.length && ca[i] === cb[i]) i++;
  if (i === 0 || i === ca.length || i === cb.length) return false;
  for (let n = ca[i].nextSibling; n; n = n.nextSibling) if (n === cb[i]) return true;
  return false;
}

/** The path of the editor's page. @param {Element} editor */
function pathOf(editor) {
  return editor.ownerDocument?.defaultView?.location?.pathname ?? "";
}

/** The sum of the weights of the markers that hold. */
function score(markers, editor, path) {
  let sum = 0;
  for (const m of markers) if (m.test(editor, path)) sum += m.weight;
  return sum;
}

/**
 * True when `el` is one of LinkedIn's editors: editable, a library's editor or
 * a textbox, and not one of Quill's helpers (its hidden `.ql-clipboard`, or
 * anything else in `.ql-container` that is not `.ql-editor`).
 * @param {Element} el
 */
export function isLinkedinEditor(el) {
  if (!el.matches(EDITABLE) || !el.matches(EDITOR_KINDS)) return false;
  if (el.matches(".ql-clipboard") || el.closest(".ql-clipboard")) return false;
  if (el.closest(".ql-container") && !el.matches(QUILL_EDITOR)) return false;
  return true;
}

/**
 * The posting surface of a LinkedIn editor, or null (messaging, or not known
 * by enough markers: see the module's comment).
 * @param {Element} editor
 * @param {string} [path] the page's path (default: the editor's document's)
 * @returns {Surface | null}
 */
export function surfaceOf(editor, path = pathOf(editor)) {
  if (!isLinkedinEditor(editor)) return null;
  if (MESSAGING.some((m) => m.test(editor, path))) return null;
  let best = null;
  let bestScore = 1;
  for (const surface of ORDER) {
    const s = score(SURFACES[surface], editor, path);
    if (s > bestScore) {
      best = surface;
      bestScore = s;
    }
  }
  return best;
}

/** @type {import("./site.js").Site} */
export const linkedin = {
  name: "linkedin",
  platform: "linkedin",
  matches: (host) => host === "www.linkedin.com" || host === "linkedin.com",
  // Every editable element; isComposer keeps the posting surfaces.
  editorSelector: EDITABLE,
  isComposer: (editor) => surfaceOf(editor) !== null,
  modelKind: () => "blocks",
  dialogOf: (editor) => closestComposed(editor, 'dialog, [role="dialog"], [data-test-modal-id="sharebox"]'),
  /**
   * The button and panel go after the editor's frame: Quill's container, the
   * Tiptap wrapper, the comment box; on an article page between the title and
   * the body (the body can be long: the hints are shown at its top).
   */
  anchorOf(editor) {
    if (surfaceOf(editor) === "article") {
      const title = titleFieldOf(editor);
      if (title) return title;
    }
    return editor.closest(".ql-container") ?? editor.closest(TIPTAP_WRAPPER) ?? editor.closest('[data-view-name="comment-box"]') ?? editor;
  },
  /**
   * The title of an article, checked with its body (it is published with it,
   * and it is what readers see first); null for the other surfaces.
   */
  titleOf(editor) {
    if (surfaceOf(editor) !== "article") return null;
    const field = titleFieldOf(editor);
    return field ? String(field.value ?? field.textContent ?? "") : null;
  },
  /** Attached media are not read on LinkedIn yet (no reliable markup known). */
  mediaOf: () => [],
};
