/**
 * The messages the background worker accepts, and their validation.
 *
 * Every message is a plain object with a `kind`. Anything else, any unknown field
 * type or any oversized value is refused before it reaches the engine.
 *
 * - `check`        {text, platform?, media?}       from content scripts and extension pages
 * - `warm`         {}                              from content scripts: a composer is about to be
 *                                                  used; the worker (started by it) builds the pack
 * - `pack-info`    {}                              from extension pages
 * - `pack-import`  {json, source: {type: "file"|"url", url?, name?}}  from extension pages
 * - `pack-revert`  {}                              from extension pages
 * - `panel-register` {secret}                      from content scripts, and
 * - `panel-claim`  {secret}                        from the panel page: see panel-secrets.js
 */

/**
 * Largest draft checked, in UTF-16 code units. A LinkedIn post holds 3,000
 * characters, an X post 280 (25,000 for long posts): 100,000 is far more than
 * any post, and bounds the work a page could make the engine do per check.
 * A longer draft is answered `too-long` (the panel says it was not checked;
 * posting is not affected).
 */
export const MAX_TEXT = 100_000;
/** Largest pack accepted, in UTF-16 code units (the core refuses more than 16 MiB). */
export const MAX_PACK = 16 * 1024 * 1024;
const PLATFORMS = new Set(["x", "linkedin"]);
const MEDIA = new Set(["image", "video", "document"]);

/** Kinds that only the extension's own pages (popup, options) may send. */
const PAGE_ONLY = new Set(["pack-info", "pack-import", "pack-revert"]);

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const isShortString = (v, max = 2048) => typeof v === "string" && v.length <= max;

/**
 * Checks that only the listed keys are present.
 * @param {object} msg
 * @param {string[]} allowed
 */
function onlyKeys(msg, allowed) {
  return Object.keys(msg).every((k) => allowed.includes(k));
}

/**
 * Validates an incoming message.
 * @param {unknown} msg the message
 * @param {{fromExtensionPage: boolean}} sender who sent it
 * @returns {{ok: true, message: any} | {ok: false, error: {code: string, message: string}}}
 */
export function validateMessage(msg, sender) {
  const refuse = (message, code = "bad-message") => ({ ok: false, error: { code, message } });
  if (!isObject(msg) || typeof msg.kind !== "string") return refuse("a message must be an object with a kind");
  if (PAGE_ONLY.has(msg.kind) && !sender.fromExtensionPage) return refuse(`${msg.kind} is only for extension pages`);
  switch (msg.kind) {
    case "check": {
      if (!onlyKeys(msg, ["kind", "text", "platform", "media"])) return refuse("check: unknown field");
      if (typeof msg.text !== "string") return refuse("check: text must be a string");
      if (msg.text.length > MAX_TEXT) return refuse("check: the draft is longer than 100,000 characters", "too-long");
      if (msg.platform !== undefined && msg.platform !== null && !PLATFORMS.has(msg.platform)) {
        return refuse("check: platform must be x or linkedin");
      }
      if (msg.media !== undefined) {
        if (!Array.isArray(msg.media) || msg.media.length > 16 || !msg.media.every((m) => MEDIA.has(m))) {
          return refuse("check: media must be a list of image, video, document");
        }
      }
      return { ok: true, message: msg };
    }
    case "panel-register":
    case "panel-claim":
      if (!onlyKeys(msg, ["kind", "secret"]) || typeof msg.secret !== "string" || !/^[0-9a-f]{32}$/.test(msg.secret)) {
        return refuse(`${msg.kind}: secret must be 32 hex digits`);
      }
      return { ok: true, message: msg };
    case "warm":
    case "pack-info":
    case "pack-revert":
      if (!onlyKeys(msg, ["kind"])) return refuse(`${msg.kind}: unknown field`);
      return { ok: true, message: msg };
    case "pack-import": {
      if (!onlyKeys(msg, ["kind", "json", "source"])) return refuse("pack-import: unknown field");
      if (typeof msg.json !== "string" || msg.json.length > MAX_PACK) return refuse("pack-import: json must be a string up to 16 MiB");
      const s = msg.source;
      if (!isObject(s) || !onlyKeys(s, ["type", "url", "name"])) return refuse("pack-import: bad source");
      if (s.type === "url") {
        if (!isShortString(s.url) || !isHttpsUrl(s.url)) return refuse("pack-import: the source URL must be https");
      } else if (s.type === "file") {
        if (s.name !== undefined && !isShortString(s.name, 512)) return refuse("pack-import: bad file name");
      } else {
        return refuse("pack-import: source type must be file or url");
      }
      return { ok: true, message: msg };
    }
    default:
      return refuse(`unknown kind ${JSON.stringify(msg.kind.slice(0, 40))}`);
  }
}

/**
 * True for an absolute https URL without credentials.
 * @param {string} value
 */
export function isHttpsUrl(value) {
  try {
    const u = new URL(value);
    return u.protocol === "https:" && u.username === "" && u.password === "";
  } catch {
    return false;
  }
}
