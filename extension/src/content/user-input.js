/**
 * Which editors the user has used: had a key press, a pointer press, typing,
 * a paste or a drop of the user's own (events the browser marks `isTrusted`).
 * Only those are ever checked (see composer.js).
 *
 * Recorded for the whole page from the moment the content script runs (a
 * capture listener on the window), so an editor the user types in before
 * postcheck has found it (a dialog that just opened) counts too. Every
 * editable element on the event's path is recorded (the editor and what is
 * inside it), across open shadow roots (`composedPath()`).
 *
 * What does not count: events the page dispatches (`isTrusted` false), and
 * the page's `focus()` and `execCommand()` (their focus and input events are
 * trusted, but they make none of these).
 */

/** Event types that only the user's own input makes trusted. */
export const USER_INPUT_EVENTS = ["pointerdown", "keydown", "beforeinput", "paste", "drop"];

/** @type {WeakSet<Element>} */
const used = new WeakSet();

/**
 * Starts recording (once per window).
 * @param {Window} win
 */
export function watchUserInput(win) {
  for (const type of USER_INPUT_EVENTS) {
    win.addEventListener(
      type,
      (event) => {
        if (!event.isTrusted) return;
        for (const node of event.composedPath()) {
          if (node instanceof win.HTMLElement && node.isContentEditable) used.add(node);
        }
      },
      { capture: true, passive: true },
    );
  }
}

/**
 * True once the user has used `editor` (see above).
 * @param {Element} editor
 */
export function usedByUser(editor) {
  return used.has(editor);
}
