/**
 * Where the active rule pack is kept: `storage.local`, key `activePack`, as
 * `{json, source: {type: "file"|"url", url?, name?}, importedAt, engine?}`, where
 * `engine` is the identity of the engine that validated the pack in full (see
 * engine.js). No entry means the built-in starter pack. Drafts are never
 * stored, here or anywhere.
 *
 * Writes go one after the other (this worker is the only writer), so that
 * stamping a pack with the engine that re-validated it can never overwrite a
 * pack imported meanwhile.
 */
import { api } from "../shared/browser-api.js";

const KEY = "activePack";

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

/**
 * The stored pack; null when there is none (the starter pack); `{damaged: true}`
 * when the entry is not what writeStoredPack wrote (the engine then falls back to
 * the starter pack and says so, rather than pretend nothing happened). An
 * `engine` that is not a string is dropped (the pack is then validated in full).
 * @returns {Promise<{json: string, source: object, importedAt: string, engine?: string} | {damaged: true} | null>}
 */
export async function readStoredPack() {
  const items = await api.storage.local.get(KEY);
  if (!items || !(KEY in items)) return null;
  const stored = items[KEY];
  const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObject(stored) && typeof stored.json === "string" && isObject(stored.source) && typeof stored.source.type === "string") {
    if (stored.engine !== undefined && typeof stored.engine !== "string") return { ...stored, engine: undefined };
    return stored;
  }
  return { damaged: true };
}

/**
 * Stores a pack as the active one.
 * @param {string} json
 * @param {{type: string, url?: string, name?: string}} source
 * @param {string | null} engine identity of the engine that validated it in full
 * @returns {Promise<{json: string, source: object, importedAt: string}>}
 */
export function writeStoredPack(json, source, engine = null) {
  return inLine(async () => {
    const stored = { json, source, importedAt: new Date().toISOString() };
    if (engine) stored.engine = engine;
    await api.storage.local.set({ [KEY]: stored });
    return stored;
  });
}

/**
 * Notes that `engine` validated the stored pack in full, if it is still the
 * pack imported at `importedAt`.
 * @param {string} importedAt
 * @param {string} engine
 */
export function stampStoredPack(importedAt, engine) {
  return inLine(async () => {
    const stored = await readStoredPack();
    if (!stored || stored.damaged || stored.importedAt !== importedAt || stored.engine === engine) return;
    await api.storage.local.set({ [KEY]: { ...stored, engine } });
  });
}

/** Forgets the stored pack: the starter pack is active again. */
export function clearStoredPack() {
  return inLine(() => api.storage.local.remove(KEY));
}
