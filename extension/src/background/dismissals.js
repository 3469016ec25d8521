/**
 * Hints the employee dismissed "not again": this rule for this passage (any
 * draft, any composer), kept on this device only (`storage.local`), listed on
 * the options page with undo.
 *
 * No draft is stored. A dismissal holds the rule's id, the pack's id, the
 * category, when it was made, and a keyed hash of the passage (HMAC-SHA-256
 * of the pack, the rule and the folded passage: Unicode compatibility form,
 * lower case, white space collapsed). The key is random per install (made on
 * first use, kept in `storage.local`, never sent anywhere): the hashes of
 * short passages cannot be looked up in a table made elsewhere, and nothing
 * but this worker compares them.
 *
 * Filtering happens here, in the worker, after the engine's check (and after
 * the result cache: the cached result is the engine's own): the worker holds
 * the key, the content script never sees it nor the list, and every answer a
 * check gets (the panel, the popup, a re-check) is filtered the same way.
 * With no dismissal stored, a check costs nothing more.
 *
 * Bounded: at most MAX_DISMISSALS (the oldest go).
 */
import { api } from "../shared/browser-api.js";

export const MAX_DISMISSALS = 1000;
const LIST_KEY = "dismissals";
const SECRET_KEY = "dismissalKey";

/**
 * @typedef {object} Dismissal
 * @property {string} id random, to undo it
 * @property {string} rule the rule's id
 * @property {string} pack the pack's id ("" when the answer named none)
 * @property {string} category
 * @property {string} hash keyed hash of pack, rule and folded passage (hex)
 * @property {string} at when (ISO time)
 */

/** The passage as compared: compatibility form, lower case, white space collapsed. @param {string} text */
export function foldPassage(text) {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
}

/** The HMAC key, read (or made, once) from storage.local. @type {Promise<CryptoKey> | null} */
let keyPromise = null;

async function hmacKey() {
  keyPromise ??= (async () => {
    const stored = (await api.storage.local.get(SECRET_KEY))[SECRET_KEY];
    let hex = typeof stored === "string" && /^[0-9a-f]{64}$/.test(stored) ? stored : null;
    if (!hex) {
      const bytes = crypto.getRandomValues(new Uint8Array(32));
      hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
      await api.storage.local.set({ [SECRET_KEY]: hex });
    }
    const raw = new Uint8Array(hex.match(/../g).map((h) => parseInt(h, 16)));
    return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  })().catch((e) => {
    keyPromise = null;
    throw e;
  });
  return keyPromise;
}

/**
 * The keyed hash of a hint's passage (hex).
 * @param {{pack?: string, rule: string, excerpt?: string}} hint
 */
export async function passageHash(hint) {
  const key = await hmacKey();
  const data = new TextEncoder().encode(`${hint.pack ?? ""}\u0000${hint.rule}\u0000${foldPassage(hint.excerpt ?? "")}`);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, data));
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The list as last read or written by this worker (storage.local is read once per worker). @type {Dismissal[] | null} */
let memo = null;

/** The stored dismissals, oldest first (a damaged entry is left out). @returns {Promise<Dismissal[]>} */
export async function listDismissals() {
  if (memo) return memo;
  const stored = (await api.storage.local.get(LIST_KEY))[LIST_KEY];
  memo = Array.isArray(stored)
    ? stored.filter((d) => d && typeof d === "object" && ["id", "rule", "pack", "category", "hash", "at"].every((k) => typeof d[k] === "string"))
    : [];
  return memo;
}

/** Writes the list (and keeps it as read). @param {Dismissal[]} list */
async function store(list) {
  memo = list;
  await api.storage.local.set({ [LIST_KEY]: list });
}

/**
 * Stores "not again" for this hint's rule and passage (a second time changes nothing).
 * @param {{rule: string, pack?: string, category: string, excerpt: string}} hint
 * @returns {Promise<Dismissal>}
 */
export async function addDismissal(hint) {
  const hash = await passageHash(hint);
  const list = await listDismissals();
  const known = list.find((d) => d.hash === hash);
  if (known) return known;
  const id = [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, "0")).join("");
  const entry = { id, rule: hint.rule, pack: hint.pack ?? "", category: hint.category, hash, at: new Date().toISOString() };
  await store([...list, entry].slice(-MAX_DISMISSALS));
  return entry;
}

/**
 * Undoes one dismissal (by id), or all of them (`id` null).
 * @param {string | null} id
 * @returns {Promise<number>} how many were undone
 */
export async function undoDismissal(id) {
  const list = await listDismissals();
  const kept = id === null ? [] : list.filter((d) => d.id !== id);
  await store(kept);
  return list.length - kept.length;
}

/**
 * The result without the hints dismissed "not again" (a new object: the
 * cached result stays as the engine gave it); `dismissed` counts them.
 * @param {{hints: any[]}} result
 */
export async function withoutDismissed(result) {
  const list = await listDismissals();
  if (list.length === 0 || result.hints.length === 0) return { ...result, dismissed: 0 };
  const rules = new Set(list.map((d) => d.rule));
  const hashes = new Set(list.map((d) => d.hash));
  const hints = [];
  for (const hint of result.hints) {
    // Only a hint of a rule with a dismissal is hashed.
    if (rules.has(hint.rule) && hashes.has(await passageHash(hint))) continue;
    hints.push(hint);
  }
  return { ...result, hints, dismissed: result.hints.length - hints.length };
}
