/**
 * The rule engine in the background: the wasm module and the compiled active
 * pack, kept while the worker lives and rebuilt from `storage.local` after a
 * restart. The worker starts building them as soon as it starts (see worker.js),
 * so that the first check finds them ready or on the way.
 *
 * A pack is validated in full (its examples run) when it is imported, and stored
 * with the identity of the engine that did it: the SHA-256 of the wasm module.
 * Rebuilding it after a restart with that same engine skips the examples
 * (`Engine.withoutExamples`; everything else is still checked). A pack stored by
 * another engine (the extension was updated) is validated in full again, and
 * then stamped with this engine's identity for the next restarts.
 */
import init, { Engine, starterPack } from "../../generated/wasm/postcheck_wasm.js";
import { api } from "../shared/browser-api.js";
import { measure, now } from "../shared/timing.js";
import { clearStoredPack, readStoredPack, stampStoredPack, writeStoredPack } from "./pack-store.js";

/** @type {{ready: Promise<void>, id: Promise<string | null>} | null} */
let wasm = null;
/** @type {Promise<Active> | null} */
let active = null;

/**
 * @typedef {object} Active
 * @property {Engine} engine the compiled pack
 * @property {{type: string, url?: string, name?: string}} source where it came from
 * @property {string | null} importedAt when it was imported
 * @property {any[] | null} storedRefused problems of a stored pack this version refused (starter active instead)
 */

/** Hex SHA-256 of `bytes`. @param {ArrayBuffer} bytes */
async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Loads and instantiates the wasm module once; meanwhile hashes its bytes (its
 * identity, null if that fails: then every stored pack is validated in full).
 */
function loadWasm() {
  if (!wasm) {
    const start = now();
    const bytes = fetch(api.runtime.getURL("postcheck_wasm_bg.wasm")).then((r) => {
      if (!r.ok) throw new Error(`the engine could not be loaded (${r.status})`);
      return r.arrayBuffer();
    });
    const id = bytes.then(sha256).catch(() => null);
    const ready = bytes
      .then((b) => init({ module_or_path: b }))
      .then(
        () => measure("postcheck:instantiate", start),
        (e) => {
          wasm = null;
          throw e;
        },
      );
    wasm = { ready, id };
  }
  return wasm;
}

/** The identity of the running engine (null when unknown). @returns {Promise<string | null>} */
export async function engineId() {
  const w = loadWasm();
  await w.ready;
  return w.id;
}

/**
 * The problems of a refused pack, from what `new Engine` threw.
 * @param {unknown} thrown
 * @returns {any[]}
 */
export function problemsOf(thrown) {
  if (thrown && Array.isArray(thrown.problems)) return thrown.problems;
  return [{ severity: "error", path: "$", line: null, rule: null, message: String(thrown?.message ?? thrown), fix: null }];
}

/** What a damaged storage entry is reported as (like a refused pack). */
const DAMAGED = [
  {
    severity: "error",
    path: "$",
    line: null,
    rule: null,
    message: "the stored pack is damaged: it is not a pack postcheck imported",
    fix: "import the pack again",
  },
];

/**
 * Compiles a pack, timed as `postcheck:compile`.
 * @param {string} json
 * @param {string} what "stored", "starter" or "import"
 * @param {boolean} examples run its examples (false only for a pack this engine validated before)
 */
function compile(json, what, examples) {
  const start = now();
  const engine = examples ? new Engine(json) : Engine.withoutExamples(json);
  measure("postcheck:compile", start, { pack: what, examples });
  return engine;
}

/**
 * The built-in starter pack. It is part of this engine (its examples run in the
 * engine's own tests), so they are not run again here.
 */
const starter = () => compile(starterPack(), "starter", false);

/** Reads the stored pack, timed as `postcheck:pack-read`. */
async function readTimed() {
  const start = now();
  const stored = await readStoredPack();
  measure("postcheck:pack-read", start);
  return stored;
}

/** Compiles the stored pack (or the starter pack). */
async function build() {
  // The module compiles while storage is read.
  const w = loadWasm();
  const [stored] = await Promise.all([readTimed(), w.ready]);
  if (stored?.damaged) {
    return { engine: starter(), source: { type: "starter" }, importedAt: null, storedRefused: DAMAGED };
  }
  if (stored) {
    const id = await w.id;
    const validated = id !== null && stored.engine === id;
    let engine;
    try {
      engine = compile(stored.json, "stored", !validated);
    } catch (e) {
      return { engine: starter(), source: { type: "starter" }, importedAt: null, storedRefused: problemsOf(e) };
    }
    if (!validated && id !== null) {
      // Validated in full by this engine now: the next restarts may skip the examples.
      // After the check that is waiting for this pack; never in its way.
      setTimeout(() => stampStoredPack(stored.importedAt, id).catch(() => {}), 0);
    }
    return { engine, source: stored.source, importedAt: stored.importedAt, storedRefused: null };
  }
  return { engine: starter(), source: { type: "starter" }, importedAt: null, storedRefused: null };
}

/** The active pack, compiled on first use. @returns {Promise<Active>} */
export function activeEngine() {
  if (!active) {
    active = build().catch((e) => {
      active = null;
      throw e;
    });
  }
  return active;
}

/**
 * Validates and compiles `json`; on success stores it and makes it active.
 * A refused pack leaves the active one untouched.
 * @param {string} json
 * @param {{type: string, url?: string, name?: string}} source
 * @returns {Promise<{ok: true} | {ok: false, problems: any[]}>}
 */
export async function importPack(json, source) {
  const id = await engineId();
  let engine;
  try {
    engine = compile(json, "import", true);
  } catch (e) {
    return { ok: false, problems: problemsOf(e) };
  }
  let stored;
  try {
    stored = await writeStoredPack(json, source, id);
  } catch (e) {
    engine.free();
    return { ok: false, problems: problemsOf(new Error(`the pack could not be stored: ${e?.message ?? e}`)) };
  }
  await replaceActive({ engine, source, importedAt: stored.importedAt, storedRefused: null });
  return { ok: true };
}

/** Makes the built-in starter pack active again. */
export async function revertToStarter() {
  await loadWasm().ready;
  await clearStoredPack();
  await replaceActive({ engine: starter(), source: { type: "starter" }, importedAt: null, storedRefused: null });
}

/**
 * Swaps the active pack. The previous engine is not freed by hand: a check may
 * still hold it; wasm-bindgen's finalizer frees it once unreachable.
 */
async function replaceActive(next) {
  active = Promise.resolve(next);
}
