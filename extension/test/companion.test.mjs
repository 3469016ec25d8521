// The companion (background/companion.js) over a fake native port: chunks
// joined and checked (size, SHA-256), a pack that does not match refused, a
// companion that sends garbage, stops or stays silent changing nothing, and
// every message sent being one of the three requests with only their fields
// (no draft can reach the companion).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { beforeEach, test } from "node:test";

const area = new Map();
let granted = true;
globalThis.chrome = {
  runtime: { connectNative: () => assert.fail("the tests pass their own port") },
  permissions: { contains: async (p) => granted && p.permissions?.[0] === "nativeMessaging" },
  storage: {
    local: {
      get: async (keys) => Object.fromEntries([keys].flat().filter((k) => area.has(k)).map((k) => [k, structuredClone(area.get(k))])),
      set: async (items) => Object.entries(items).forEach(([k, v]) => area.set(k, structuredClone(v))),
      remove: async (key) => void area.delete(key),
    },
  },
};
const { createCompanion, readMachinePacks, readCompanionState, REQUEST_FIELDS, MAX_PACK_BYTES, STATE_KEY } = await import("../src/background/companion.js");
const { createEngineHost } = await import("../src/background/engine-host.js");
const { readPacks } = await import("../src/background/pack-store.js");

beforeEach(() => {
  area.clear();
  granted = true;
});

/** A fake wasm: a pack is JSON `{id, version, refuse?}`. */
function fakeWasm() {
  class Engine {
    constructor(json) {
      const pack = JSON.parse(json);
      if (pack.refuse) throw Object.assign(new Error("refused"), { problems: [{ severity: "error", path: "$.rules[0]", message: "an example fails" }] });
      this.pack = pack;
    }
    static withoutExamples(json) {
      return new Engine(json);
    }
    check() {
      return { hints: [{ rule: this.pack.id }] };
    }
    info() {
      return { id: this.pack.id, name: this.pack.id, version: this.pack.version };
    }
  }
  return { bytes: async () => new Uint8Array([0, 97, 115, 109]).buffer, instantiate: async () => {}, reset: () => {}, Engine, starterPack: () => JSON.stringify({ id: "starter", version: "1" }) };
}

const sha = (text) => createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex");
const pack = (id, version, extra = {}) => JSON.stringify({ id, version, ...extra });

/**
 * A fake companion behind a fake port: answers as the real one from `files`
 * ({file, folder, json, chunkSize?, state?, problems?}), unless `answer`
 * (request, normal answer) returns something else: a value to send, "silent"
 * to send nothing, "crash" to disconnect.
 * Records every message posted to it in `sent`.
 */
function fakeCompanion(files, { answer = (_req, normal) => normal, disconnectError = null, delayMs = null } = {}) {
  const sent = [];
  let connections = 0;
  const connect = () => {
    connections += 1;
    const messageListeners = [];
    const disconnectListeners = [];
    let open = true;
    const port = {
      onMessage: { addListener: (f) => messageListeners.push(f) },
      onDisconnect: { addListener: (f) => disconnectListeners.push(f) },
      disconnect: () => {
        open = false;
      },
      postMessage(message) {
        if (!open) throw new Error("Attempting to use a disconnected port object");
        sent.push(structuredClone(message));
        const reply = answer(message, normalAnswer(files, message));
        const later = delayMs === null ? queueMicrotask : (f) => setTimeout(f, delayMs);
        later(() => {
          if (reply === "silent") return;
          if (reply === "crash") {
            open = false;
            for (const f of disconnectListeners) f({ error: { message: "Native host has exited." } });
            return;
          }
          for (const f of messageListeners) f(structuredClone(reply));
        });
      },
    };
    if (disconnectError) {
      queueMicrotask(() => {
        open = false;
        for (const f of disconnectListeners) f({ error: { message: disconnectError } });
      });
    }
    return port;
  };
  return { connect, sent, connections: () => connections };
}

/** What the real companion answers (docs/companion.md). */
function normalAnswer(files, req) {
  const chunksOf = (f) => {
    const size = f.chunkSize ?? 1_000_000;
    const parts = [];
    for (let i = 0; i < f.json.length; i += size) parts.push(f.json.slice(i, i + size));
    return parts.length ? parts : [""];
  };
  if (req.type === "hello") return { type: "hello", protocol: 1, protocols: [1], companion: "0.1.0", maxMessageBytes: 1048576 };
  if (req.type === "list") {
    return {
      type: "list",
      packs: files.map((f) => {
        if (f.state === "refused") return { file: f.file, folder: f.folder, state: "refused", problems: f.problems ?? [] };
        const p = JSON.parse(f.json);
        return { file: f.file, folder: f.folder, state: f.state ?? "ok", problems: [], id: p.id, version: p.version, name: p.id, publisher: "", signer: f.signer ?? null, fromCache: false, sha256: sha(f.json), bytes: Buffer.byteLength(f.json), chunks: chunksOf(f).length };
      }),
      folders: [],
    };
  }
  if (req.type === "get") {
    const f = files.find((x) => x.state !== "refused" && JSON.parse(x.json).id === req.id);
    if (!f) return { type: "error", code: "unknown-pack", message: "no such pack" };
    const parts = chunksOf(f);
    const p = JSON.parse(f.json);
    return { type: "chunk", id: p.id, version: p.version, sha256: sha(f.json), bytes: Buffer.byteLength(f.json), chunk: req.chunk, chunks: parts.length, data: parts[req.chunk] };
  }
  return { type: "error", code: "unknown-type", message: "?" };
}

/** Every message sent is one of the three requests, with exactly its fields, none of them text. */
function assertOnlyRequests(sent) {
  assert.ok(sent.length > 0);
  for (const m of sent) {
    assert.ok(Object.hasOwn(REQUEST_FIELDS, m.type), `a request type: ${JSON.stringify(m)}`);
    assert.deepEqual(Object.keys(m).sort(), [...REQUEST_FIELDS[m.type]].sort(), JSON.stringify(m));
    if (m.type === "hello") assert.equal(m.version, 1);
    if (m.type === "get") assert.ok(typeof m.id === "string" && Number.isInteger(m.chunk));
  }
}

test("a pack in several chunks is joined, checked and used; only the three requests are sent", async () => {
  const json = pack("acme", "2026.12.1", { text: "Grüße 🎉 ".repeat(50) });
  const fake = fakeCompanion([{ file: "/etc/postcheck/packs/acme.json", folder: "system", json, chunkSize: 37 }]);
  const read = await readMachinePacks({ connect: fake.connect });
  assert.equal(read.companion, "0.1.0");
  assert.equal(read.packs.length, 1);
  assert.equal(read.packs[0].json, json);
  assert.ok(fake.sent.filter((m) => m.type === "get").length > 5, "several chunks");
  assert.deepEqual(fake.sent.slice(0, 2), [{ type: "hello", version: 1 }, { type: "list" }]);
  assertOnlyRequests(fake.sent);
});

test("a pack whose chunks do not match its SHA-256, or its size, is not used", async () => {
  const json = pack("acme", "1");
  const tampered = fakeCompanion([{ file: "a.json", folder: "user", json }], {
    answer: (req, normal) => (req.type === "get" ? { ...normal, data: normal.data.replace('"1"', '"2"') } : normal),
  });
  const read = await readMachinePacks({ connect: tampered.connect });
  assert.equal(read.packs[0].json, null);
  assert.match(read.packs[0].problems.join(" "), /checksum/);

  const longer = fakeCompanion([{ file: "a.json", folder: "user", json }], {
    answer: (req, normal) => (req.type === "get" ? { ...normal, data: normal.data + " ".repeat(100) } : normal),
  });
  const read2 = await readMachinePacks({ connect: longer.connect });
  assert.equal(read2.packs[0].json, null);
  assert.match(read2.packs[0].problems.join(" "), /more than the pack's size/);

  const huge = fakeCompanion([{ file: "a.json", folder: "user", json }], {
    answer: (req, normal) => (req.type === "list" ? { ...normal, packs: [{ ...normal.packs[0], bytes: MAX_PACK_BYTES + 1 }] } : normal),
  });
  const read3 = await readMachinePacks({ connect: huge.connect });
  assert.equal(read3.packs[0].state, "refused");
  assert.equal(huge.sent.filter((m) => m.type === "get").length, 0, "a pack announced too large is not asked for");
});

test("garbage, an error, a crash mid-way or silence stop the reading with a reason", async () => {
  const json = pack("acme", "1");
  const files = [{ file: "a.json", folder: "user", json, chunkSize: 5 }];
  const cases = [
    ["garbage", (req, normal) => (req.type === "list" ? "not an object" : normal)],
    ["garbage", (req, normal) => (req.type === "hello" ? { type: "list", packs: [] } : normal)],
    ["refused", (req, normal) => (req.type === "get" ? { type: "error", code: "bad-request", message: "no" } : normal)],
    ["stopped", (req, normal) => (req.type === "get" && req.chunk === 2 ? "crash" : normal)],
    ["timeout", (req, normal) => (req.type === "get" && req.chunk === 1 ? "silent" : normal)],
  ];
  for (const [code, answer] of cases) {
    const fake = fakeCompanion(files, { answer });
    await assert.rejects(readMachinePacks({ connect: fake.connect, timeoutMs: 20 }), (e) => e.code === code, code);
    assertOnlyRequests(fake.sent);
  }
  const absent = fakeCompanion(files, { disconnectError: "Specified native messaging host not found." });
  await assert.rejects(readMachinePacks({ connect: absent.connect }), (e) => e.code === "absent" && /not installed/.test(e.message));
  await assert.rejects(
    readMachinePacks({
      connect: () => {
        throw new Error("no such API");
      },
    }),
    (e) => e.code === "absent",
  );
});

test("machine packs join the stack from this computer, beneath the employee's own, and are validated by the engine", async () => {
  const host = createEngineHost(fakeWasm());
  assert.equal((await host.importPack(pack("mine", "1"), { type: "file", name: "mine.json" })).ok, true);
  const fake = fakeCompanion([
    { file: "/etc/postcheck/packs/acme.json", folder: "system", json: pack("acme", "3") },
    { file: "/etc/postcheck/packs/bad.json", folder: "system", json: pack("bad", "1", { refuse: true }) },
    { file: "/etc/postcheck/packs/broken.json", folder: "system", state: "refused", problems: ["the signature does not match"] },
  ]);
  const companion = createCompanion(host, { connect: fake.connect });
  const outcome = await companion.sync();
  assert.deepEqual(outcome, { state: "connected", used: ["acme"] });
  const { packs } = await readPacks();
  assert.deepEqual(
    packs.map((p) => [p.id, p.source.type]),
    [
      ["acme", "companion"],
      ["mine", "file"],
    ],
  );
  assert.deepEqual(packs[0].source, { type: "companion", folder: "system" });
  const active = await host.activeEngine();
  assert.deepEqual(
    active.layers.map((p) => p.id),
    ["acme", "mine"],
  );
  const state = await readCompanionState();
  assert.equal(state.state, "connected");
  assert.deepEqual(
    state.files.map((f) => [f.file, f.state, f.used]),
    [
      ["/etc/postcheck/packs/acme.json", "ok", true],
      ["/etc/postcheck/packs/bad.json", "ok", false],
      ["/etc/postcheck/packs/broken.json", "refused", false],
    ],
  );
  assert.match(state.files[1].problems.join(" "), /refused: an example fails at \$\.rules\[0\]/);
  assertOnlyRequests(fake.sent);

  // The same pack again: not fetched again (its SHA-256 is held).
  const again = fakeCompanion([{ file: "/etc/postcheck/packs/acme.json", folder: "system", json: pack("acme", "3") }]);
  await createCompanion(host, { connect: again.connect }).sync();
  assert.equal(again.sent.filter((m) => m.type === "get").length, 0);

  // Removing the employee's own packs keeps the computer's.
  await host.revertToStarter();
  assert.deepEqual(
    (await readPacks()).packs.map((p) => p.id),
    ["acme"],
  );

  // The file removed from the computer: the pack goes.
  const gone = fakeCompanion([]);
  await createCompanion(host, { connect: gone.connect }).sync();
  assert.deepEqual((await readPacks()).packs, []);
});

test("the key a machine pack was checked with on the computer is kept with it; a malformed key id is dropped", async () => {
  const host = createEngineHost(fakeWasm());
  const fake = fakeCompanion([
    { file: "/etc/postcheck/packs/signed.json", folder: "system", json: pack("signed", "1"), signer: "0123456789ABCDEF" },
    { file: "/etc/postcheck/packs/odd.json", folder: "system", json: pack("odd", "1"), signer: "<img src=x>" },
  ]);
  await createCompanion(host, { connect: fake.connect }).sync();
  const { packs } = await readPacks();
  const byId = Object.fromEntries(packs.map((p) => [p.id, p]));
  assert.equal(byId.signed.keyId, "0123456789ABCDEF");
  assert.equal(byId.signed.pinnedBy, "computer");
  assert.equal(byId.odd.keyId, undefined);
  assert.equal(byId.odd.pinnedBy, undefined);
  await createCompanion(host, { connect: fakeCompanion([]).connect }).sync();
});

test("a companion that fails keeps the machine packs held; without the permission they go and nothing is asked", async () => {
  const host = createEngineHost(fakeWasm());
  const good = fakeCompanion([{ file: "a.json", folder: "user", json: pack("acme", "1") }]);
  await createCompanion(host, { connect: good.connect }).sync();
  for (const answer of [() => "crash", () => "silent", () => ({ type: "list", packs: 7 })]) {
    const bad = fakeCompanion([], { answer });
    const outcome = await createCompanion(host, { connect: bad.connect, timeoutMs: 20 }).sync();
    assert.notEqual(outcome.state, "connected");
    assert.deepEqual(
      (await readPacks()).packs.map((p) => p.id),
      ["acme"],
      "the pack held stays",
    );
    assert.equal(area.get(STATE_KEY).state, outcome.state);
  }
  // The same id imported by the employee first: the machine pack is not put over it.
  granted = false;
  const unused = fakeCompanion([]);
  assert.deepEqual(await createCompanion(host, { connect: unused.connect }).sync(), { state: "off" });
  assert.equal(unused.connections(), 0, "no companion started without the permission");
  assert.deepEqual((await readPacks()).packs, []);
  assert.deepEqual(await readCompanionState(), { state: "off" });
  assert.equal(area.has(STATE_KEY), false, "nothing of the companion is kept without the permission");
});

test("a machine pack with the id of a pack the employee imported does not replace it", async () => {
  const host = createEngineHost(fakeWasm());
  await host.importPack(pack("acme", "1", { mine: true }), { type: "file" });
  const fake = fakeCompanion([{ file: "a.json", folder: "user", json: pack("acme", "2") }]);
  const outcome = await createCompanion(host, { connect: fake.connect }).sync();
  assert.deepEqual(outcome.used, []);
  const { packs } = await readPacks();
  assert.deepEqual(
    packs.map((p) => [p.id, p.source.type]),
    [["acme", "file"]],
  );
  assert.match((await readCompanionState()).files[0].problems.join(" "), /a pack you imported has the same id/);
});

test("granted while the worker runs (no connectNative yet): waiting, then the next worker reads the packs at its start", async () => {
  const host = createEngineHost(fakeWasm());
  const fake = fakeCompanion([{ file: "a.json", folder: "system", json: pack("acme", "1") }]);
  assert.deepEqual(await createCompanion(host, { connect: fake.connect, reachable: () => false }).sync(), { state: "waiting" });
  assert.equal(fake.connections(), 0);
  assert.equal((await readCompanionState()).state, "waiting");
  const next = createCompanion(host, { connect: fake.connect });
  assert.deepEqual(await next.syncIfWaiting(), { state: "connected", used: ["acme"] });
  assert.equal(fake.connections(), 1);
  assert.equal(await next.syncIfWaiting(), null, "read once: a worker start reads only after waiting");
  assert.equal(fake.connections(), 1);
});

test("a companion that answers each piece in time but drags on is stopped by the bound on the whole reading", async () => {
  const json = pack("acme", "1", { filler: "x".repeat(400) });
  const fake = fakeCompanion([{ file: "a.json", folder: "user", json, chunkSize: 4 }], { delayMs: 2 });
  await assert.rejects(readMachinePacks({ connect: fake.connect, timeoutMs: 1000, readingMs: 40 }), (e) => e.code === "timeout" && /in all/.test(e.message));
  const gets = fake.sent.filter((m) => m.type === "get").length;
  // Each answer takes at least 2 ms: 40 ms cannot hold all of them.
  assert.ok(gets < Math.ceil(json.length / 4), `stopped before the ${Math.ceil(json.length / 4)} chunks: ${gets}`);
});

test("the session refuses to send anything but the three requests with their fields: a draft cannot be sent", async () => {
  const { openSession } = await import("../src/background/companion.js");
  const fake = fakeCompanion([]);
  const session = openSession(fake.connect, 1000);
  for (const message of [
    { type: "check", text: "my draft" },
    { type: "get", id: "acme", chunk: 0, text: "my draft" },
    { type: "hello", version: 1, draft: "my draft" },
    { type: "list", post: "my draft" },
  ]) {
    assert.throws(() => session.ask(message), /not a companion request/, JSON.stringify(message));
  }
  assert.deepEqual(fake.sent, []);
  assert.equal((await session.ask({ type: "hello", version: 1 })).type, "hello");
  session.close();
});
