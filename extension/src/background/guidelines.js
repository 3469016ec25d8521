/**
 * The answer to `guidelines` (shared/protocol.js; extension pages only): the
 * guideline page of each layer of the active stack, bottom first, in the
 * reader's languages, as the engine's `guidelines` gives it (the same page as
 * `postcheck pack docs`; hashed names are never in it). Read by the
 * guidelines page (src/guidelines); nothing is stored.
 */
import { answer, ERROR } from "../shared/protocol.js";

/**
 * The guidelines answer of `engine` for a reader of `locales`.
 * @param {{guidelines?: (locale: string, fallback: string[]) => any}} engine
 * @param {{locale: string, fallback_locales: string[]}} locales
 * @returns {import("../shared/protocol.js").GuidelinesAnswer | import("../shared/protocol.js").Failure}
 */
export function guidelinesAnswer(engine, { locale, fallback_locales }) {
  if (typeof engine?.guidelines !== "function") {
    return answer.failure(ERROR.ENGINE, "this version of the engine cannot show the guidelines; update the extension");
  }
  return answer.guidelines(engine.guidelines(locale, fallback_locales));
}
