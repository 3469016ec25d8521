/**
 * Where the active rule pack is kept: `storage.local`, key `activePack`, as
 * `{json, source: {type: "file"|"url", url?, name?}, importedAt}`. No entry means
 * the built-in starter pack. Drafts are never stored, here or anywhere.
 */
import { api } from "../shared/browser-api.js";

const KEY = "activePack";

/**
 * The stored pack; null when there is none (the starter pack); `{damaged: true}`
 * when the entry is not what writeStoredPack wrote (the engine then falls back to
 * the starter pack and says so, rather than pretend nothing happened).
 * @returns {Promise<{json: string, source: object, importedAt: string} | {damaged: true} | null>}
 */
export async function readStoredPack() {
  const items = await api.storage.local.get(KEY);
  if (!items || !(KEY in items)) return null;
  const stored = items[KEY];
  const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObject(stored) && typeof stored.json === "string" && isObject(stored.source) && typeof stored.source.type === "string") {
    return stored;
  }
  return { damaged: true };
}

/**
 * Stores a pack as the active one.
 * @param {string} json
 * @param {{type: string, url?: string, name?: string}} source
 * @returns {Promise<{json: string, source: object, importedAt: string}>}
 */
export async function writeStoredPack(json, source) {
  const stored = { json, source, importedAt: new Date().toISOString() };
  await api.storage.local.set({ [KEY]: stored });
  return stored;
}

/** Forgets the stored pack: the starter pack is active again. */
export async function clearStoredPack() {
  await api.storage.local.remove(KEY);
}
