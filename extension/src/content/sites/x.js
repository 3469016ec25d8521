/**
 * X (x.com, twitter.com): every selector postcheck uses on X, in one place.
 * Facts and their sources: extension/docs/composers.md.
 *
 * Editor: Draft.js, `[data-testid^="tweetTextarea_"][contenteditable="true"]`,
 * numbered `_0`, `_1`, ... for thread parts (timeline composer, compose modal,
 * replies, quote posts). Wrappers share the prefix (`tweetTextarea_0_label`,
 * `tweetTextarea_0RichTextInputContainer`) but are not contenteditable.
 * X keeps hidden pre-mounted composers: discovery keeps only visible editors.
 * Two independent markers, either suffices: X's test id, or the structure of a
 * stock Draft.js editor (editable in any way, `plaintext-only` too).
 * Direct messages (private correspondence, not posting) never get a button:
 * any sign of them (the page's path, the conversation's containers, a test id
 * or label naming messages) keeps an editor out.
 */
import { closestComposed } from "../dom.js";

/** Editable in any way (`true`, `""`, `plaintext-only`). */
const EDITABLE = ':not([contenteditable="false" i])[contenteditable]';

/** Editors, most specific first. */
const EDITORS = [
  `[data-testid^="tweetTextarea_"]${EDITABLE}`,
  // Fallback if the test ids go: a stock Draft.js editor.
  `.public-DraftEditor-content${EDITABLE}[role="textbox"]`,
];

/** Where direct messages are written (X's DM screens and drawer). */
const MESSAGING = '[data-testid^="dm" i], [data-testid="DMDrawer"], [aria-label*="direct message" i]';
/** The paths of X's messages. */
const MESSAGING_PATH = /^\/(?:messages|i\/chat)(?:\/|$)/;

/**
 * True when an X editor is a posting surface (a post, reply, quote or thread
 * part), not a direct message.
 * @param {Element} editor
 * @param {string} [path] the page's path (default: the editor's document's)
 */
export function isPostEditor(editor, path = editor.ownerDocument?.defaultView?.location?.pathname ?? "") {
  if (MESSAGING_PATH.test(path)) return false;
  if (/message/i.test(editor.getAttribute("aria-label") ?? "")) return false;
  return closestComposed(editor, MESSAGING) === null;
}

/** Where X shows the photos and videos attached to a post. */
const ATTACHMENTS = '[data-testid="attachments"]';

/** The compose modal (under `#layers`); the timeline composer stays live behind it. */
const DIALOG = '[role="dialog"], dialog';

/** @type {import("./site.js").Site} */
export const x = {
  name: "x",
  platform: "x",
  matches: (host) => host === "x.com" || host === "twitter.com" || host.endsWith(".x.com") || host.endsWith(".twitter.com"),
  editorSelector: EDITORS.join(", "),
  isComposer: (editor) => isPostEditor(editor),
  modelKind: () => "draft",
  dialogOf: (editor) => closestComposed(editor, DIALOG),
  /** The button and panel go right after the editor's own wrapper, never inside the contenteditable. */
  anchorOf(editor) {
    const id = editor.getAttribute("data-testid");
    if (id) {
      const label = editor.closest(`[data-testid="${CSS.escape(id)}_label"]`);
      if (label) return label;
      const container = editor.closest(`[data-testid="${CSS.escape(id)}RichTextInputContainer"]`);
      if (container) return container;
    }
    return editor.closest(".DraftEditor-root") ?? editor;
  },
  /**
   * Media attached to this post: the attachments box of the nearest ancestor that
   * holds no other editor (thread parts each have their own).
   */
  mediaOf(editor) {
    for (let node = editor.parentElement; node; node = node.parentElement) {
      if ([...node.querySelectorAll(EDITORS[0])].some((e) => e !== editor)) return [];
      const box = node.querySelector(ATTACHMENTS);
      if (box) {
        const media = [];
        if (box.querySelector("img")) media.push("image");
        if (box.querySelector("video")) media.push("video");
        return media;
      }
      if (node.matches(DIALOG)) return [];
    }
    return [];
  },
};
