import { answer, ERROR } from "./protocol.js";

/**
 * The WebExtension API object: `browser` in Firefox (promise-based), `chrome` in Chromium
 * (promise-based in Manifest V3 too). Every module takes it from here.
 */
export const api = globalThis.browser ?? globalThis.chrome;

/**
 * Sends a request (made by `request` in protocol.js) to the background worker
 * and resolves with its answer, or with a `no-answer`/`unreachable` Failure.
 * @param {import("./protocol.js").Request} message
 * @returns {Promise<any>}
 */
export async function ask(message) {
  try {
    const reply = await api.runtime.sendMessage(message);
    return reply ?? answer.failure(ERROR.NO_ANSWER, "The postcheck engine did not answer.");
  } catch (e) {
    return answer.failure(ERROR.UNREACHABLE, String(e?.message ?? e));
  }
}
