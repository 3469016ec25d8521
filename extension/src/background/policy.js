/**
 * The IT policy: what an organisation sets for postcheck through the
 * browser's managed storage (`storage.managed`). Chromium browsers read it
 * with the schema `managed-schema.json` (manifest `storage.managed_schema`)
 * from their policy (`3rdparty.extensions.<id>`); Firefox reads the same keys
 * from its enterprise policy (`3rdExtensions` / `3rdparty.Extensions.<id>`).
 *
 * Keys (anything else is ignored; a bad value is as if it were not set):
 * - `packs`: the organisation's packs, `[{url, publicKey?}]`, bottom first:
 *   https addresses the worker downloads and keeps current
 *   (background/updates.js); they sit beneath the employee's own packs, and
 *   the employee cannot remove them. `publicKey` (a minisign public key file or
 *   its key line) pins the publisher's key: a pack without a valid signature
 *   by it (`<url>.minisig`) is refused (signatures.js).
 * - `allowUserPacks`: whether employees may import packs of their own (default true).
 * - `updateIntervalHours`: how often packs from an address are checked for an
 *   update, 1 to 168 hours (default 24).
 *
 * No policy can make postcheck block a post, send a draft or anything else
 * anywhere: the only requests are the downloads of the packs named here.
 */
import { api } from "../shared/browser-api.js";
import { isHttpsUrl } from "../shared/protocol.js";

/** Most packs a policy may name. */
export const MAX_POLICY_PACKS = 20;
/** The update interval when the policy sets none, in hours. */
export const DEFAULT_INTERVAL_HOURS = 24;

/**
 * @typedef {object} Policy
 * @property {{url: string, publicKey: string | null}[]} packs
 * @property {boolean} allowUserPacks
 * @property {number} updateIntervalHours
 * @property {boolean} managed true when the browser holds a policy for postcheck
 */

/** The policy when none is set. @returns {Policy} */
export const NO_POLICY = () => ({ packs: [], allowUserPacks: true, updateIntervalHours: DEFAULT_INTERVAL_HOURS, managed: false });

/**
 * The policy from what managed storage holds: each key checked, a bad value
 * dropped (a bad pack entry alone; the first MAX_POLICY_PACKS good ones kept,
 * each address once).
 * @param {unknown} items
 * @returns {Policy}
 */
export function parsePolicy(items) {
  const policy = NO_POLICY();
  if (typeof items !== "object" || items === null || Array.isArray(items)) return policy;
  const raw = /** @type {Record<string, unknown>} */ (items);
  policy.managed = Object.keys(raw).length > 0;
  if (Array.isArray(raw.packs)) {
    const seen = new Set();
    for (const p of raw.packs) {
      if (typeof p !== "object" || p === null) continue;
      const { url, publicKey } = /** @type {any} */ (p);
      if (typeof url !== "string" || url.length > 2048 || !isHttpsUrl(url)) continue;
      const href = new URL(url).href;
      if (seen.has(href)) continue;
      seen.add(href);
      policy.packs.push({ url: href, publicKey: typeof publicKey === "string" && publicKey.length <= 1024 ? publicKey : null });
      if (policy.packs.length === MAX_POLICY_PACKS) break;
    }
  }
  if (typeof raw.allowUserPacks === "boolean") policy.allowUserPacks = raw.allowUserPacks;
  const hours = raw.updateIntervalHours;
  if (Number.isInteger(hours) && /** @type {number} */ (hours) >= 1 && /** @type {number} */ (hours) <= 168) policy.updateIntervalHours = /** @type {number} */ (hours);
  return policy;
}

/**
 * The policy set for postcheck now (none when the browser has no managed
 * storage, or no policy for postcheck: Firefox then throws).
 * @returns {Promise<Policy>}
 */
export async function readPolicy() {
  try {
    if (!api.storage.managed) return NO_POLICY();
    return parsePolicy(await api.storage.managed.get(null));
  } catch {
    return NO_POLICY();
  }
}
