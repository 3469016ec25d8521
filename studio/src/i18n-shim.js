/**
 * The extension's English UI strings for `shared/hint-list.js` (which reads
 * them through the extension API's `i18n.getMessage`), so that hints look
 * exactly as in the panel. Inside the extension the real API is there and
 * this does nothing. Imported first, before hint-list.js.
 */
import messages from "../../extension/_locales/en/messages.json";

if (!globalThis.chrome?.i18n && !globalThis.browser) {
  globalThis.browser = {
    i18n: {
      /** @param {string} name @param {string[]} [substitutions] */
      getMessage(name, substitutions) {
        const entry = messages[name];
        if (!entry) return "";
        return entry.message.replace(/\$(\d)/g, (_, n) => substitutions?.[Number(n) - 1] ?? "");
      },
      getUILanguage: () => "en",
    },
  };
}
