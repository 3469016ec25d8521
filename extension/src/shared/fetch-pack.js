/**
 * Downloads a rule pack from an https address, treating the server as
 * untrusted: the body is read as a stream and given up as soon as it passes
 * 16 MiB (and before reading when `Content-Length` already says more); the
 * whole download has a time limit (30 s) and can be cancelled; redirects are
 * not followed (`redirect: "manual"`): a browser that followed one would
 * already have sent a request to wherever it points before the worker could
 * look, and a browser does not tell a script where an unfollowed redirect
 * points, so any redirect is refused and the employee or IT is asked for the
 * pack's own address (as defence in depth, a response from another https
 * origin is refused too, naming both addresses); the content type
 * must say JSON or a plain file (see `isPackContentType`). No cookies are sent
 * and nothing is cached.
 *
 * Used by the options page (an import or "Update now", after the user granted
 * the origin) and by the worker's automatic updates (background/updates.js),
 * which send the validators of the pack they hold (`If-None-Match`,
 * `If-Modified-Since`) and get `{notModified: true}` for a 304.
 *
 * Failures are `PackDownloadError`s with a `code` (the options page turns it
 * into a sentence) and the values to put in it.
 */

/** Largest pack downloaded, in bytes (the engine refuses more). */
export const MAX_PACK_BYTES = 16 * 1024 * 1024;
/** Longest a download may take, headers and body, in milliseconds. */
export const DOWNLOAD_TIMEOUT_MS = 30_000;

/** Why a download failed. */
export class PackDownloadError extends Error {
  /**
   * @param {"timeout" | "cancelled" | "too-large" | "redirected" | "content-type" | "http" | "not-utf8" | "network"} code
   * @param {string[]} values what the sentence names (addresses, a status, a type)
   */
  constructor(code, values = []) {
    super(`${code}: ${values.join(" ")}`);
    this.name = "PackDownloadError";
    this.code = code;
    this.values = values;
  }
}

/**
 * Content types a pack may come with: JSON (`application/json`, `text/json`,
 * any `+json`), or what plain file servers send for a `.json` file they do not
 * know (`text/plain`, `application/octet-stream`), or none. A web page
 * (`text/html`: a login or error page) and anything else are refused.
 * @param {string | null} header the Content-Type header
 */
export function isPackContentType(header) {
  if (header === null || header.trim() === "") return true;
  const type = header.split(";")[0].trim().toLowerCase();
  return (
    type === "application/json" ||
    type === "text/json" ||
    /^application\/[\w.+-]+\+json$/.test(type) ||
    type === "text/plain" ||
    type === "application/octet-stream"
  );
}

/**
 * True when `final` is on the same https origin as `requested`.
 * @param {string} requested
 * @param {string} final
 */
export function sameHttpsOrigin(requested, final) {
  try {
    const a = new URL(requested);
    const b = new URL(final);
    return a.protocol === "https:" && b.protocol === "https:" && a.origin === b.origin;
  } catch {
    return false;
  }
}

/**
 * True for an unfollowed redirect: what `redirect: "manual"` gives in a
 * browser (an "opaqueredirect" response, status 0, no headers), or a 3xx
 * status other than 304 (Not Modified) from any other fetch.
 * @param {Response} response
 */
export function isRedirect(response) {
  return response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400 && response.status !== 304);
}

/**
 * Downloads the pack at `url`.
 * @param {string} url an https address (checked by the caller)
 * @param {{signal?: AbortSignal, fetchImpl?: typeof fetch, timeoutMs?: number, maxBytes?: number, etag?: string, lastModified?: string}} [options]
 *   `signal` cancels (the Cancel button); `etag` and `lastModified` are the
 *   validators of the copy held (sent as `If-None-Match` and `If-Modified-Since`)
 * @returns {Promise<{notModified?: false, text: string, url: string, etag: string | null, lastModified: string | null} | {notModified: true, url: string}>}
 *   the pack's text, the final address and the response's validators; or, for a
 *   304 to a conditional request, `notModified`
 */
export async function fetchPack(
  url,
  { signal, fetchImpl = globalThis.fetch.bind(globalThis), timeoutMs = DOWNLOAD_TIMEOUT_MS, maxBytes = MAX_PACK_BYTES, etag, lastModified } = {},
) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (typeof etag === "string" && etag) headers["if-none-match"] = etag;
  if (typeof lastModified === "string" && lastModified) headers["if-modified-since"] = lastModified;
  const conditional = Object.keys(headers).length > 0;
  const controller = new AbortController();
  let why = null;
  const stop = (reason) => {
    why ??= reason;
    controller.abort();
  };
  const timer = setTimeout(() => stop("timeout"), timeoutMs);
  const onCancel = () => stop("cancelled");
  if (signal?.aborted) onCancel();
  signal?.addEventListener("abort", onCancel);
  try {
    let response;
    try {
      const init = { credentials: "omit", cache: "no-store", redirect: "manual", signal: controller.signal };
      response = await fetchImpl(url, conditional ? { ...init, headers } : init);
    } catch (e) {
      throw why ? new PackDownloadError(why) : new PackDownloadError("network", [String(e?.message ?? e)]);
    }
    if (isRedirect(response)) {
      response.body?.cancel().catch(() => {});
      throw new PackDownloadError("redirected", [url]);
    }
    const final = response.url || url;
    if (!sameHttpsOrigin(url, final)) {
      response.body?.cancel().catch(() => {});
      throw new PackDownloadError("redirected", [url, final]);
    }
    if (conditional && response.status === 304) {
      response.body?.cancel().catch(() => {});
      return { notModified: true, url: final };
    }
    if (!response.ok) {
      response.body?.cancel().catch(() => {});
      throw new PackDownloadError("http", [String(response.status)]);
    }
    const type = response.headers.get("content-type");
    if (!isPackContentType(type)) {
      response.body?.cancel().catch(() => {});
      throw new PackDownloadError("content-type", [String(type).slice(0, 100)]);
    }
    const length = Number(response.headers.get("content-length"));
    if (Number.isFinite(length) && length > maxBytes) {
      response.body?.cancel().catch(() => {});
      throw new PackDownloadError("too-large");
    }
    const bytes = await readCapped(response, maxBytes, () => why);
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      return { text, url: final, etag: response.headers.get("etag"), lastModified: response.headers.get("last-modified") };
    } catch {
      throw new PackDownloadError("not-utf8");
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onCancel);
  }
}

/**
 * Reads the body, at most `maxBytes`: stops reading (and cancels the
 * download) at the first chunk past it.
 * @param {Response} response
 * @param {number} maxBytes
 * @param {() => string | null} why why the download was aborted, if it was
 * @returns {Promise<Uint8Array>}
 */
async function readCapped(response, maxBytes, why) {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch (e) {
      throw why() ? new PackDownloadError(why()) : new PackDownloadError("network", [String(e?.message ?? e)]);
    }
    if (step.done) break;
    total += step.value.byteLength;
    if (total > maxBytes) {
      reader.cancel().catch(() => {});
      throw new PackDownloadError("too-large");
    }
    chunks.push(step.value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}
