/**
 * Automatic updates of the packs that come from an address: the employee's
 * packs imported from an https link and the packs the IT policy names
 * (policy.js).
 *
 * When: at browser start (`runtime.onStartup`), when the extension is
 * installed or updated (`runtime.onInstalled`), when the policy changes, and
 * then every `updateIntervalHours` (default 24) by a `chrome.alarms` alarm.
 * At no other time: never during a check, never for a draft.
 *
 * What: for each such pack, one request to that pack's own address, with the
 * validators of the copy held (`If-None-Match`, `If-Modified-Since`), and
 * without cookies; the download is bounded as every pack download is
 * (shared/fetch-pack.js: 16 MiB, 30 s, the same https origin after redirects,
 * a JSON content type).
 * - 304 Not Modified, or the very same pack again: the check is recorded (`lastCheck`).
 * - A new pack replaces the one held only if it is valid (validated in full:
 *   its examples run), has the same pack id and a strictly higher version
 *   (`compareVersions`), and the stack with it builds. Anything else is
 *   recorded as `lastError`, and the previous pack stays active: a failed
 *   update never changes the list.
 * - A policy pack not downloaded yet takes whatever valid pack its address
 *   serves first.
 *
 * Policy packs are downloaded by the worker without a user gesture, so
 * without a host permission of their own: the browser applies CORS, and the
 * pack's host must answer with `Access-Control-Allow-Origin` (`*` or the
 * extension's origin) and, for the preflight the validators cause, allow the
 * headers `If-None-Match` and `If-Modified-Since` and expose `ETag`
 * (`Access-Control-Expose-Headers`). A pack the employee imported from a link
 * keeps the host permission granted at its import.
 *
 * Signatures (signatures.js): a pack with a pinned publisher key (the
 * policy's `publicKey`, or the key given at its import) is taken only with a
 * valid signature by that key, `<url>.minisig`, whose trusted comment names
 * its id and version (`SIGNATURE STEP` below: between the download and the
 * validation). Without a pinned key the pack is taken unsigned.
 */
import { api } from "../shared/browser-api.js";
import { fetchPack, PackDownloadError } from "../shared/fetch-pack.js";
import { readPacks } from "./pack-store.js";
import { readPolicy } from "./policy.js";
import { keyIdOf, pinnedKey, verifyFromUrl } from "./signatures.js";

/** The name of the alarm of the periodic checks. */
export const ALARM = "postcheck-updates";

/**
 * Compares two pack versions: dot- or dash-separated numeric parts
 * (`2026.11.1`, `3-2`), compared part by part as numbers, a missing part
 * counting as 0 (so `2026.11.1 < 2026.12.0 < 2026.12.10`, and `1.2` equals
 * `1.2.0`). A version with anything else in it (letters, `+`, empty parts)
 * is not comparable.
 * @param {string} a
 * @param {string} b
 * @returns {number | null} negative, 0 or positive as `a` is lower, equal or higher; null when not comparable
 */
export function compareVersions(a, b) {
  const parts = (v) => (typeof v === "string" && /^\d{1,15}([.-]\d{1,15})*$/.test(v) ? v.split(/[.-]/).map(Number) : null);
  const x = parts(a);
  const y = parts(b);
  if (!x || !y) return null;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** The version a pack's JSON gives itself, or null. @param {string | null} json */
function versionOf(json) {
  try {
    const v = JSON.parse(/** @type {string} */ (json))?.version;
    return typeof v === "string" ? v : null;
  } catch {
    return null;
  }
}

/** Words for a failed download, for `lastError`. @param {unknown} e */
function downloadWords(e) {
  if (!(e instanceof PackDownloadError)) return `the download failed: ${String(/** @type {any} */ (e)?.message ?? e).slice(0, 300)}`;
  switch (e.code) {
    case "timeout":
      return "the server did not send the whole pack within 30 seconds, so the download was stopped";
    case "too-large":
      return "the server sent more than 16 MB, more than any pack may be, so the download was stopped";
    case "redirected":
      return e.values[1]
        ? `the address sends the download on to another address, ${e.values[1]}; only the pack's own address is used`
        : "the address sends the download on to another address (a redirect), which postcheck does not follow; only the pack's own address is used";
    case "content-type":
      return `the server sent ${e.values[0]}, not a pack (JSON)`;
    case "not-utf8":
      return "the server sent a file that is not UTF-8 text";
    case "http":
      return `the server answered HTTP ${e.values[0]}`;
    default:
      return `the server could not be reached (${e.values.join(" ")}); a pack set by your organisation needs its server to allow this extension (CORS)`;
  }
}

/**
 * The updater over an engine host (engine-host.js).
 * @param {ReturnType<typeof import("./engine-host.js").createEngineHost>} host
 * @param {{fetchImpl?: typeof fetch, policy?: () => Promise<import("./policy.js").Policy>, clock?: () => Date}} [options]
 */
export function createUpdater(host, { fetchImpl, policy = readPolicy, clock = () => new Date() } = {}) {
  /** The running round of checks, if any: one at a time. @type {Promise<any> | null} */
  let running = null;

  /**
   * Brings the list in line with the policy: a pending entry for each policy
   * address not held yet, the entries of addresses the policy no longer names
   * removed, the policy packs in the policy's order beneath the employee's own.
   * @param {import("./policy.js").Policy} current
   */
  async function syncPolicy(current) {
    const urls = current.packs.map((p) => p.url);
    const changed = await host.changeList(
      (packs) => {
        const isPolicy = (p) => p.source.type === "policy";
        const own = packs.filter((p) => !isPolicy(p));
        const held = packs.filter((p) => isPolicy(p) && urls.includes(p.source.url));
        const ordered = urls.map(
          (url) => held.find((p) => p.source.url === url) ?? { json: null, source: { type: "policy", url }, importedAt: clock().toISOString(), id: null },
        );
        const next = [...ordered, ...own];
        const same = next.length === packs.length && next.every((p, i) => p === packs[i]);
        return { packs: same ? null : next, result: !same };
      },
      { rebuild: false },
    );
    if (changed) host.invalidate();
  }

  /**
   * Records the outcome of one check on the entry of `url` (its kind `type`).
   * @param {string} type
   * @param {string} url
   * @param {object} fields set on the entry (undefined: removed)
   */
  function record(type, url, fields) {
    return host.changeList(
      (packs) => {
        const entry = packs.find((p) => p.source.type === type && p.source.url === url);
        if (!entry) return { packs: null };
        for (const [k, v] of Object.entries(fields)) {
          if (v === undefined) delete entry[k];
          else entry[k] = v;
        }
        return { packs };
      },
      { rebuild: false },
    );
  }

  /**
   * Checks one pack for an update and records the outcome.
   * @param {import("./pack-store.js").PackEntry} entry
   * @param {number} hours the update interval
   * @param {import("./policy.js").Policy} [current] the policy (its pinned keys)
   * @returns {Promise<string>} what happened: "not-modified", "same", "updated", "installed" or "failed"
   */
  async function checkOne(entry, hours, current = { packs: [], allowUserPacks: true, updateIntervalHours: hours, managed: false }) {
    const url = /** @type {string} */ (entry.source.url);
    const type = entry.source.type;
    const at = clock();
    const nextCheck = new Date(at.getTime() + hours * 3_600_000).toISOString();
    const fail = async (code, message) => {
      await record(type, url, { lastError: { code, message, at: at.toISOString() }, nextCheck });
      return "failed";
    };
    let download;
    try {
      download = await fetchPack(url, {
        fetchImpl,
        ...(entry.json !== null && entry.etag ? { etag: entry.etag } : {}),
        ...(entry.json !== null && entry.lastModified ? { lastModified: entry.lastModified } : {}),
      });
    } catch (e) {
      return fail(e instanceof PackDownloadError ? e.code : "network", downloadWords(e));
    }
    const validators = { etag: download.notModified ? entry.etag : (download.etag ?? undefined), lastModified: download.notModified ? entry.lastModified : (download.lastModified ?? undefined) };
    const success = { ...validators, lastCheck: at.toISOString(), nextCheck, lastError: undefined };
    const pinned = pinnedKey(entry, current);
    if (download.notModified || download.text === entry.json) {
      // The pack held is unchanged; when the policy pins a key it was not
      // checked with (a key set or changed since), its signature is checked now.
      if (pinned && entry.json !== null) {
        const verifier = await host.verifier();
        const key = verifier ? keyIdOf(verifier, pinned.publicKey) : null;
        if (!key?.ok || key.keyId !== entry.keyId) {
          const verified = verifier
            ? await verifyFromUrl(verifier, { url, json: entry.json, publicKey: pinned.publicKey, fetchImpl })
            : { ok: false, message: "this version of postcheck cannot check signatures" };
          if (!verified.ok) return fail("signature", `the pack held: ${verified.message}`);
          await record(type, url, { ...success, keyId: verified.keyId, pinnedBy: pinned.pinnedBy });
          return download.notModified ? "not-modified" : "same";
        }
      }
      await record(type, url, success);
      return download.notModified ? "not-modified" : "same";
    }
    // SIGNATURE STEP: with a publisher key pinned for this pack (the policy's
    // `publicKey`, or pinned at its import), the pack is taken only with a
    // valid signature by that key (`${url}.minisig`) naming its id and version.
    /** What the entry keeps of its signature (nothing for an unsigned pack). @type {object} */
    let signed = { publicKey: undefined, keyId: undefined, pinnedBy: undefined };
    if (pinned) {
      const verifier = await host.verifier();
      const verified = verifier
        ? await verifyFromUrl(verifier, { url, json: download.text, publicKey: pinned.publicKey, fetchImpl })
        : { ok: false, message: "this version of postcheck cannot check signatures" };
      if (!verified.ok) return fail("signature", `${verified.message}; the pack held stays`);
      signed = { publicKey: pinned.pinnedBy === "import" ? pinned.publicKey : undefined, keyId: verified.keyId, pinnedBy: pinned.pinnedBy };
    }
    const previous = entry.json === null ? null : { id: entry.id, version: versionOf(entry.json) };
    /** Why the valid pack served is not taken (another id, not newer), if so. @type {{code: string, message: string} | null} */
    let refusal = null;
    const outcome = await host.installPack(download.text, entry.source, {
      accept: (info) => {
        if (!previous) return null;
        if (info.id !== previous.id) {
          refusal = { code: "other-pack", message: `the address now serves another pack (id ${info.id}, not ${previous.id}); the pack held stays` };
        } else {
          const order = compareVersions(info.version, previous.version ?? "");
          if (order === null || order <= 0) {
            refusal = { code: "not-newer", message: `the pack served (version ${info.version}) is not newer than the one held (version ${previous.version}); the pack held stays` };
          }
        }
        return refusal?.message ?? null;
      },
      fields: Object.fromEntries(Object.entries({ ...success, ...signed }).filter(([, v]) => v !== undefined)),
    });
    if (!outcome.ok && refusal) return fail(refusal.code, refusal.message);
    if (!outcome.ok) {
      const first = outcome.problems[0];
      const more = outcome.problems.length > 1 ? ` (and ${outcome.problems.length - 1} more problems)` : "";
      const where = first?.path && first.path !== "$" ? ` at ${first.path}` : "";
      return fail("refused", `the pack served was refused: ${first?.message ?? "invalid"}${where}${more}`);
    }
    return previous ? "updated" : "installed";
  }

  /**
   * One round: the policy applied, the alarm set to its interval, then every
   * pack from an address checked, one after the other.
   * @returns {Promise<Record<string, string>>} what happened, by address
   */
  async function run() {
    const current = await policy();
    await syncPolicy(current);
    schedule(current.updateIntervalHours);
    const { packs } = await readPacks();
    /** @type {Record<string, string>} */
    const outcomes = {};
    for (const entry of packs) {
      if ((entry.source.type !== "url" && entry.source.type !== "policy") || typeof entry.source.url !== "string") continue;
      outcomes[entry.source.url] = await checkOne(entry, current.updateIntervalHours, current);
    }
    return outcomes;
  }

  /** Sets the periodic alarm (replacing an earlier one) to `hours`. */
  function schedule(hours) {
    try {
      api.alarms?.create(ALARM, { periodInMinutes: hours * 60, delayInMinutes: hours * 60 });
    } catch {
      // No alarms (a test without them): the checks at start still run.
    }
  }

  /**
   * Checks every pack from an address now (one round at a time: a call while
   * one runs gets that round).
   * @returns {Promise<Record<string, string>>}
   */
  function checkForUpdates() {
    if (!running) {
      running = run().finally(() => {
        running = null;
      });
    }
    return running;
  }

  return { checkForUpdates, checkOne, syncPolicy };
}
