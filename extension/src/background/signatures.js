/**
 * Signed packs: the publisher key pinned for a pack, and the check of a
 * pack's detached signature with it.
 *
 * The signature of a pack from an address is the file next to it,
 * `<url>.minisig` (minisign's format, made by `postcheck pack sign` or
 * `minisign -S`), downloaded as bounded as the pack itself (same origin, no
 * cookies, at most MAX_SIGNATURE_BYTES). The cryptography is the wasm's
 * (`verifyPack`); this module says which key is pinned, and that the signed
 * trusted comment (`postcheck-pack id=<id> version=<version>`) names the very
 * pack and version served: a signature of another pack, or of an older
 * version of this one, is refused.
 *
 * Pinning: a policy pack's key is the policy's `publicKey` (pinned by IT).
 * The employee's own pack from a link is pinned at its import to the
 * publisher key the employee gave with the link (the options page shows the
 * key id to compare); without one it is imported unsigned, and nothing is
 * pinned. Once pinned, every later pack with that id (an update, "Update
 * now", an import from a file) must carry a valid signature by that key.
 */
import { fetchPack, PackDownloadError } from "../shared/fetch-pack.js";

/** Largest signature file downloaded, in bytes (the core reads at most 16 KiB: a trusted comment of up to 8 KB). */
export const MAX_SIGNATURE_BYTES = 16 * 1024;

/**
 * The address of the signature of the pack at `url`.
 * @param {string} url
 */
export const signatureUrl = (url) => `${url}.minisig`;

/**
 * @typedef {object} Verifier the wasm's signature functions (engine-host.js: `host.verifier()`)
 * @property {(pack: string, signature: string, publicKey: string) => {keyId: string, trustedComment: string, pack: {id: string, version: string} | null}} verifyPack
 *   throws `{problems}` for a wrong key, a changed pack, a malformed key or signature
 * @property {(publicKey: string) => string} publicKeyId the key id (16 hex digits); throws `{problems}` for a malformed key
 */

/**
 * The key pinned for a stored pack: the policy's for a policy pack (null when
 * the policy gives none), else the one pinned at its import (null: none).
 * @param {{source: {type: string, url?: string}, publicKey?: string}} entry
 * @param {{packs: {url: string, publicKey: string | null}[]}} policy
 * @returns {{publicKey: string, pinnedBy: "policy" | "import"} | null}
 */
export function pinnedKey(entry, policy) {
  if (entry.source.type === "policy") {
    const key = policy.packs.find((p) => p.url === entry.source.url)?.publicKey ?? null;
    return key ? { publicKey: key, pinnedBy: "policy" } : null;
  }
  return typeof entry.publicKey === "string" ? { publicKey: entry.publicKey, pinnedBy: "import" } : null;
}

/** The first problem of what the wasm threw, in one sentence with its fix. @param {unknown} thrown */
function problemWords(thrown) {
  const p = /** @type {any} */ (thrown)?.problems?.[0];
  if (!p) return String(/** @type {any} */ (thrown)?.message ?? thrown).slice(0, 300);
  return p.fix ? `${p.message} (${p.fix})` : String(p.message);
}

/**
 * The key id of a public key (a `.pub` file or its key line).
 * @param {Verifier} verifier
 * @param {string} publicKey
 * @returns {{ok: true, keyId: string} | {ok: false, message: string}}
 */
export function keyIdOf(verifier, publicKey) {
  try {
    return { ok: true, keyId: verifier.publicKeyId(publicKey) };
  } catch (e) {
    return { ok: false, message: `the publisher key cannot be used: ${problemWords(e)}` };
  }
}

/**
 * Checks `json` against its signature with `publicKey`: the signature holds,
 * and its trusted comment names the pack's own id and version.
 * @param {Verifier} verifier
 * @param {{json: string, signature: string, publicKey: string}} texts
 * @returns {{ok: true, keyId: string} | {ok: false, message: string}}
 */
export function checkSignature(verifier, { json, signature, publicKey }) {
  let report;
  try {
    report = verifier.verifyPack(json, signature, publicKey);
  } catch (e) {
    return { ok: false, message: `the signature is not valid: ${problemWords(e)}` };
  }
  let pack = null;
  try {
    pack = JSON.parse(json);
  } catch {
    // Not JSON: the engine says so when the pack is read; the comment cannot match.
  }
  const id = typeof pack?.id === "string" ? pack.id : null;
  const version = typeof pack?.version === "string" ? pack.version : null;
  const named = report?.pack ?? null;
  if (!named || named.id !== id || named.version !== version) {
    const says = named ? `pack ${named.id} version ${named.version}` : `"${String(report?.trustedComment ?? "").slice(0, 200)}"`;
    return {
      ok: false,
      message: `the signature is for ${says}, not for this pack (${id} version ${version}); the publisher should sign it again with the trusted comment "postcheck-pack id=${id} version=${version}"`,
    };
  }
  return { ok: true, keyId: String(report.keyId) };
}

/**
 * Downloads the signature next to the pack at `url` and checks `json` with it.
 * @param {Verifier} verifier
 * @param {{url: string, json: string, publicKey: string, fetchImpl?: typeof fetch}} options
 * @returns {Promise<{ok: true, keyId: string} | {ok: false, message: string}>}
 */
export async function verifyFromUrl(verifier, { url, json, publicKey, fetchImpl }) {
  const at = signatureUrl(url);
  let download;
  try {
    download = await fetchPack(at, { fetchImpl, maxBytes: MAX_SIGNATURE_BYTES });
  } catch (e) {
    const why = !(e instanceof PackDownloadError)
      ? String(/** @type {any} */ (e)?.message ?? e).slice(0, 200)
      : e.code === "http"
        ? `the server answered HTTP ${e.values[0]}`
        : e.code === "too-large"
          ? `it is larger than ${MAX_SIGNATURE_BYTES / 1024} KB, which no signature is`
          : e.code === "redirected"
            ? `the address sends it on to another address${e.values[1] ? `, ${e.values[1]}` : " (a redirect, not followed)"}`
            : `${e.code} ${e.values.join(" ")}`.trim();
    return { ok: false, message: `the pack's signature (${at}) could not be downloaded: ${why}; a pack with a pinned publisher key is taken only with a valid signature` };
  }
  if (download.notModified) return { ok: false, message: `the pack's signature (${at}) could not be downloaded` };
  return checkSignature(verifier, { json, signature: download.text, publicKey });
}
