/**
 * X (x.com, twitter.com): every selector postcheck uses on X, in one place.
 * Facts and their sources: extension/docs/composers.md.
 *
 * Editor: Draft.js, `[data-testid^="tweetTextarea_"][contenteditable="true"]`,
 * numbered `_0`, `_1`, ... for thread parts (timeline composer, compose modal,
 * replies, quote posts). Wrappers share the prefix (`tweetTextarea_0_label`,
 * `tweetTextarea_0RichTextInputContainer`) but are not contenteditable.
 * X keeps hidden pre-mounted composers: discovery keeps only visible editors.
 */
import { closestComposed } from "../dom.js";

/** Editors, most specific first. */
const EDITORS = [
  '[data-testid^="tweetTextarea_"][contenteditable="true"]',
  // Fallback if the test ids go: a stock Draft.js editor.
  '.public-DraftEditor-content[contenteditable="true"][role="textbox"]',
];

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
