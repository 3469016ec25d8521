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
 * The signature of a pack from a file is the `.minisig` file the employee
 * chose with it; its text travels in the import request (at most
 * MAX_SIGNATURE characters, shared/protocol.js) and is checked by the same
 * rules (`checkImport`).
 *
 * Pinning: a policy pack's key is the policy's `publicKey` (pinned by IT).
 * The employee's own pack (from a link or a file) is pinned at its import to
 * the publisher key the employee gave with it, else to the `publisher_key`
 * the pack names (from a link always, from a file when a signature comes
 * with it); the options page shows the key id to compare. Without a key it is
 * imported unsigned, and nothing is pinned. Once pinned, every later pack
 * with that id (an update, "Update now", an import from a file) must carry a
 * valid signature by that key.
 */
import { fetchPack, PackDownloadError } from "../shared/fetch-pack.js";
import { MAX_SIGNATURE } from "../shared/protocol.js";

/** Largest signature file downloaded or taken from a file, in bytes (the core reads at most 16 KiB: a trusted comment of up to 8 KB). */
export const MAX_SIGNATURE_BYTES = MAX_SIGNATURE;

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

/**
 * The publisher key a pack names in its manifest (`publisher_key`), if any.
 * @param {string} json
 * @returns {string | null}
 */
export function publisherKeyOf(json) {
  try {
    const key = JSON.parse(json)?.publisher_key;
    return typeof key === "string" && key.trim() !== "" ? key : null;
  } catch {
    return null;
  }
}

/** The pack's id and version as it says (null when not there). @param {string} json */
function idOf(json) {
  try {
    const id = JSON.parse(json)?.id;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}

/**
 * The signature check of an import of the employee's own pack. The key to
 * require is the one given with it (pasted on the options page), else the one
 * pinned for this pack id at an earlier import (`held`), else the
 * `publisher_key` the pack names (trust on first use: from a link always, from
 * a file when a signature comes with it). The signature is `<url>.minisig` for
 * a pack from a link, the `.minisig` chosen with a pack from a file.
 *
 * A key without a valid signature is refused, and so is a signature without a
 * key (it proves nothing): the stack stays as it was.
 * @param {() => Promise<Verifier | null>} loadVerifier the wasm's signature functions (loaded only when needed)
 * @param {{json: string, source: {type: string, url?: string, name?: string}, given?: string, signature?: string,
 *   held?: {publicKey?: string, keyId?: string} | null, fetchImpl?: typeof fetch}} options
 * @returns {Promise<null | {ok: true, fields: {publicKey: string, keyId: string, pinnedBy: "import"}} | {ok: false, message: string}>}
 *   null: imported unsigned (no key given, pinned or named, no signature)
 */
export async function checkImport(loadVerifier, { json, source, given, signature, held, fetchImpl }) {
  const id = idOf(json);
  const fromFile = source.type === "file";
  const pinned = typeof held?.publicKey === "string" ? held.publicKey : null;
  if (!given && !pinned && (!fromFile || signature !== undefined)) given = publisherKeyOf(json) ?? undefined;
  if (!given && !pinned) {
    if (signature === undefined) return null;
    return {
      ok: false,
      message:
        "a signature means something only with the publisher's key, and neither was a key given nor does the pack name its publisher_key: paste the publisher's public key (the .pub file or its key line) in the key box and choose the pack and its .minisig again, or choose the pack alone to import it unsigned",
    };
  }
  const verifier = await loadVerifier();
  if (!verifier) return { ok: false, message: "this version of postcheck cannot check signatures" };
  if (given && pinned) {
    const a = keyIdOf(verifier, given);
    if (!a.ok) return a;
    if (a.keyId !== held?.keyId) {
      return { ok: false, message: `the pack ${id} is pinned to the publisher key ${held?.keyId}, not ${a.keyId}: remove the pack first to pin another key` };
    }
  }
  const publicKey = /** @type {string} */ (given ?? pinned);
  let verified;
  if (fromFile) {
    if (signature === undefined) {
      const named = `${source.name || "the pack's file"}.minisig`;
      return {
        ok: false,
        message: pinned
          ? `the pack ${id} is pinned to the publisher key ${held?.keyId}: choose its signature file (${named}) together with the pack, or import it from its link`
          : `a publisher key was given but no signature: choose the pack's signature file (${named}) together with the pack, or empty the key box to import it unsigned`,
      };
    }
    verified = checkSignature(verifier, { json, signature, publicKey });
  } else {
    verified = await verifyFromUrl(verifier, { url: String(source.url), json, publicKey, fetchImpl });
  }
  if (!verified.ok) return verified;
  return { ok: true, fields: { publicKey, keyId: verified.keyId, pinnedBy: "import" } };
}
