/**
 * The WebExtension API object: `browser` in Firefox (promise-based), `chrome` in Chromium
 * (promise-based in Manifest V3 too). Every module takes it from here.
 */
export const api = globalThis.browser ?? globalThis.chrome;

/**
 * Sends a typed message (`{kind, ...}`) to the background worker and resolves with its answer.
 * Answers are `{ok: true, ...}` or `{ok: false, error: {code, message, problems?}}`.
 * @param {{kind: string}} message
 * @returns {Promise<any>}
 */
export async function ask(message) {
  try {
    const answer = await api.runtime.sendMessage(message);
    return answer ?? { ok: false, error: { code: "no-answer", message: "The postcheck engine did not answer." } };
  } catch (e) {
    return { ok: false, error: { code: "unreachable", message: String(e?.message ?? e) } };
  }
}
