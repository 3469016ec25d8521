/**
 * "Apply": makes a hint's fix (`hint.fix`, see the core's `engine/report.rs`:
 * `{kind: "replace" | "remove" | "append", text}`) in the composer's editor,
 * after the employee clicked Apply on that hint's card, and only then.
 *
 * Pure part (`planFix`, tested in Node): where the change goes in the draft as
 * it is now, which may differ from the draft that was checked (the employee
 * kept typing), and the exact text the draft must be afterwards. The passage
 * is taken where it was when the text before it is unchanged, where it moved
 * to when only the text before it changed, else the same occurrence of it
 * (the k-th of the same count); anything else is refused, never guessed.
 *
 * Editor part (`applyFix`): selects the passage (a DOM range from the text
 * model's offsets) and writes through the editor's own input path,
 * `document.execCommand("insertText" | "delete")` on the selection: Draft.js,
 * Quill and ProseMirror/Tiptap all take it as the user's input, update their
 * model (so the Post button follows) and put it in their own undo history
 * (Ctrl+Z). Then the draft is read back through the text model and compared
 * with the expected text exactly; on any difference the change is written
 * back the same way (the editor holds the original again) and the answer says
 * why it was not applied.
 *
 * Nothing here runs but from `Composer.applyFix`, which only the panel frame's
 * port reaches (a click in the extension's own frame), never the page.
 */
import { buildTextModel, positionAt } from "./text-model.js";

/** The kinds of fix the extension makes. */
export const FIX_KINDS = Object.freeze(["replace", "remove", "append"]);

/** Longest text a fix may write, in UTF-16 units (an engine's fix is a word or a disclosure). */
export const MAX_FIX_TEXT = 10_000;

/** Why a fix was not made (the panel words each). */
export const NOT_APPLIED = Object.freeze({
  /** The passage is no longer in the draft as it was checked. */
  GONE: "gone",
  /** The passage occurs more or fewer times than at the check: which one is meant is unclear. */
  AMBIGUOUS: "ambiguous",
  /** Already done (the text to append is already at the end). */
  DONE: "done",
  /** The editor did not take the change exactly; it was put back. */
  EDITOR: "editor",
  /** The editor did not take the change exactly, and could not be put back exactly either. */
  CHANGED: "changed",
});

/**
 * The fix of a hint, when it is one the extension makes: a known kind, a
 * string text of bounded length, a span inside the checked text whose text is
 * the excerpt. Null otherwise.
 * @param {any} hint
 * @param {string} checked the text that was checked
 * @returns {{kind: "replace" | "remove" | "append", text: string} | null}
 */
export function fixOf(hint, checked) {
  const fix = hint?.fix;
  if (!fix || typeof fix !== "object" || !FIX_KINDS.includes(fix.kind)) return null;
  if (typeof fix.text !== "string" || fix.text.length > MAX_FIX_TEXT) return null;
  if (!Number.isInteger(hint.start) || !Number.isInteger(hint.end) || hint.start < 0 || hint.end > checked.length) return null;
  if (checked.slice(hint.start, hint.end) !== hint.excerpt) return null;
  if (fix.kind !== "append" && hint.end <= hint.start) return null;
  if (fix.kind === "remove" && fix.text !== "") return null;
  if (fix.kind === "append" && fix.text.trim() === "") return null;
  return { kind: fix.kind, text: fix.text };
}

/**
 * The starts of the occurrences of `needle` in `text`, left to right, none overlapping.
 * @param {string} text
 * @param {string} needle
 */
export function occurrences(text, needle) {
  const out = [];
  if (needle === "") return out;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) out.push(at);
  return out;
}

/**
 * Where the passage `checked.slice(start, end)` is in `now`: `{start, end}`
 * in `now`, or `{refused}` (NOT_APPLIED.GONE or AMBIGUOUS).
 * @param {string} checked
 * @param {number} start
 * @param {number} end
 * @param {string} now
 * @returns {{start: number, end: number} | {refused: string}}
 */
export function locatePassage(checked, start, end, now) {
  const passage = checked.slice(start, end);
  const length = end - start;
  // Same place: the text before it is as it was (typed after it, or nothing changed).
  if (now.startsWith(checked.slice(0, start)) && now.slice(start, end) === passage) return { start, end };
  // Moved: the text after it is as it was (typed before it).
  const after = checked.slice(end);
  const moved = now.length - after.length - length;
  if (moved >= 0 && now.endsWith(after) && now.slice(moved, moved + length) === passage) return { start: moved, end: moved + length };
  // Else the same occurrence, when it occurs as often as at the check.
  const before = occurrences(checked, passage);
  const k = before.indexOf(start);
  const found = occurrences(now, passage);
  if (found.length === 0) return { refused: NOT_APPLIED.GONE };
  if (k === -1 || found.length !== before.length) return { refused: NOT_APPLIED.AMBIGUOUS };
  return { start: found[k], end: found[k] + length };
}

/**
 * The change to make for `hint` in the draft as it is now.
 * @param {string} checked the text that was checked (the hint's offsets index it)
 * @param {any} hint
 * @param {string} now the draft now
 * @returns {{start: number, end: number, text: string, expected: string} | {refused: string}}
 *   replace `now.slice(start, end)` by `text`, which makes the draft `expected`
 */
export function planFix(checked, hint, now) {
  const fix = fixOf(hint, checked);
  if (!fix) return { refused: NOT_APPLIED.GONE };
  if (fix.kind === "append") {
    const end = now.trimEnd().length;
    const addition = fix.text.trim();
    if (now.slice(0, end).endsWith(addition)) return { refused: NOT_APPLIED.DONE };
    // The text before the addition's separator: none when the draft is empty.
    const text = end === 0 ? addition : fix.text;
    return { start: end, end, text, expected: now.slice(0, end) + text + now.slice(end) };
  }
  const at = locatePassage(checked, hint.start, hint.end, now);
  if ("refused" in at) return at;
  const { start, end } = fix.kind === "remove" ? withOneSpace(now, at.start, at.end) : at;
  return { start, end, text: fix.text, expected: now.slice(0, start) + fix.text + now.slice(end) };
}

/**
 * A passage to remove, with one space along when it stands between two (or
 * between a space and the end of its line): no double space is left.
 * @param {string} text
 * @param {number} start
 * @param {number} end
 */
export function withOneSpace(text, start, end) {
  const before = start === 0 ? "\n" : text[start - 1];
  const after = end === text.length ? "\n" : text[end];
  if (after === " " && (before === " " || before === "\n")) return { start, end: end + 1 };
  if (before === " " && after === "\n") return { start: start - 1, end };
  return { start, end };
}

/**
 * The smallest change that turns `from` into `to`: the span of `from` that
 * differs (common start and end left out) and the text of `to` in its place.
 * @param {string} from
 * @param {string} to
 * @returns {{start: number, end: number, text: string}}
 */
export function difference(from, to) {
  let start = 0;
  const max = Math.min(from.length, to.length);
  while (start < max && from[start] === to[start]) start++;
  let tail = 0;
  while (tail < max - start && from[from.length - 1 - tail] === to[to.length - 1 - tail]) tail++;
  return { start, end: from.length - tail, text: to.slice(start, to.length - tail) };
}

/** The Selection that holds the editor's caret (Chromium's shadow roots have one of their own). */
function selectionFor(editor) {
  const root = /** @type {any} */ (editor.getRootNode());
  if (root && root !== editor.ownerDocument && typeof root.getSelection === "function") return root.getSelection();
  return editor.ownerDocument.getSelection();
}

/** Resolves after the browser has sent `selectionchange` and the editors took it (a task later). */
function settle(win) {
  return new Promise((resolve) => win.setTimeout(resolve, 30));
}

/**
 * Selects model span `start..end` (collapsed when equal) in the editor and
 * writes `text` there through the editor's input path. False when the span
 * has no place in the DOM.
 * @param {Element} editor
 * @param {"draft" | "blocks"} kind
 * @param {{start: number, end: number, text: string}} edit
 */
async function write(editor, kind, edit) {
  const doc = editor.ownerDocument;
  const win = doc.defaultView;
  const model = buildTextModel(editor, kind);
  const a = positionAt(model, edit.start, edit.start === edit.end ? "end" : "start");
  const b = positionAt(model, edit.end, "end");
  if (!a || !b) return false;
  /** @type {HTMLElement} */ (editor).focus({ preventScroll: true });
  const selection = selectionFor(editor);
  if (!selection) return false;
  selection.setBaseAndExtent(a.node, a.offset, b.node, b.offset);
  await settle(win);
  if (edit.text === "") doc.execCommand("delete", false);
  else doc.execCommand("insertText", false, edit.text);
  await settle(win);
  return true;
}

/** The draft as the editor shows it now (well-formed, as it was checked). */
function readNow(editor, kind) {
  return buildTextModel(editor, kind).text.toWellFormed();
}

/**
 * Waits (a few tasks at most) until the editor's text is `want`; returns the text read last.
 * @param {Element} editor
 * @param {"draft" | "blocks"} kind
 * @param {string} want
 */
async function readBack(editor, kind, want) {
  const win = editor.ownerDocument.defaultView;
  let now = readNow(editor, kind);
  for (let i = 0; i < 5 && now !== want; i++) {
    await new Promise((resolve) => win.setTimeout(resolve, 40));
    now = readNow(editor, kind);
  }
  return now;
}

/**
 * Makes `hint`'s fix in the editor, checked against the expected text.
 * @param {Element} editor the composer's contenteditable
 * @param {"draft" | "blocks"} kind how its text model is built (site.modelKind)
 * @param {string} checked the text that was checked
 * @param {any} hint
 * @returns {Promise<{ok: true} | {ok: false, reason: string}>}
 */
export async function applyFix(editor, kind, checked, hint) {
  if (!editor.isConnected) return { ok: false, reason: NOT_APPLIED.GONE };
  const before = readNow(editor, kind);
  const plan = planFix(checked, hint, before);
  if ("refused" in plan) return { ok: false, reason: plan.refused };
  if (!(await write(editor, kind, plan))) return { ok: false, reason: NOT_APPLIED.GONE };
  const after = await readBack(editor, kind, plan.expected);
  if (after === plan.expected) return { ok: true };
  // Not what was meant: write the original back the same way (the editor's own history holds both).
  if (after !== before) {
    const back = difference(after, before);
    await write(editor, kind, back);
    if ((await readBack(editor, kind, before)) !== before) return { ok: false, reason: NOT_APPLIED.CHANGED };
  }
  return { ok: false, reason: NOT_APPLIED.EDITOR };
}
