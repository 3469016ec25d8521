/**
 * The rule engine in the background: the wasm module and the compiled active
 * pack, kept while the worker lives and rebuilt from `storage.local` after a
 * restart. The worker starts building them as soon as it starts (see worker.js),
 * so that the first check finds them ready or on the way. engine.js binds this
 * to the real wasm module; the tests bind it to a fake one.
 *
 * A pack is validated in full (its examples run) when it is imported, and stored
 * with the identity of the engine that did it: the SHA-256 of the wasm module.
 * Rebuilding it after a restart with that same engine skips the examples
 * (`Engine.withoutExamples`; everything else is still checked). A pack stored by
 * another engine (the extension was updated) is validated in full again, and
 * then stamped with this engine's identity for the next restarts.
 *
 * Recovery: a wasm instance that trapped (a `WebAssembly.RuntimeError`:
 * `unreachable` after a failed allocation or a panic, out-of-bounds memory...)
 * is in an unknown state, and every later call into it may trap too. So any
 * error of the engine that is not a refused pack makes a fresh instance of the
 * same compiled module (`reset`), drops every object of the old one (the active
 * pack is rebuilt from storage on next use) and is answered `engine-stopped`
 * for this one draft. A check that held an object of the old instance (it
 * waited while another check trapped) runs once more on the fresh one.
 */
import { ERROR, problem } from "../shared/protocol.js";
import { measure, now } from "../shared/timing.js";
import { clearStoredPack, readStoredPack, stampStoredPack, writeStoredPack } from "./pack-store.js";

/**
 * @typedef {object} Active
 * @property {any} engine the compiled pack (a wasm `Engine`)
 * @property {{type: string, url?: string, name?: string}} source where it came from
 * @property {string | null} importedAt when it was imported
 * @property {any[] | null} storedRefused problems of a stored pack this version refused (starter active instead)
 * @property {number} instance the wasm instance `engine` lives in (see `reset`)
 */

/**
 * @typedef {object} Wasm what the host needs of the wasm module
 * @property {() => Promise<ArrayBuffer>} bytes the module's bytes
 * @property {(bytes: ArrayBuffer) => Promise<unknown>} instantiate instantiates it (once)
 * @property {() => void} reset replaces the instance by a fresh one of the same module
 * @property {any} Engine the engine class (`new Engine(json)`, `Engine.withoutExamples(json)`)
 * @property {() => string} starterPack the built-in starter pack's JSON
 */

/** Hex SHA-256 of `bytes`. @param {ArrayBuffer} bytes */
async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * True when `thrown` is a pack the engine refused (it lists the problems), not
 * a failure of the engine itself.
 * @param {unknown} thrown
 */
export function isRefusedPack(thrown) {
  return Boolean(thrown) && Array.isArray(/** @type {any} */ (thrown).problems);
}

/**
 * The problems of a refused pack, from what `new Engine` threw.
 * @param {unknown} thrown
 * @returns {any[]}
 */
export function problemsOf(thrown) {
  if (isRefusedPack(thrown)) return /** @type {any} */ (thrown).problems;
  return [problem({ message: String(/** @type {any} */ (thrown)?.message ?? thrown) })];
}

/** What a damaged storage entry is reported as (like a refused pack). */
const DAMAGED = [problem({ message: "the stored pack is damaged: it is not a pack postcheck imported", fix: "import the pack again" })];

/**
 * The problem reported when the engine stopped while reading a pack.
 * @param {unknown} thrown
 */
function stoppedReading(thrown) {
  return [
    problem({
      message: `the rule engine stopped while reading this pack (${String(/** @type {any} */ (thrown)?.message ?? thrown).slice(0, 200)}); it starts afresh for the next pack`,
      fix: "make the pack smaller or simpler (fewer or shorter terms and patterns), or ask its publisher",
    }),
  ];
}

/**
 * The error a check gets when the engine stopped during it.
 * @param {unknown} thrown
 */
function stoppedError(thrown) {
  const e = new Error(`the rule engine stopped (${String(/** @type {any} */ (thrown)?.message ?? thrown).slice(0, 200)}); it starts afresh for the next check`);
  return Object.assign(e, { code: ERROR.ENGINE_STOPPED });
}

/**
 * The engine host over a wasm module.
 * @param {Wasm} wasmModule
 */
export function createEngineHost(wasmModule) {
  /** @type {{ready: Promise<void>, id: Promise<string | null>} | null} */
  let wasm = null;
  /** @type {Promise<Active> | null} */
  let active = null;
  /** Which wasm instance is current: counts the resets. */
  let instance = 0;

  /**
   * Loads and instantiates the wasm module once; meanwhile hashes its bytes (its
   * identity, null if that fails: then every stored pack is validated in full).
   */
  function loadWasm() {
    if (!wasm) {
      const start = now();
      const bytes = wasmModule.bytes();
      const id = bytes.then(sha256).catch(() => null);
      const ready = bytes
        .then((b) => wasmModule.instantiate(b))
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

  /**
   * After the engine failed (a trap): a fresh wasm instance, and the active pack
   * dropped (rebuilt from storage on next use). Only once per instance: a
   * failure of an object of an older instance says nothing about the new one.
   * @param {number} failed the instance that failed
   */
  function recover(failed) {
    if (failed !== instance) return;
    const start = now();
    instance += 1;
    active = null;
    try {
      wasmModule.reset();
    } catch {
      // Without a fresh instance the next use tries again from scratch.
      wasm = null;
    }
    measure("postcheck:engine-reset", start, { resets: instance });
  }

  /**
   * Compiles a pack, timed as `postcheck:compile`.
   * @param {string} json
   * @param {string} what "stored", "starter" or "import"
   * @param {boolean} examples run its examples (false only for a pack this engine validated before)
   */
  function compile(json, what, examples) {
    const start = now();
    const engine = examples ? new wasmModule.Engine(json) : wasmModule.Engine.withoutExamples(json);
    measure("postcheck:compile", start, { pack: what, examples });
    return engine;
  }

  /**
   * The built-in starter pack. It is part of this engine (its examples run in the
   * engine's own tests), so they are not run again here.
   */
  const starter = () => compile(wasmModule.starterPack(), "starter", false);

  /** The starter pack as the active one (after a refused stored pack: with its problems). */
  function starterActive(storedRefused = null) {
    const at = instance;
    try {
      return { engine: starter(), source: { type: "starter" }, importedAt: null, storedRefused, instance: at };
    } catch (e) {
      recover(at);
      throw stoppedError(e);
    }
  }

  /** Reads the stored pack, timed as `postcheck:pack-read`. */
  async function readTimed() {
    const start = now();
    const stored = await readStoredPack();
    measure("postcheck:pack-read", start);
    return stored;
  }

  /** Compiles the stored pack (or the starter pack). @returns {Promise<Active>} */
  async function build() {
    // The module compiles while storage is read.
    const w = loadWasm();
    const [stored] = await Promise.all([readTimed(), w.ready]);
    if (stored?.damaged) return starterActive(DAMAGED);
    if (!stored) return starterActive();
    const id = await w.id;
    const validated = id !== null && stored.engine === id;
    const at = instance;
    let engine;
    try {
      engine = compile(stored.json, "stored", !validated);
    } catch (e) {
      if (isRefusedPack(e)) return starterActive(problemsOf(e));
      recover(at);
      return starterActive(stoppedReading(e));
    }
    if (!validated && id !== null) {
      // Validated in full by this engine now: the next restarts may skip the examples.
      // After the check that is waiting for this pack; never in its way.
      setTimeout(() => stampStoredPack(stored.importedAt, id).catch(() => {}), 0);
    }
    return { engine, source: stored.source, importedAt: stored.importedAt, storedRefused: null, instance: at };
  }

  /** The active pack, compiled on first use. @returns {Promise<Active>} */
  function activeEngine() {
    if (!active) {
      const building = build().catch((e) => {
        if (active === building) active = null;
        throw e;
      });
      active = building;
    }
    return active;
  }

  /**
   * Runs `use` with the active pack. When the engine fails in it (anything but a
   * refused pack), a fresh instance replaces it and the error is thrown with
   * code `engine-stopped`; when `use` held an object of an instance that was
   * replaced meanwhile, it runs once more with the rebuilt pack.
   * @template T
   * @param {(active: Active) => T} use
   * @returns {Promise<T>}
   */
  async function withEngine(use) {
    for (let attempt = 0; ; attempt++) {
      const current = await activeEngine();
      try {
        return use(current);
      } catch (e) {
        if (isRefusedPack(e)) throw e;
        if (current.instance !== instance && attempt === 0) continue;
        recover(current.instance);
        throw stoppedError(e);
      }
    }
  }

  /** The identity of the running engine (null when unknown). @returns {Promise<string | null>} */
  async function engineId() {
    const w = loadWasm();
    await w.ready;
    return w.id;
  }

  /**
   * Validates and compiles `json`; on success stores it and makes it active.
   * A refused pack leaves the active one untouched; so does a pack the engine
   * stopped on (the active pack is then rebuilt from storage).
   * @param {string} json
   * @param {{type: string, url?: string, name?: string}} source
   * @returns {Promise<{ok: true} | {ok: false, problems: any[]}>}
   */
  async function importPack(json, source) {
    const id = await engineId();
    const at = instance;
    let engine;
    try {
      engine = compile(json, "import", true);
    } catch (e) {
      if (isRefusedPack(e)) return { ok: false, problems: problemsOf(e) };
      recover(at);
      return { ok: false, problems: stoppedReading(e) };
    }
    let stored;
    try {
      stored = await writeStoredPack(json, source, id);
    } catch (e) {
      if (at === instance) engine.free();
      return { ok: false, problems: problemsOf(new Error(`the pack could not be stored: ${e?.message ?? e}`)) };
    }
    if (at !== instance) {
      // The engine was replaced while the pack was stored: rebuilt from storage on next use.
      active = null;
      return { ok: true };
    }
    replaceActive({ engine, source, importedAt: stored.importedAt, storedRefused: null, instance: at });
    return { ok: true };
  }

  /** Makes the built-in starter pack active again. */
  async function revertToStarter() {
    await loadWasm().ready;
    await clearStoredPack();
    replaceActive(starterActive());
  }

  /**
   * Swaps the active pack. The previous engine is not freed by hand: a check may
   * still hold it; wasm-bindgen's finalizer frees it once unreachable.
   * @param {Active} next
   */
  function replaceActive(next) {
    active = Promise.resolve(next);
  }

  return { activeEngine, withEngine, engineId, importPack, revertToStarter, resets: () => instance };
}
