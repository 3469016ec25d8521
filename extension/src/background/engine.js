/**
 * The rule engine in the background: the wasm module, loaded lazily on first use
 * and memoised, and the compiled active pack, kept while the worker lives and
 * rebuilt from `storage.local` after a restart.
 */
import init, { Engine, starterPack } from "../../generated/wasm/postcheck_wasm.js";
import { api } from "../shared/browser-api.js";
import { measure, now } from "../shared/timing.js";
import { clearStoredPack, readStoredPack, writeStoredPack } from "./pack-store.js";

/** @type {Promise<void> | null} */
let wasmReady = null;
/** @type {Promise<Active> | null} */
let active = null;

/**
 * @typedef {object} Active
 * @property {Engine} engine the compiled pack
 * @property {{type: string, url?: string, name?: string}} source where it came from
 * @property {string | null} importedAt when it was imported
 * @property {any[] | null} storedRefused problems of a stored pack this version refused (starter active instead)
 */

/** Loads and instantiates the wasm module once. */
function loadWasm() {
  if (!wasmReady) {
    const start = now();
    wasmReady = init({ module_or_path: api.runtime.getURL("postcheck_wasm_bg.wasm") }).then(
      () => measure("postcheck:instantiate", start),
      (e) => {
        wasmReady = null;
        throw e;
      },
    );
  }
  return wasmReady;
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
 */
function compile(json, what) {
  const start = now();
  const engine = new Engine(json);
  measure("postcheck:compile", start, { pack: what, examples: true });
  return engine;
}

/** Compiles the stored pack (or the starter pack). */
async function build() {
  await loadWasm();
  const readStart = now();
  const stored = await readStoredPack();
  measure("postcheck:pack-read", readStart);
  const starter = () => compile(starterPack(), "starter");
  if (stored?.damaged) {
    return { engine: starter(), source: { type: "starter" }, importedAt: null, storedRefused: DAMAGED };
  }
  if (stored) {
    try {
      return { engine: compile(stored.json, "stored"), source: stored.source, importedAt: stored.importedAt, storedRefused: null };
    } catch (e) {
      return { engine: starter(), source: { type: "starter" }, importedAt: null, storedRefused: problemsOf(e) };
    }
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
  await loadWasm();
  let engine;
  try {
    engine = new Engine(json);
  } catch (e) {
    return { ok: false, problems: problemsOf(e) };
  }
  let stored;
  try {
    stored = await writeStoredPack(json, source);
  } catch (e) {
    engine.free();
    return { ok: false, problems: problemsOf(new Error(`the pack could not be stored: ${e?.message ?? e}`)) };
  }
  await replaceActive({ engine, source, importedAt: stored.importedAt, storedRefused: null });
  return { ok: true };
}

/** Makes the built-in starter pack active again. */
export async function revertToStarter() {
  await loadWasm();
  await clearStoredPack();
  await replaceActive({ engine: new Engine(starterPack()), source: { type: "starter" }, importedAt: null, storedRefused: null });
}

/**
 * Swaps the active pack. The previous engine is not freed by hand: a check may
 * still hold it; wasm-bindgen's finalizer frees it once unreachable.
 */
async function replaceActive(next) {
  active = Promise.resolve(next);
}
