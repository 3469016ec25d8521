/**
 * Where the company packs are kept: `storage.local`, key `packs`, an ordered
 * list (bottom first) of entries
 * `{json, source: {type: "file"|"url"|"policy"|"companion", url?, name?, folder?}, importedAt, id,
 * engine?, etag?, lastModified?, lastCheck?, nextCheck?, lastError?, sha256?}`:
 * - `id` is the pack's id (one entry per id: an import of a pack with the same
 *   id replaces it);
 * - `engine` the identity of the engine that validated the pack in full (see
 *   engine-host.js);
 * - `etag`, `lastModified`, `lastCheck`, `nextCheck`, `lastError` belong to
 *   the automatic updates of packs from an address (background/updates.js);
 * - `keyId`, `pinnedBy`, `publicKey` belong to its signature (background/signatures.js);
 * - a machine pack (`source.type` "companion", background/companion.js) keeps
 *   the `sha256` the companion gave for it; `source.folder` says where it lies
 *   on the computer ("system", "user" or "variable").
 * A pack set by IT policy that could not be downloaded yet is an entry with
 * `json: null` (its `lastError` says why); it checks nothing.
 *
 * The built-in baseline (the starter pack) is not in the list: it is always
 * beneath it. No list means no company pack. Drafts are never stored, here or
 * anywhere.
 *
 * Migration: the earlier single entry `activePack` (same shape, without `id`)
 * becomes an entry of the list on the first read, and is then removed; a list
 * is never lost for it (an entry with the same pack id is replaced).
 *
 * Writes go one after the other (this worker is the only writer), each reads
 * the list afresh and writes the whole of it: so a stamp or an update record can
 * never overwrite a pack imported meanwhile.
 */
import { api } from "../shared/browser-api.js";
import { pickText } from "./reader-locales.js";

const KEY = "packs";
/** Where the single pack of earlier versions was kept. */
const OLD_KEY = "activePack";

/**
 * @typedef {object} PackEntry
 * @property {string | null} json the pack (null: a policy pack not downloaded yet)
 * @property {{type: string, url?: string, name?: string}} source
 * @property {string} importedAt
 * @property {string | null} id the pack's id (null when the JSON does not say)
 * @property {string} [engine]
 * @property {string} [etag]
 * @property {string} [lastModified]
 * @property {string} [lastCheck] last successful check for an update (ISO time)
 * @property {string} [nextCheck] when the next one is due (ISO time)
 * @property {{code: string, message: string, at: string}} [lastError] why the last check or update failed
 * @property {string} [keyId] the id of the publisher key whose valid signature the pack carries (signatures.js)
 * @property {"policy" | "import" | "computer"} [pinnedBy] who pinned that key: the IT policy, the employee at the import, or the computer (a machine pack, checked by the companion)
 * @property {string} [publicKey] the key pinned at the import (a policy pack's key is the policy's)
 */

/** The last write in line. @type {Promise<unknown>} */
let writes = Promise.resolve();

/**
 * Runs `fn` after every earlier write has settled.
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
function inLine(fn) {
  const next = writes.then(fn, fn);
  writes = next.catch(() => {});
  return next;
}

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const SOURCE_TYPES = ["file", "url", "policy", "companion"];

/**
 * The id a pack's JSON gives itself, or null (not JSON, no string id). The
 * JSON was validated by the engine when it was stored; this reads one field.
 * @param {string} json
 */
export function packIdOf(json) {
  try {
    const pack = JSON.parse(json);
    return isObject(pack) && typeof pack.id === "string" ? pack.id : null;
  } catch {
    return null;
  }
}

/**
 * What the options page shows of a pack: its id, name (in the reader's
 * `locales`, most preferred first, else English, else its default locale,
 * else any: the engine's order, see reader-locales.js), version, publisher, `expires`, description and
 * rules (id, kind, category, level, message), read from its JSON (validated by
 * the engine when it was stored): every pack can be read in full, whichever
 * checks. Null when it is not JSON.
 * @param {string} json
 * @param {string | string[]} locales one locale, or the reader's locales in order
 * @returns {{id: string | null, name: string, version: string, publisher: string, expires: string | null, description: string | null,
 *   rules: {id: string, kind: string, category: string, level: string, message: string}[]} | null}
 */
export function packSummary(json, locales) {
  let pack;
  try {
    pack = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isObject(pack)) return null;
  const str = (v) => (typeof v === "string" ? v : null);
  const reader = [locales].flat();
  const text = (v) => pickText(v, reader, pack.default_locale);
  const rules = (Array.isArray(pack.rules) ? pack.rules : []).filter(isObject).map((r) => ({
    id: str(r.id) ?? "",
    kind: str(r.kind) ?? "",
    category: str(r.category) ?? "",
    level: str(r.level) ?? "",
    message: text(r.message),
  }));
  const description = pack.description === undefined ? null : text(pack.description);
  return { id: str(pack.id), name: text(pack.name), version: str(pack.version) ?? "", publisher: str(pack.publisher) ?? "", expires: str(pack.expires), description, rules };
}

/**
 * An entry as stored, checked: the entry (an `engine` that is not a string is
 * dropped: the pack is then validated in full), or null when it is not what
 * this module wrote (damaged).
 * @param {unknown} raw
 * @returns {PackEntry | null}
 */
function readEntry(raw) {
  if (!isObject(raw) || !isObject(raw.source) || !SOURCE_TYPES.includes(raw.source.type)) return null;
  const pending = raw.json === null && raw.source.type === "policy";
  if (typeof raw.json !== "string" && !pending) return null;
  const entry = { ...raw };
  if (entry.engine !== undefined && typeof entry.engine !== "string") delete entry.engine;
  if (typeof entry.id !== "string") entry.id = pending ? null : packIdOf(entry.json);
  return /** @type {PackEntry} */ (entry);
}

/**
 * Reads the list as stored, moving an earlier `activePack` into it first.
 * @returns {Promise<{packs: PackEntry[], damaged: number}>} `damaged`: entries that are not what this module wrote
 */
async function readRaw() {
  const items = (await api.storage.local.get([KEY, OLD_KEY])) ?? {};
  const list = Array.isArray(items[KEY]) ? items[KEY] : [];
  let damaged = KEY in items && !Array.isArray(items[KEY]) ? 1 : 0;
  /** @type {PackEntry[]} */
  const packs = [];
  for (const raw of list) {
    const entry = readEntry(raw);
    if (entry) packs.push(entry);
    else damaged += 1;
  }
  if (OLD_KEY in items) {
    const old = readEntry(items[OLD_KEY]);
    if (old) {
      const at = packs.findIndex((p) => p.id !== null && p.id === old.id);
      if (at >= 0) packs[at] = old;
      else packs.push(old);
      await api.storage.local.set({ [KEY]: packs });
      await api.storage.local.remove(OLD_KEY);
    } else {
      // Not a pack: reported as damaged (the baseline checks meanwhile) until a write replaces it.
      damaged += 1;
    }
  }
  return { packs, damaged };
}

/**
 * The stored company packs, bottom first, and how many entries are damaged
 * (the engine says so rather than pretend nothing happened).
 * @returns {Promise<{packs: PackEntry[], damaged: number}>}
 */
export function readPacks() {
  return inLine(readRaw);
}

/**
 * Changes the list: `change` gets the stored list (a copy) and returns the list
 * to store, or null to store nothing. A damaged entry (and an earlier
 * `activePack` that is not a pack) is dropped by the first change. Runs after
 * every earlier write.
 * @template T
 * @param {(packs: PackEntry[]) => {packs: PackEntry[] | null, result?: T}} change
 * @returns {Promise<T | undefined>}
 */
export function changePacks(change) {
  return inLine(async () => {
    const { packs } = await readRaw();
    const { packs: next, result } = change(structuredClone(packs));
    if (next) {
      await api.storage.local.set({ [KEY]: next });
      await api.storage.local.remove(OLD_KEY);
    }
    return result;
  });
}

/**
 * Adds a pack on top of the employee's own packs, or replaces the pack with the
 * same id where it is (keeping its place in the stack).
 * @param {string} json
 * @param {string | null} id the pack's id
 * @param {{type: string, url?: string, name?: string}} source
 * @param {string | null} engine identity of the engine that validated it in full
 * @returns {Promise<PackEntry>}
 */
export async function addPack(json, id, source, engine = null) {
  const result = await changePacks((packs) => {
    /** @type {PackEntry} */
    const entry = { json, source, importedAt: new Date().toISOString(), id };
    if (engine) entry.engine = engine;
    const at = packs.findIndex((p) => p.id !== null && p.id === id);
    if (at >= 0) packs[at] = entry;
    else packs.push(entry);
    return { packs, result: entry };
  });
  return /** @type {PackEntry} */ (result);
}

/**
 * Notes that `engine` validated the stored packs `validated` in full: each
 * entry still stored with the same id, import time and JSON.
 * @param {PackEntry[]} validated
 * @param {string} engine
 */
export function stampPacks(validated, engine) {
  return changePacks((packs) => {
    let changed = false;
    for (const p of packs) {
      const same = validated.some((v) => v.importedAt === p.importedAt && v.id === p.id && v.json === p.json);
      if (p.json !== null && same && p.engine !== engine) {
        p.engine = engine;
        changed = true;
      }
    }
    return { packs: changed ? packs : null };
  });
}

/**
 * Removes the packs for which `which` is true.
 * @param {(entry: PackEntry) => boolean} which
 * @returns {Promise<number>} how many were removed
 */
export async function removePacks(which) {
  const removed = await changePacks((packs) => {
    const kept = packs.filter((p) => !which(p));
    return { packs: kept, result: packs.length - kept.length };
  });
  return removed ?? 0;
}
