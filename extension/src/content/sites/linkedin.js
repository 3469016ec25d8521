/**
 * LinkedIn (www.linkedin.com): every selector postcheck uses on LinkedIn, in one place.
 * Facts and their sources: extension/docs/composers.md.
 *
 * - Classic share box: Quill 1.x inside the open shadow root of `#interop-outlet`
 *   (`.ql-editor[contenteditable="true"]`, `data-test-ql-editor-contenteditable`).
 * - New share box: Tiptap/ProseMirror in a native `<dialog>`,
 *   `[componentkey="ShareBox_textEditor"][contenteditable="true"]`.
 * - Comments: Tiptap in `[data-testid="ui-core-tiptap-text-editor-wrapper"]`
 *   (older: `.comments-comment-box__form .ql-editor`).
 * - A same-origin `iframe[data-testid="interop-iframe"]` holds a hidden decoy
 *   `.ql-editor`: content scripts run in the top frame only and keep only visible editors.
 */
import { closestComposed } from "../dom.js";

const QUILL = '.ql-editor[contenteditable="true"]';
const SHARE_TIPTAP = '[componentkey="ShareBox_textEditor"][contenteditable="true"]';
const COMMENT_TIPTAP = '[data-testid="ui-core-tiptap-text-editor-wrapper"] [contenteditable="true"][role="textbox"]';
const OLDER = '.share-creation-state__text-editor [contenteditable="true"]';

const EDITORS = [QUILL, SHARE_TIPTAP, COMMENT_TIPTAP, OLDER];

/** The share box modal: native `<dialog>` (new), `role="dialog"` / `data-test-modal-id` (classic). */
const DIALOG = 'dialog, [role="dialog"], [data-test-modal-id="sharebox"]';

/** @type {import("./site.js").Site} */
export const linkedin = {
  name: "linkedin",
  platform: "linkedin",
  matches: (host) => host === "www.linkedin.com" || host === "linkedin.com",
  editorSelector: EDITORS.join(", "),
  modelKind: () => "blocks",
  dialogOf: (editor) => closestComposed(editor, DIALOG),
  /** The button and panel go after the editor's frame: Quill's container, the comment wrapper, or the editor. */
  anchorOf(editor) {
    return (
      editor.closest(".ql-container") ??
      editor.closest('[data-testid="ui-core-tiptap-text-editor-wrapper"]') ??
      editor
    );
  },
  /** Attached media are not read on LinkedIn yet (no reliable markup known). */
  mediaOf: () => [],
};
