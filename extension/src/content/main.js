/**
 * Content script entry (x.com, twitter.com, www.linkedin.com): puts a
 * "Check my draft" button next to every visible composer. Touches the DOM only;
 * the rule engine lives in the background worker and the page never sees the pack.
 */
import { api } from "../shared/browser-api.js";
import { KIND } from "../shared/protocol.js";
import { Composer, openComposers } from "./composer.js";
import { watchComposers } from "./discovery.js";
import { deepActiveElement } from "./dom.js";
import { siteFor } from "./sites/site.js";
import { watchUserInput } from "./user-input.js";

const site = siteFor(location.hostname);

if (site && !globalThis.__postcheckLoaded) {
  globalThis.__postcheckLoaded = true;
  watchUserInput(window);
  /** @type {Map<Element, Composer>} */
  const composers = new Map();

  const watcher = watchComposers(site, {
    found(editor) {
      const known = composers.get(editor);
      const composer = known ?? new Composer(site, editor);
      composers.set(editor, composer);
      composer.ensureAttached();
      // Focused before it was found (a dialog that opens with the focus in its
      // editor): it is about to be used. (Only when found: the page is scanned
      // every 2 s, and a composer that merely keeps the focus is not in use.)
      // Only once the user has used it: prepare() waits for that.
      const active = deepActiveElement();
      if (!known && active && (editor === active || editor.contains(active))) composer.prepare();
    },
    lost(editor) {
      composers.get(editor)?.destroy();
      composers.delete(editor);
    },
  });

  /** The composer being edited (or whose panel has the focus), else the first visible one. */
  const focusedComposer = () => {
    const active = deepActiveElement();
    for (const [editor, composer] of composers) {
      if (active && (editor === active || editor.contains(active))) return composer;
      if (composer.panel?.hasFocus()) return composer;
    }
    const first = watcher.scan()[0];
    return first ? composers.get(first) : null;
  };

  // The user's Escape (not the page's synthetic one) closes the most recently
  // opened panel, if it is really shown, and only then is the key consumed.
  document.addEventListener(
    "keydown",
    (event) => {
      if (!event.isTrusted || event.key !== "Escape" || openComposers.length === 0) return;
      const last = openComposers[openComposers.length - 1];
      if (!last.panel?.isOpen) return;
      last.closePanel();
      event.preventDefault();
      event.stopPropagation();
    },
    true,
  );

  // The keyboard shortcut (commands API) arrives from the background worker:
  // the user's own key press, but it checks only an editor the user has used
  // (see Composer.check); with the panel open on that draft it moves the focus
  // into the panel (see Composer.shortcut).
  api.runtime.onMessage.addListener((message, sender) => {
    if (sender?.id !== api.runtime.id || message?.kind !== KIND.RUN_CHECK) return false;
    focusedComposer()?.shortcut();
    return false;
  });
}
