// The engine host recovers from a trap: a fake wasm module whose engine traps
// (a WebAssembly.RuntimeError, as `unreachable` or out-of-bounds memory do) on
// one draft. After the trap the next check runs on a fresh instance, rebuilt
// from the stored pack; a refused pack is not a trap.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

/** storage.local in memory. */
const area = new Map();
globalThis.chrome = {
  storage: {
    local: {
      get: async (keys) => Object.fromEntries([keys].flat().filter((k) => area.has(k)).map((k) => [k, structuredClone(area.get(k))])),
      set: async (items) => Object.entries(items).forEach(([k, v]) => area.set(k, structuredClone(v))),
      remove: async (key) => void area.delete(key),
    },
  },
};
const { createEngineHost } = await import("../src/background/engine-host.js");
const { ERROR: { ENGINE_STOPPED } } = await import("../src/shared/protocol.js");

/**
 * A fake wasm module. Like a real instance after a trap, a trapped instance
 * traps on every later call until `reset` makes a fresh one; an object of an
 * older instance throws as wasm-bindgen's stale-object guard does.
 */
function fakeWasm({ stack = false } = {}) {
  const state = { instance: 0, trapped: false, instantiated: 0, resets: 0, compiled: [], stacks: [] };
  const trap = (what) => {
    state.trapped = true;
    throw new WebAssembly.RuntimeError(`unreachable (${what})`);
  };
  class Engine {
    constructor(json, examples = true) {
      if (state.trapped) trap("compile on a trapped instance");
      const pack = JSON.parse(json);
      if (pack.refuse) throw Object.assign(new Error("pack refused"), { problems: [{ severity: "error", path: "$.rules", message: "bad" }] });
      if (pack.trapOnCompile) trap("compile");
      this.pack = pack;
      this.instance = state.instance;
      state.compiled.push({ id: pack.id, examples, instance: state.instance });
    }
    static withoutExamples(json) {
      return new Engine(json, false);
    }
    guard() {
      if (this.instance !== state.instance) throw new Error("Invalid stale object from previous Wasm instance");
      if (state.trapped) trap("call on a trapped instance");
    }
    check(text) {
      this.guard();
      if (text === "boom") trap("check");
      return { hints: text.includes("secret") ? [{ rule: this.pack.id }] : [] };
    }
    info() {
      this.guard();
      return { id: this.pack.id, name: this.pack.id, version: this.pack.version ?? "1" };
    }
    free() {}
  }
  /**
   * The contract of the wasm's `Engine.stack(layers, {baseline, validated})`: the
   * baseline beneath the layers; a check gives each layer's hints with its `pack`.
   */
  class Stack {
    constructor(jsons, options) {
      const layers = [...(options.baseline ? [JSON.stringify({ id: "starter" })] : []), ...jsons].map((j) => new Engine(j, !options.validated));
      if (layers.some((l) => l.pack.clash)) throw Object.assign(new Error("stack refused"), { problems: [{ severity: "error", path: "$", message: "clash" }] });
      this.layers = layers;
      state.stacks.push({ ids: layers.map((l) => l.pack.id), validated: options.validated });
    }
    check(text) {
      return { hints: this.layers.flatMap((l) => l.check(text).hints.map((h) => ({ ...h, pack: l.pack.id }))), packs: this.layers.map((l) => l.pack.id) };
    }
    info() {
      return { id: "stack", name: "stack", version: "" };
    }
    guidelines(locale, fallback) {
      return { layers: this.layers.map((l) => ({ pack: l.pack.id, reader: [locale, ...fallback] })) };
    }
  }
  if (stack) Engine.stack = (jsons, options) => new Stack(jsons, options);
  return {
    state,
    module: {
      bytes: async () => new Uint8Array([0, 97, 115, 109]).buffer,
      instantiate: async () => {
        state.instantiated += 1;
      },
      reset: () => {
        state.resets += 1;
        state.instance += 1;
        state.trapped = false;
      },
      Engine,
      starterPack: () => JSON.stringify({ id: "starter" }),
    },
  };
}

beforeEach(() => area.clear());

const check = (host, text) => host.withEngine(({ engine }) => engine.check(text));

test("after a trap in a check, the next check runs on a fresh instance with the same pack", async () => {
  const { state, module } = fakeWasm();
  const host = createEngineHost(module);
  assert.deepEqual(await host.importPack(JSON.stringify({ id: "company" }), { type: "file" }), { ok: true });
  assert.deepEqual(await check(host, "a secret"), { hints: [{ rule: "company" }] });

  await assert.rejects(check(host, "boom"), (e) => e.code === ENGINE_STOPPED && /rule engine stopped \(unreachable \(check\)\)/.test(e.message));
  assert.equal(state.resets, 1, "a fresh instance");
  // Without the reset every later check would trap ("call on a trapped instance").
  assert.deepEqual(await check(host, "a secret"), { hints: [{ rule: "company" }] }, "the imported pack, rebuilt from storage");
  assert.deepEqual(state.compiled.at(-1), { id: "company", examples: false, instance: 1 });
  assert.equal(state.instantiated, 1, "the module is instantiated once; the reset makes the new instance");
  assert.equal(host.resets(), 1);
});

test("checks waiting while another traps run once more on the fresh instance; one reset only", async () => {
  const { state, module } = fakeWasm();
  const host = createEngineHost(module);
  await check(host, "warm");
  const answers = await Promise.allSettled([check(host, "boom"), check(host, "a secret"), check(host, "nothing")]);
  assert.equal(answers[0].status, "rejected");
  assert.equal(answers[0].reason.code, ENGINE_STOPPED);
  assert.deepEqual(answers[1], { status: "fulfilled", value: { hints: [{ rule: "starter" }] } });
  assert.deepEqual(answers[2], { status: "fulfilled", value: { hints: [] } });
  assert.equal(state.resets, 1);
});

test("a pack the engine traps on while importing is refused in plain words; the active pack stays and works", async () => {
  const { state, module } = fakeWasm();
  const host = createEngineHost(module);
  await host.importPack(JSON.stringify({ id: "company" }), { type: "file" });
  const outcome = await host.importPack(JSON.stringify({ id: "hostile", trapOnCompile: true }), { type: "file" });
  assert.equal(outcome.ok, false);
  assert.match(outcome.problems[0].message, /rule engine stopped while reading this pack/);
  assert.match(outcome.problems[0].fix, /smaller or simpler/);
  assert.equal(state.resets, 1);
  assert.deepEqual(await check(host, "secret"), { hints: [{ rule: "company" }] }, "the previous pack, on the fresh instance");
});

test("a refused pack is not a trap: no reset, its problems are listed", async () => {
  const { state, module } = fakeWasm();
  const host = createEngineHost(module);
  const outcome = await host.importPack(JSON.stringify({ id: "bad", refuse: true }), { type: "file" });
  assert.deepEqual(outcome, { ok: false, problems: [{ severity: "error", path: "$.rules", message: "bad" }] });
  assert.equal(state.resets, 0);
});

test("a stored pack the engine traps on: the starter pack checks, with the reason, on a fresh instance", async () => {
  const { state, module } = fakeWasm();
  area.set("activePack", { json: JSON.stringify({ id: "stored", trapOnCompile: true }), source: { type: "file" }, importedAt: "2026-01-01T00:00:00.000Z" });
  const host = createEngineHost(module);
  const active = await host.activeEngine();
  assert.equal(active.top, null, "no company pack: the baseline alone");
  assert.match(active.storedRefused[0].message, /rule engine stopped while reading this pack/);
  assert.equal(state.resets, 1);
  assert.deepEqual(await check(host, "secret"), { hints: [{ rule: "starter" }] });
});

test("a fresh instance that traps again is replaced again (every trap recovers)", async () => {
  const { state, module } = fakeWasm();
  const host = createEngineHost(module);
  for (let i = 1; i <= 3; i++) {
    await assert.rejects(check(host, "boom"), { code: ENGINE_STOPPED });
    assert.equal(state.resets, i);
    assert.deepEqual(await check(host, "secret"), { hints: [{ rule: "starter" }] });
  }
});

// The real engine, with wasm memory capped at 64 pages (4 MiB) for this test
// process: a 1,000,000-character draft full of hints (the engine is called
// directly here, without the worker's 100,000-unit limit) does not fit, so
// its check fails to allocate and traps (`unreachable`), as a real draft did
// on a real device. Without a fresh instance, every later check traps too.
const wasmDir = new URL("../generated/wasm/", import.meta.url);
const built = await import("node:fs").then((fs) => fs.existsSync(new URL("postcheck_wasm_bg.wasm", wasmDir)));

test("the real engine: after a trap (memory exhausted), the next check works on a fresh instance", { skip: !built && "the engine is not built (build.sh build)" }, async () => {
  const { readFileSync } = await import("node:fs");
  const v8 = await import("node:v8");
  v8.setFlagsFromString("--wasm-max-mem-pages=64");
  const glue = await import(new URL("postcheck_wasm.js", wasmDir).href);
  const bytes = readFileSync(new URL("postcheck_wasm_bg.wasm", wasmDir));
  let resets = 0;
  const host = createEngineHost({
    bytes: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    instantiate: (b) => glue.default({ module_or_path: b }),
    reset: () => {
      resets += 1;
      glue.__wbg_reset_state();
    },
    Engine: glue.Engine,
    starterPack: glue.starterPack,
  });
  const options = { platform: "linkedin", locale: "en", date: "2026-11-25", media: [] };
  const small = () => host.withEngine(({ engine }) => engine.check("Das ist streng vertraulich.", options).hints.map((h) => h.excerpt));
  const big = "Hallo streng vertraulich anna@acme.example, +41 79 123 45 67 ".repeat(20_000).slice(0, 1_000_000);
  assert.deepEqual(await small(), ["streng vertraulich"]);
  for (let round = 1; round <= 2; round++) {
    await assert.rejects(
      host.withEngine(({ engine }) => engine.check(big, options)),
      (e) => e.code === ENGINE_STOPPED && /unreachable/.test(e.message),
      "the big draft traps",
    );
    assert.equal(resets, round);
    assert.deepEqual(await small(), ["streng vertraulich"], "the next check works");
  }
});

// ---- The stack of company packs on the baseline ----

const pack = (id, extra = {}) => JSON.stringify({ id, version: "1", ...extra });
const stored = () => area.get("packs");

test("without Engine.stack (an engine from before stacks): the topmost pack checks alone; the list keeps every pack", async () => {
  const { module } = fakeWasm();
  const host = createEngineHost(module);
  assert.equal(host.stacks(), false);
  await host.importPack(pack("group"), { type: "url", url: "https://acme.example/group.json" });
  await host.importPack(pack("team"), { type: "file", name: "team.json" });
  assert.deepEqual(stored().map((p) => [p.id, p.source.type]), [["group", "url"], ["team", "file"]]);
  assert.deepEqual(await check(host, "secret"), { hints: [{ rule: "team" }] });
  assert.equal(await host.removeOwnPacks((p) => p.id === "team"), 1);
  assert.deepEqual(await check(host, "secret"), { hints: [{ rule: "group" }] }, "the pack beneath checks again");
  await host.revertToStarter();
  assert.deepEqual(await check(host, "secret"), { hints: [{ rule: "starter" }] });
  assert.deepEqual(stored(), []);
});

test("with Engine.stack: the baseline stays beneath the company packs, each hint names its pack", async () => {
  const { state, module } = fakeWasm({ stack: true });
  const host = createEngineHost(module);
  await host.importPack(pack("group"), { type: "url", url: "https://acme.example/group.json" });
  await host.importPack(pack("team"), { type: "file" });
  const result = await check(host, "a secret");
  assert.deepEqual(result.packs, ["starter", "group", "team"]);
  assert.deepEqual(result.hints.map((h) => h.pack), ["starter", "group", "team"], "importing a company pack keeps the built-in protections");
  assert.equal(state.stacks.at(-1).validated, true, "every layer was validated in full at its import");
  // The same pack id again replaces the pack in its place; a pack the engine refuses changes nothing.
  await host.importPack(pack("group", { version: "2" }), { type: "file", name: "group-2.json" });
  assert.deepEqual(stored().map((p) => [p.id, JSON.parse(p.json).version]), [["group", "2"], ["team", "1"]]);
  const before = structuredClone(stored());
  assert.equal((await host.importPack(pack("bad", { refuse: true }), { type: "file" })).ok, false);
  assert.equal((await host.importPack(pack("clashing", { clash: true }), { type: "file" })).ok, false, "a pack that does not fit on the stack is refused");
  assert.deepEqual(stored(), before, "a failed import never changes the list");
  assert.deepEqual((await check(host, "secret")).packs, ["starter", "group", "team"]);
});

test("with Engine.stack after a restart: the stack is rebuilt from storage without the examples; a stored layer refused is left out and named", async () => {
  const { module } = fakeWasm({ stack: true });
  await createEngineHost(module).importPack(pack("group"), { type: "file" });
  const restarted = fakeWasm({ stack: true });
  const host = createEngineHost(restarted.module);
  assert.deepEqual((await check(host, "secret")).packs, ["starter", "group"]);
  assert.deepEqual(restarted.state.stacks, [{ ids: ["starter", "group"], validated: true }]);
  // A layer this version refuses (stored by an older one): the others still check.
  area.set("packs", [...stored(), { json: pack("old", { refuse: true }), source: { type: "file" }, importedAt: "2026-01-01T00:00:00.000Z", id: "old" }]);
  const again = createEngineHost(fakeWasm({ stack: true }).module);
  const active = await again.activeEngine();
  assert.deepEqual(active.layers.map((p) => p.id), ["group"]);
  assert.match(active.storedRefused[0].message, /^pack old: bad/);
  assert.deepEqual((await check(again, "secret")).packs, ["starter", "group"]);
});

test("the single pack of earlier versions (activePack) becomes the first entry of the list, not lost", async () => {
  area.set("activePack", { json: pack("company"), source: { type: "url", url: "https://acme.example/p.json" }, importedAt: "2026-01-01T00:00:00.000Z", engine: "e" });
  const host = createEngineHost(fakeWasm().module);
  assert.deepEqual(await check(host, "secret"), { hints: [{ rule: "company" }] });
  assert.equal(area.has("activePack"), false);
  assert.deepEqual(stored(), [{ json: pack("company"), source: { type: "url", url: "https://acme.example/p.json" }, importedAt: "2026-01-01T00:00:00.000Z", engine: "e", id: "company" }]);
});

test("policy packs sit beneath the employee's own packs; removing own packs never removes them", async () => {
  const host = createEngineHost(fakeWasm({ stack: true }).module);
  await host.importPack(pack("mine"), { type: "file" });
  const installed = await host.installPack(pack("org"), { type: "policy", url: "https://acme.example/org.json" });
  assert.equal(installed.ok, true);
  assert.deepEqual(stored().map((p) => p.id), ["org", "mine"]);
  await host.revertToStarter();
  assert.deepEqual(stored().map((p) => p.id), ["org"]);
  assert.deepEqual((await check(host, "secret")).packs, ["starter", "org"]);
});

test("when the IT policy does not allow own packs, they stay stored but are left out of the stack", async () => {
  let own = true;
  const host = createEngineHost(fakeWasm({ stack: true }).module, { ownPacksAllowed: async () => own });
  await host.installPack(pack("org"), { type: "policy", url: "https://acme.example/org.json" });
  await host.importPack(pack("mine"), { type: "file" });
  assert.deepEqual((await check(host, "secret")).packs, ["starter", "org", "mine"]);
  own = false;
  host.invalidate();
  assert.deepEqual((await check(host, "secret")).packs, ["starter", "org"]);
  assert.deepEqual(stored().map((p) => p.id), ["org", "mine"], "nothing is deleted");
  own = true;
  host.invalidate();
  assert.deepEqual((await check(host, "secret")).packs, ["starter", "org", "mine"]);
});

test("with Engine.stack: the guidelines of every layer reach the guidelines page, in the reader's languages", async () => {
  const { guidelinesAnswer } = await import("../src/background/guidelines.js");
  const { module } = fakeWasm({ stack: true });
  const host = createEngineHost(module);
  await host.importPack(pack("group"), { type: "file" });
  const answer = await host.withEngine(({ engine }) => guidelinesAnswer(engine, { locale: "de-CH", fallback_locales: ["fr"] }));
  assert.deepEqual(answer, {
    ok: true,
    layers: [
      { pack: "starter", reader: ["de-CH", "fr"] },
      { pack: "group", reader: ["de-CH", "fr"] },
    ],
  });
  // An engine without guidelines (one from before them) says so in plain words.
  assert.deepEqual(guidelinesAnswer({ check() {} }, { locale: "en", fallback_locales: [] }), {
    ok: false,
    error: { code: "engine", message: "this version of the engine cannot show the guidelines; update the extension" },
  });
});
