/**
 * The rule engine in the background: the wasm module and the compiled stack
 * (the built-in baseline, then the company packs of pack-store.js, bottom
 * first), kept while the worker lives and rebuilt from `storage.local` after a
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
 * Stacks: `buildStackEngine` is the one place where the engine of a stack is
 * made. With an engine that has `Engine.stack` the company packs sit on the
 * baseline (an import no longer switches the built-in protections off);
 * without it, the topmost pack alone checks, as before stacks.
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
import { changePacks, readPacks, stampPacks } from "./pack-store.js";

/**
 * @typedef {object} Active
 * @property {any} engine the compiled stack (a wasm `Engine`): the baseline and `layers`
 *   (without `Engine.stack`: the topmost layer alone, or the baseline)
 * @property {import("./pack-store.js").PackEntry[]} layers the company packs built, bottom first
 * @property {import("./pack-store.js").PackEntry | null} top the topmost of them (null: the baseline alone)
 * @property {any[] | null} storedRefused problems of stored packs this version refused (left out)
 * @property {number} instance the wasm instance `engine` lives in (see `reset`)
 * @property {boolean} stacked true when `engine` holds the whole stack
 */

/**
 * @typedef {object} Wasm what the host needs of the wasm module
 * @property {() => Promise<ArrayBuffer>} bytes the module's bytes
 * @property {(bytes: ArrayBuffer) => Promise<unknown>} instantiate instantiates it (once)
 * @property {() => void} reset replaces the instance by a fresh one of the same module
 * @property {any} Engine the engine class (`new Engine(json)`, `Engine.withoutExamples(json)`, and
 *   in engines with stacks `Engine.stack(jsons, {baseline, validated})`)
 * @property {() => string} starterPack the built-in starter pack's JSON
 * @property {(pack: string, signature: string, publicKey: string) => any} [verifyPack] checks a pack's minisign signature (signatures.js)
 * @property {(publicKey: string) => string} [publicKeyId] the key id of a minisign public key
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
 * The list with `entry` in it: in place of a policy pack of the same address
 * not downloaded yet (another pack with its id goes), else in place of the pack
 * with the same id, else on top of its kind (policy packs, then the
 * computer's machine packs, beneath the employee's own).
 * @param {import("./pack-store.js").PackEntry[]} packs
 * @param {import("./pack-store.js").PackEntry} entry
 */
export function placeEntry(packs, entry) {
  const sameAddress = (p) => p.source.type === entry.source.type && p.source.url !== undefined && p.source.url === entry.source.url;
  const next = [...packs];
  // A policy pack not downloaded yet takes its place at its first download.
  const pending = next.findIndex((p) => p.json === null && sameAddress(p));
  if (pending >= 0) {
    next.splice(pending, 1, entry);
    return next.filter((p, i) => i === pending || p.id === null || p.id !== entry.id);
  }
  const same = next.findIndex((p) => p.id !== null && p.id === entry.id);
  if (same >= 0) {
    next[same] = entry;
  } else if (entry.source.type === "policy") {
    const firstOwn = next.findIndex((p) => p.source.type !== "policy");
    next.splice(firstOwn < 0 ? next.length : firstOwn, 0, entry);
  } else if (entry.source.type === "companion") {
    // Machine packs: above the policy's, beneath the employee's own.
    const firstOwn = next.findIndex((p) => p.source.type !== "policy" && p.source.type !== "companion");
    next.splice(firstOwn < 0 ? next.length : firstOwn, 0, entry);
  } else {
    next.push(entry);
  }
  return next;
}

/**
 * The engine host over a wasm module.
 * @param {Wasm} wasmModule
 * @param {{ownPacksAllowed?: () => Promise<boolean>}} [options] `ownPacksAllowed`: whether the
 *   IT policy lets the employee's own packs check (when not, they stay stored but are left out)
 */
export function createEngineHost(wasmModule, { ownPacksAllowed = async () => true } = {}) {
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
   * Compiles a pack alone, timed as `postcheck:compile`.
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

  /** True when the wasm builds stacks (`Engine.stack`); else only the topmost pack checks. */
  const stacks = () => typeof wasmModule.Engine.stack === "function";

  /**
   * The one place where the engine of a stack is made: the built-in baseline,
   * then the company packs `jsons` (bottom first) on top of it.
   *
   * With `Engine.stack(layers, {baseline: true, validated})` in the wasm, that
   * is the whole stack. Without it (an engine from before stacks), the topmost
   * pack alone checks, as it always did (the baseline when there is none);
   * `topEngine` is that pack already compiled, if the caller has it.
   * @param {string[]} jsons
   * @param {{validated: boolean, what: string, topEngine?: any}} options `validated`: every layer was validated in full by this engine before
   */
  function buildStackEngine(jsons, { validated, what, topEngine }) {
    if (stacks()) {
      const start = now();
      const engine = wasmModule.Engine.stack(jsons, { baseline: true, validated });
      measure("postcheck:compile", start, { pack: what, examples: !validated });
      return asOnePack(engine);
    }
    if (jsons.length === 0) return starter();
    return topEngine ?? compile(jsons[jsons.length - 1], what, !validated);
  }

  /**
   * A stack engine as the pages read a pack: `info` is the topmost layer's
   * (name, version, rules, guidelines, as of a single pack), with every layer
   * and what it changes in `info.layers`, bottom first.
   * @param {any} stack
   */
  function asOnePack(stack) {
    return {
      check: (text, options) => stack.check(text, options),
      warnings: () => (typeof stack.warnings === "function" ? stack.warnings() : []),
      // Every layer's guideline page, bottom first (background/guidelines.js).
      guidelines: (locale, fallbackLocales) => stack.guidelines(locale, fallbackLocales),
      info(locale, fallbackLocales) {
        const { layers = [] } = stack.info(locale, fallbackLocales) ?? {};
        return { ...(layers[layers.length - 1] ?? {}), layers };
      },
    };
  }

  /**
   * The built-in starter pack. It is part of this engine (its examples run in the
   * engine's own tests), so they are not run again here.
   */
  const starter = () => compile(wasmModule.starterPack(), "starter", false);

  /** Reads the stored packs, timed as `postcheck:pack-read`. */
  async function readTimed() {
    const start = now();
    const stored = await readPacks();
    measure("postcheck:pack-read", start);
    return stored;
  }

  /**
   * The engine for `entries` (company packs, bottom first) on the baseline. A
   * layer the engine refuses (or stops on) is left out, with its problems in
   * `storedRefused`; the rest still checks. With the fallback (no stacks) a
   * refused top pack gives way to the one beneath.
   * @param {import("./pack-store.js").PackEntry[]} entries
   * @param {{id: string | null, what: string, refused?: any[], fresh?: {entry: import("./pack-store.js").PackEntry, engine: any}}} options
   *   `id`: this engine's identity; `fresh`: a pack just validated in full (its engine, for the fallback)
   * @returns {Active}
   */
  function buildLayers(entries, { id, what, refused = [], fresh }) {
    let layers = entries.filter((p) => p.json !== null);
    for (;;) {
      const at = instance;
      const top = layers.at(-1) ?? null;
      const inEngine = stacks() ? layers : layers.slice(-1);
      const validated = id !== null && inEngine.every((p) => p.engine === id || p === fresh?.entry);
      try {
        const topEngine = fresh && top === fresh.entry && !stacks() ? fresh.engine : undefined;
        const engine = buildStackEngine(
          layers.map((p) => /** @type {string} */ (p.json)),
          { validated, what, topEngine },
        );
        const stale = inEngine.filter((p) => p.engine !== id && p !== fresh?.entry);
        if (id !== null && stale.length) {
          // Validated in full by this engine now: the next restarts may skip the examples.
          // After the check that is waiting for this pack; never in its way.
          setTimeout(() => stampPacks(stale, id).catch(() => {}), 0);
        }
        return { engine, layers, top, storedRefused: refused.length ? refused : null, instance: at, stacked: stacks() };
      } catch (e) {
        if (!isRefusedPack(e)) recover(at);
        if (layers.length === 0) throw stoppedError(e);
        const bad = stacks() && isRefusedPack(e) ? refusedLayers(layers, id) : [{ ...top, entry: top }];
        const named = (p) => (p.id ? `pack ${p.id}: ` : "");
        for (const p of bad) {
          const problems = p.problems ?? (isRefusedPack(e) ? problemsOf(e) : stoppedReading(e));
          for (const pr of problems) refused.push({ ...pr, message: `${named(p)}${pr.message}` });
        }
        const out = new Set(bad.map((p) => p.entry));
        layers = layers.filter((p) => !out.has(p));
      }
    }
  }

  /**
   * The layers of a refused stack that the engine refuses alone (each with
   * its `problems`); when each is fine alone (the stack as a whole is refused),
   * all of them, as not fitting together.
   * @param {import("./pack-store.js").PackEntry[]} layers
   * @param {string | null} id
   */
  function refusedLayers(layers, id) {
    const bad = [];
    for (const p of layers) {
      try {
        compile(/** @type {string} */ (p.json), "stored", p.engine !== id);
      } catch (e) {
        if (!isRefusedPack(e)) recover(instance);
        bad.push({ ...p, entry: p, problems: isRefusedPack(e) ? problemsOf(e) : stoppedReading(e) });
      }
    }
    return bad.length ? bad : layers.map((p) => ({ ...p, entry: p, problems: [problem({ message: "this pack does not fit on the packs beneath it", fix: "ask its publisher" })] }));
  }

  /**
   * The packs that may check: all, or, when the policy does not allow the
   * employee's own packs, the policy's and the computer's system folder's only.
   * @param {import("./pack-store.js").PackEntry[]} packs
   * @param {boolean} own
   */
  const usable = (packs, own) => (own ? packs : packs.filter((p) => p.source.type === "policy" || (p.source.type === "companion" && p.source.folder === "system")));

  /** Compiles the stored packs on the baseline. @returns {Promise<Active>} */
  async function build() {
    // The module compiles while storage is read.
    const w = loadWasm();
    const [stored, own] = await Promise.all([readTimed(), ownPacksAllowed(), w.ready]);
    const id = await w.id;
    return buildLayers(usable(stored.packs, own), { id, what: "stored", refused: stored.damaged ? [...DAMAGED] : [] });
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

  /** List changes one after the other (an import, an update, a removal). */
  let changes = Promise.resolve();
  /**
   * @template T
   * @param {() => Promise<T>} fn
   * @returns {Promise<T>}
   */
  function inTurn(fn) {
    const next = changes.then(fn, fn);
    changes = next.catch(() => {});
    return next;
  }

  /**
   * Validates `json` alone and in full (its examples run).
   * @param {string} json
   * @returns {{ok: true, engine: any, info: any, at: number} | {ok: false, problems: any[]}}
   */
  function validate(json) {
    const at = instance;
    try {
      const engine = compile(json, "import", true);
      return { ok: true, engine, info: engine.info("en"), at };
    } catch (e) {
      if (isRefusedPack(e)) return { ok: false, problems: problemsOf(e) };
      recover(at);
      return { ok: false, problems: stoppedReading(e) };
    }
  }

  /**
   * Validates `json` in full and, when `accept` has nothing against it, puts
   * it in the stack: in place of the pack with the same id, else on top of its
   * kind (a policy pack on top of the policy packs, beneath the employee's own;
   * the employee's own on top). The stack with it must build too. On any
   * refusal the list and the active stack stay as they were.
   * @param {string} json
   * @param {{type: string, url?: string, name?: string}} source
   * @param {{accept?: (info: any, packs: import("./pack-store.js").PackEntry[]) => string | null, fields?: object}} [options]
   *   `accept` returns why the pack is refused (one sentence with the fix), or null;
   *   `fields` are stored with the entry (an update's validators and times)
   * @returns {Promise<{ok: true, entry: import("./pack-store.js").PackEntry} | {ok: false, problems: any[]}>}
   */
  function installPack(json, source, { accept = () => null, fields = {} } = {}) {
    return inTurn(async () => {
      const id = await engineId();
      const checked = validate(json);
      if (!checked.ok) return checked;
      const { packs } = await readPacks();
      const why = accept(checked.info, packs);
      if (why) return { ok: false, problems: [problem({ message: why })] };
      /** @type {import("./pack-store.js").PackEntry} */
      const entry = { json, source, importedAt: new Date().toISOString(), id: checked.info.id, ...fields };
      if (id) entry.engine = id;
      const next = usable(placeEntry(packs, entry), await ownPacksAllowed());
      let built;
      try {
        built = buildLayers(next, { id, what: "import", fresh: { entry, engine: checked.engine } });
      } catch (e) {
        return { ok: false, problems: problemsOf(e) };
      }
      if (built.storedRefused && !built.layers.includes(entry)) {
        return { ok: false, problems: built.storedRefused };
      }
      try {
        await changePacks((fresh) => ({ packs: placeEntry(fresh, entry) }));
      } catch (e) {
        return { ok: false, problems: problemsOf(new Error(`the pack could not be stored: ${e?.message ?? e}`)) };
      }
      // Built on another instance (a trap meanwhile): rebuilt from storage on next use.
      active = built.instance === instance ? Promise.resolve(built) : null;
      return { ok: true, entry };
    });
  }

  /**
   * Validates and adds a pack the employee imported (see installPack).
   * @param {string} json
   * @param {{type: string, url?: string, name?: string}} source
   * @param {{accept?: (info: any, packs: any[]) => string | null, fields?: object}} [options]
   * @returns {Promise<{ok: true} | {ok: false, problems: any[]}>}
   */
  async function importPack(json, source, options = {}) {
    const outcome = await installPack(json, source, options);
    return outcome.ok ? { ok: true } : outcome;
  }

  /**
   * Changes the stored list (update records, removals) and, when `rebuild`,
   * builds the stack afresh on next use.
   * @param {(packs: import("./pack-store.js").PackEntry[]) => {packs: import("./pack-store.js").PackEntry[] | null, result?: any}} change
   * @param {{rebuild?: boolean}} [options]
   */
  function changeList(change, { rebuild = true } = {}) {
    return inTurn(async () => {
      const result = await changePacks(change);
      if (rebuild) active = null;
      return result;
    });
  }

  /**
   * Removes the employee's own packs for which `which` is true (never a
   * policy pack or a machine pack); the stack is rebuilt on next use.
   * @param {(entry: import("./pack-store.js").PackEntry) => boolean} which
   * @returns {Promise<number>} how many were removed
   */
  async function removeOwnPacks(which) {
    await loadWasm().ready;
    const removed = await changeList((packs) => {
      const kept = packs.filter((p) => p.source.type === "policy" || p.source.type === "companion" || !which(p));
      return { packs: kept, result: packs.length - kept.length };
    });
    return removed ?? 0;
  }

  /** Back to the baseline and the policy packs: removes every pack of the employee's own. */
  const revertToStarter = () => removeOwnPacks(() => true);

  /** The built-in baseline's JSON. */
  const baselineJson = () => wasmModule.starterPack();

  /**
   * The wasm's signature functions (signatures.js), once the module is
   * loaded; null with an engine that has none.
   * @returns {Promise<import("./signatures.js").Verifier | null>}
   */
  async function verifier() {
    await loadWasm().ready;
    const { verifyPack, publicKeyId } = wasmModule;
    return typeof verifyPack === "function" && typeof publicKeyId === "function" ? { verifyPack, publicKeyId } : null;
  }

  /** Builds the stack afresh on next use (the list changed outside an import). */
  const invalidate = () => {
    active = null;
  };

  return {
    activeEngine,
    withEngine,
    engineId,
    importPack,
    installPack,
    changeList,
    invalidate,
    removeOwnPacks,
    revertToStarter,
    baselineJson,
    stacks,
    verifier,
    resets: () => instance,
  };
}
