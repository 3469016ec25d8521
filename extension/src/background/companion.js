/**
 * The companion: `postcheck companion serve`, the computer's native messaging
 * host `ch.postcheck.companion` (docs/companion.md). It hands the extension
 * the computer's **machine packs**, which join the stack as layers with the
 * source `{type: "companion", folder}` ("from this computer"), beneath the
 * employee's own packs and above the IT policy's.
 *
 * Only with the optional permission `nativeMessaging`, granted by a click on
 * the options page; at no other time than the update schedule (updates.js:
 * start, install, the alarm) and that click. Never during a check.
 *
 * What is sent: three requests and nothing else, each with exactly its
 * fields (REQUEST_FIELDS): `hello`, `list`, and `get` for a pack's chunks. A
 * draft never goes to the companion: no request has room for text.
 *
 * What is received is untrusted: each answer must be the one expected, within
 * EXCHANGE_MS; a pack's chunks, joined, at most MAX_PACK_BYTES and exactly the
 * `bytes` and `sha256` announced (checked with crypto.subtle) before the pack
 * is used; then the engine validates it in full like any import (its examples
 * run). A companion that is missing, slow, stops mid-message or sends
 * garbage changes nothing: the packs held stay, the options page says so
 * quietly, and checks go on as before.
 */
import { api } from "../shared/browser-api.js";
import { readPacks } from "./pack-store.js";

/** The native messaging host's name (docs/companion.md). */
export const HOST = "ch.postcheck.companion";
/** The protocol version the extension speaks. */
export const PROTOCOL = 1;
/** Longest wait for one answer, in milliseconds. */
export const EXCHANGE_MS = 10_000;
/** Largest pack taken from the companion, in UTF-8 bytes (as every pack). */
export const MAX_PACK_BYTES = 16 * 1024 * 1024;
/** Longest reading in all, in milliseconds (each answer within EXCHANGE_MS, all within this). */
export const READING_MS = 5 * 60_000;
/** Most packs taken from one list (the companion reads at most 32 files). */
export const MAX_PACKS = 32;
/** Most chunks of one pack (a 16 MB pack of characters JSON escapes takes about 100). */
export const MAX_CHUNKS = 256;
/** Where the last reading's outcome is kept for the options page (storage.local; only while the permission is granted). */
export const STATE_KEY = "companion";

/** The requests the extension sends, and their only fields. */
export const REQUEST_FIELDS = Object.freeze({ hello: ["type", "version"], list: ["type"], get: ["type", "id", "chunk"] });

/** A reading stopped: the companion is missing, slow, or answered what it should not. */
export class CompanionError extends Error {
  /**
   * @param {"absent" | "forbidden" | "stopped" | "timeout" | "garbage" | "refused"} code
   * @param {string} message plain words
   */
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const isText = (v, max = 1000) => typeof v === "string" && v.length <= max;
const cut = (v, max = 1000) => String(v).slice(0, max);

/**
 * Whether the optional `nativeMessaging` permission is granted.
 * @returns {Promise<boolean>}
 */
export async function companionAllowed() {
  try {
    return Boolean(await api.permissions?.contains({ permissions: ["nativeMessaging"] }));
  } catch {
    return false;
  }
}

/**
 * Whether this worker can start the companion: Chromium gives a running
 * service worker `runtime.connectNative` only when it starts with the
 * permission granted, so after the grant the next worker reads the packs
 * (state `waiting` until then; see `createCompanion`).
 */
export const companionReachable = () => typeof api.runtime?.connectNative === "function";

/**
 * One session over a port (`runtime.connectNative`): one request, then its
 * answer, one at a time. Every request is checked against REQUEST_FIELDS
 * before it leaves.
 * @param {() => any} connect opens the port
 * @param {number} timeoutMs longest wait for one answer
 * @param {number} [readingMs] longest session in all
 */
export function openSession(connect, timeoutMs, readingMs = READING_MS) {
  const deadline = Date.now() + readingMs;
  /** @type {{resolve: (v: any) => void, reject: (e: any) => void} | null} */
  let waiting = null;
  /** @type {CompanionError | null} */
  let ended = null;
  const end = (error) => {
    if (!ended) ended = error;
    if (waiting) {
      const w = waiting;
      waiting = null;
      w.reject(ended);
    }
  };
  let port;
  try {
    port = connect();
  } catch (e) {
    throw new CompanionError("absent", `the companion could not be started (${cut(e?.message ?? e, 200)})`);
  }
  port.onMessage.addListener((message) => {
    if (!waiting) return end(new CompanionError("garbage", "the companion sent an answer nobody asked for"));
    const w = waiting;
    waiting = null;
    w.resolve(message);
  });
  port.onDisconnect.addListener((p) => {
    const reason = String(p?.error?.message ?? api.runtime?.lastError?.message ?? "");
    if (/not found|no such native application/i.test(reason)) end(new CompanionError("absent", "the companion is not installed on this computer (postcheck companion install)"));
    else if (/forbidden/i.test(reason)) end(new CompanionError("forbidden", "the companion on this computer does not allow this extension (run postcheck companion install again)"));
    else end(new CompanionError("stopped", `the companion stopped${reason ? ` (${cut(reason, 200)})` : ""}`));
  });

  /**
   * Sends one request and waits for its answer.
   * @param {{type: string} & Record<string, unknown>} message
   * @returns {Promise<any>}
   */
  function ask(message) {
    const fields = REQUEST_FIELDS[message.type];
    if (!fields || Object.keys(message).some((k) => !fields.includes(k))) throw new Error(`not a companion request: ${message.type}`);
    if (ended) return Promise.reject(ended);
    const tooLong = () => new CompanionError("timeout", `the companion took more than ${Math.ceil(readingMs / 60_000)} minutes in all`);
    const left = deadline - Date.now();
    if (left <= 0) {
      end(tooLong());
      return Promise.reject(ended);
    }
    return new Promise((resolve, reject) => {
      const slow = () => new CompanionError("timeout", `the companion did not answer within ${Math.ceil(timeoutMs / 1000)} seconds`);
      const timer = setTimeout(() => end(left < timeoutMs ? tooLong() : slow()), Math.min(timeoutMs, left));
      waiting = {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      try {
        port.postMessage(message);
      } catch (e) {
        end(new CompanionError("stopped", `the companion stopped (${cut(e?.message ?? e, 200)})`));
      }
    });
  }

  function close() {
    end(new CompanionError("stopped", "the session is over"));
    try {
      port.disconnect();
    } catch {
      // Already gone.
    }
  }

  return { ask, close };
}

/**
 * An answer of the expected type, or the reason it is not.
 * @param {unknown} message
 * @param {string} type
 */
function expect(message, type) {
  if (isObject(message) && message.type === type) return message;
  if (isObject(message) && message.type === "error") {
    throw new CompanionError("refused", `the companion answered an error: ${cut(message.code, 100)} ${cut(message.message, 500)}`.trim());
  }
  throw new CompanionError("garbage", `the companion sent something else than a ${type} answer`);
}

/** Hex SHA-256 of a text's UTF-8 bytes. @param {Uint8Array} bytes */
async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * What the list says of one pack file, checked: a pack in use has an id,
 * version, sha256, bytes (at most MAX_PACK_BYTES) and chunks.
 * @param {unknown} raw
 */
function listedPack(raw) {
  if (!isObject(raw)) return null;
  const file = isText(raw.file) ? raw.file : "";
  const folder = ["system", "user", "variable"].includes(/** @type {string} */ (raw.folder)) ? /** @type {string} */ (raw.folder) : "unknown";
  const state = ["ok", "previous", "refused"].includes(/** @type {string} */ (raw.state)) ? /** @type {string} */ (raw.state) : "refused";
  const problems = (Array.isArray(raw.problems) ? raw.problems : []).filter((p) => typeof p === "string").slice(0, 10).map((p) => cut(p));
  const entry = { file, folder, state, problems, id: null, version: null, sha256: null, bytes: 0, chunks: 0, signer: null };
  if (state === "refused") return entry;
  const usable =
    isText(raw.id, 200) &&
    raw.id !== "" &&
    isText(raw.version, 200) &&
    typeof raw.sha256 === "string" &&
    /^[0-9a-f]{64}$/.test(raw.sha256) &&
    Number.isInteger(raw.bytes) &&
    /** @type {number} */ (raw.bytes) > 0 &&
    Number.isInteger(raw.chunks) &&
    /** @type {number} */ (raw.chunks) >= 1 &&
    /** @type {number} */ (raw.chunks) <= MAX_CHUNKS;
  if (!usable) return { ...entry, state: "refused", problems: [...problems, "the companion described this pack in a way postcheck does not understand"] };
  if (/** @type {number} */ (raw.bytes) > MAX_PACK_BYTES) return { ...entry, state: "refused", problems: [...problems, "the pack is larger than 16 MB, more than any pack may be"] };
  // The key id of the publisher key pinned on the computer that checked its signature (none: not signed).
  const signer = typeof raw.signer === "string" && /^[0-9A-F]{16}$/.test(raw.signer) ? raw.signer : null;
  return { ...entry, id: raw.id, version: raw.version, sha256: raw.sha256, bytes: raw.bytes, chunks: raw.chunks, signer };
}

/**
 * Fetches one pack's chunks and checks them: joined, no more than its bytes
 * (and MAX_PACK_BYTES), then exactly its bytes and its SHA-256.
 * @param {ReturnType<typeof openSession>} session
 * @param {{id: string, version: string, sha256: string, bytes: number, chunks: number}} pack
 * @returns {Promise<{ok: true, json: string} | {ok: false, problem: string}>}
 */
async function fetchPack(session, pack) {
  const parts = [];
  let length = 0;
  for (let chunk = 0; chunk < pack.chunks; chunk++) {
    const answer = expect(await session.ask({ type: "get", id: pack.id, chunk }), "chunk");
    if (answer.id !== pack.id || answer.chunk !== chunk || answer.chunks !== pack.chunks || answer.sha256 !== pack.sha256 || typeof answer.data !== "string") {
      return { ok: false, problem: "the pack changed on this computer while it was being read, or the companion sent another piece; it is read again at the next update" };
    }
    // A UTF-16 length is never more than the UTF-8 bytes: more is not this pack.
    length += answer.data.length;
    if (length > pack.bytes || length > MAX_PACK_BYTES) return { ok: false, problem: "the companion sent more than the pack's size; the pack was not used" };
    parts.push(answer.data);
  }
  const json = parts.join("");
  const bytes = new TextEncoder().encode(json);
  if (bytes.length !== pack.bytes || (await sha256Hex(bytes)) !== pack.sha256) {
    return { ok: false, problem: "the pack received does not match its checksum (SHA-256); it was not used" };
  }
  return { ok: true, json };
}

/**
 * Reads the machine packs: `hello`, `list`, then, for each pack in use that
 * `want` asks for, its chunks (`get`), checked, handed to `use` one pack at a
 * time (so at most one pack is held in memory).
 * @param {{connect: () => any, timeoutMs?: number, readingMs?: number,
 *   want?: (pack: any) => "fetch" | "held" | string,
 *   use?: (pack: any, json: string) => Promise<string | null>}} options
 *   `want`: "fetch", "held" (the same pack is held already) or why it is not asked for;
 *   `use`: takes a received pack, returns why it was not used, or null (default: keeps it as `json`)
 * @returns {Promise<{companion: string, packs: any[]}>} every file listed, each pack in use with `held` or `used`
 *   when so, else `problems` says why
 * @throws {CompanionError} when the reading stopped
 */
export async function readMachinePacks({
  connect,
  timeoutMs = EXCHANGE_MS,
  readingMs = READING_MS,
  want = () => "fetch",
  use = async (pack, json) => {
    pack.json = json;
    return null;
  },
}) {
  const session = openSession(connect, timeoutMs, readingMs);
  try {
    const hello = expect(await session.ask({ type: "hello", version: PROTOCOL }), "hello");
    if (hello.protocol !== PROTOCOL) throw new CompanionError("refused", "the companion speaks another version of the protocol: update postcheck on this computer or the extension");
    const list = expect(await session.ask({ type: "list" }), "list");
    if (!Array.isArray(list.packs)) throw new CompanionError("garbage", "the companion sent a list without packs");
    const packs = list.packs.slice(0, MAX_PACKS).map(listedPack).filter((p) => p !== null);
    const ids = new Set();
    for (const p of packs) {
      p.json = null;
      if (p.state === "refused") continue;
      if (ids.has(p.id)) {
        p.state = "refused";
        p.problems = [...p.problems, `a pack with the id ${p.id} came earlier in the list`];
        continue;
      }
      ids.add(p.id);
      const verdict = want(p);
      if (verdict === "held") {
        p.held = true;
        continue;
      }
      if (verdict !== "fetch") {
        p.problems = [...p.problems, verdict];
        continue;
      }
      const got = await fetchPack(session, p);
      if (!got.ok) {
        p.problems = [...p.problems, got.problem];
        continue;
      }
      const problem = await use(p, got.json);
      if (problem) p.problems = [...p.problems, problem];
      else p.used = true;
    }
    return { companion: isText(hello.companion, 100) ? hello.companion : "", packs };
  } finally {
    session.close();
  }
}

/**
 * The machine packs over an engine host: `sync` reads them and brings the
 * stack's companion layers in line (each new or changed pack validated by the
 * engine in full, as an import), and records the outcome for the options page.
 * @param {ReturnType<typeof import("./engine-host.js").createEngineHost>} host
 * @param {{connect?: () => any, allowed?: () => Promise<boolean>, reachable?: () => boolean, timeoutMs?: number, clock?: () => Date}} [options]
 */
export function createCompanion(
  host,
  { connect = () => api.runtime.connectNative(HOST), allowed = companionAllowed, reachable = companionReachable, timeoutMs = EXCHANGE_MS, clock = () => new Date() } = {},
) {
  /** The running reading, if any: one at a time. @type {Promise<any> | null} */
  let running = null;

  const isMachine = (p) => p.source.type === "companion";

  /** Records `state` for the options page. */
  async function record(state) {
    try {
      await api.storage.local.set({ [STATE_KEY]: { ...state, at: clock().toISOString() } });
    } catch {
      // Only what the options page shows; the packs are stored apart.
    }
  }

  /** Removes the companion layers not in `keep` (ids). */
  function removeOthers(keep) {
    return host.changeList((packs) => {
      const kept = packs.filter((p) => !isMachine(p) || keep.has(p.id));
      return { packs: kept.length === packs.length ? null : kept, result: packs.length - kept.length };
    });
  }

  async function run() {
    if (!(await allowed())) {
      await removeOthers(new Set());
      // Nothing kept without the permission (storage holds the packs, and the companion's state only when it is used).
      await api.storage.local.remove(STATE_KEY).catch(() => {});
      return { state: "off" };
    }
    if (!reachable()) {
      // Granted while this worker runs: the next one reads the packs (`syncIfWaiting`).
      await record({ state: "waiting" });
      return { state: "waiting" };
    }
    const { packs: stored } = await readPacks();
    const heldMachine = (id) => stored.some((p) => isMachine(p) && p.id === id);
    const want = (p) => {
      if (stored.some((s) => isMachine(s) && s.id === p.id && s.sha256 === p.sha256)) return "held";
      const other = stored.find((s) => !isMachine(s) && s.id === p.id);
      if (!other) return "fetch";
      return other.source.type === "policy"
        ? `your organisation's policy sets a pack with the same id (${p.id}); that one is used`
        : `a pack you imported has the same id (${p.id}); remove it on this page to use the one from this computer`;
    };
    // Each pack received is validated by the engine in full, as an import, and put in the stack.
    const use = async (p, json) => {
      const outcome = await host.installPack(json, { type: "companion", folder: p.folder }, {
        fields: { sha256: p.sha256, ...(p.signer ? { keyId: p.signer, pinnedBy: "computer" } : {}) },
        accept: (info, packs) =>
          info.id !== p.id
            ? `the companion named this pack ${p.id}, but its id is ${info.id}`
            : packs.some((s) => !isMachine(s) && s.id === info.id)
              ? `another pack with the same id (${info.id}) is in the stack; that one is used`
              : null,
      });
      if (outcome.ok) return null;
      const first = outcome.problems[0];
      return `the pack was refused: ${cut(first?.message ?? "invalid")}${first?.path && first.path !== "$" ? ` at ${first.path}` : ""}`;
    };
    let read;
    try {
      read = await readMachinePacks({ connect, timeoutMs, want, use });
    } catch (e) {
      const code = e instanceof CompanionError ? e.code : "garbage";
      // The machine packs held stay (and any received whole before it stopped): a companion that fails changes nothing else.
      await record({ state: code, message: cut(e?.message ?? e, 500) });
      return { state: code };
    }
    const keep = new Set();
    for (const p of read.packs) {
      if (p.state === "refused") continue;
      // Used now, the same as held, or not received or refused now: then the copy held, if any, stays.
      if (p.held || p.used || (heldMachine(p.id) && !stored.some((s) => !isMachine(s) && s.id === p.id))) keep.add(p.id);
    }
    await removeOthers(keep);
    const files = read.packs.map(({ file, folder, state, problems, id, version }) => ({ file, folder, state, problems, id, version, used: keep.has(id) }));
    await record({ state: "connected", companion: read.companion, files });
    return { state: "connected", used: [...keep] };
  }

  /**
   * Reads the machine packs now (one reading at a time: a call while one runs gets that one).
   * @returns {Promise<{state: string, used?: string[]}>}
   */
  function sync() {
    if (!running) {
      running = run()
        .catch(async (e) => {
          await record({ state: "garbage", message: cut(e?.message ?? e, 500) });
          return { state: "garbage" };
        })
        .finally(() => {
          running = null;
        });
    }
    return running;
  }

  /**
   * At a worker's start: reads the packs when the last worker could not
   * (state `waiting`), and only then.
   */
  async function syncIfWaiting() {
    try {
      const items = await api.storage.local.get(STATE_KEY);
      if (items?.[STATE_KEY]?.state === "waiting" && reachable()) return await sync();
    } catch {
      // Read at the next start or update.
    }
    return null;
  }

  return { sync, syncIfWaiting };
}

/**
 * The last reading's outcome, for the options page: `{state, at?, message?,
 * companion?, files?}`; state `off` (no permission), `never` (not read yet),
 * `waiting` (granted; read when the worker starts next), `connected`, or why the reading stopped (`absent`, `forbidden`, `stopped`,
 * `timeout`, `garbage`, `refused`).
 */
export async function readCompanionState() {
  const granted = await companionAllowed();
  if (!granted) return { state: "off" };
  try {
    const items = await api.storage.local.get(STATE_KEY);
    const state = items?.[STATE_KEY];
    return isObject(state) && typeof state.state === "string" && state.state !== "off" ? state : { state: "never" };
  } catch {
    return { state: "never" };
  }
}
