// Automatic updates: the version order, and what a check does with each answer
// of the pack's server (a fake fetch), on the engine host over a fake wasm. A
// failed update records why and keeps the previous pack; only the pack's own
// address is asked.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

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
const { compareVersions, createUpdater } = await import("../src/background/updates.js");
const { createEngineHost } = await import("../src/background/engine-host.js");
const { parsePolicy } = await import("../src/background/policy.js");

test("versions: numeric parts compared as numbers; anything else is not comparable", () => {
  const ordered = ["2026.11.1", "2026.12.0", "2026.12.2", "2026.12.10", "2027-1"];
  for (let i = 0; i + 1 < ordered.length; i++) {
    assert.equal(compareVersions(ordered[i], ordered[i + 1]), -1, `${ordered[i]} < ${ordered[i + 1]}`);
    assert.equal(compareVersions(ordered[i + 1], ordered[i]), 1);
  }
  assert.equal(compareVersions("1.2", "1.2.0"), 0, "a missing part counts as 0");
  for (const odd of ["1.2-beta", "v2", "", "1..2", "1.2.", "2026.12.1+build", " 1"]) assert.equal(compareVersions(odd, "1.0"), null, JSON.stringify(odd));
});

test("the policy: bad values are dropped, good ones kept", () => {
  assert.deepEqual(parsePolicy(undefined), { packs: [], allowUserPacks: true, updateIntervalHours: 24, managed: false });
  const p = parsePolicy({
    packs: [{ url: "https://acme.example/a.json", publicKey: "RWQ..." }, { url: "http://acme.example/b.json" }, "x", { url: "https://acme.example/a.json" }, { url: "https://acme.example/c.json", publicKey: 5 }],
    allowUserPacks: false,
    updateIntervalHours: 500,
  });
  assert.deepEqual(p, {
    packs: [
      { url: "https://acme.example/a.json", publicKey: "RWQ..." },
      { url: "https://acme.example/c.json", publicKey: null },
    ],
    allowUserPacks: false,
    updateIntervalHours: 24,
    managed: true,
  });
  assert.equal(parsePolicy({ updateIntervalHours: 6 }).updateIntervalHours, 6);
  assert.equal(parsePolicy({ updateIntervalHours: 1.5 }).updateIntervalHours, 24);
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
      return { hints: [{ rule: this.pack.id, version: this.pack.version }] };
    }
    info() {
      return { id: this.pack.id, name: this.pack.id, version: this.pack.version };
    }
  }
  return { bytes: async () => new Uint8Array([0, 97, 115, 109]).buffer, instantiate: async () => {}, reset: () => {}, Engine, starterPack: () => JSON.stringify({ id: "starter", version: "1" }) };
}

const URL_ = "https://comms.acme.example/postcheck/acme.json";
const pack = (id, version, extra = {}) => JSON.stringify({ id, version, ...extra });

/** A server answering the queued responses in turn; records every request. */
function server() {
  const queue = [];
  const requests = [];
  const fetchImpl = async (url, init) => {
    requests.push({ url, headers: init.headers ?? {} });
    const next = queue.shift();
    if (!next) throw new TypeError("Failed to fetch");
    const { status = 200, body = null, headers = { "content-type": "application/json" } } = next;
    const response = new Response(body, { status, headers });
    Object.defineProperty(response, "url", { value: next.finalUrl ?? url });
    return response;
  };
  return { queue, requests, fetchImpl };
}

let clock;
beforeEach(() => {
  area.clear();
  clock = new Date("2026-12-07T08:00:00.000Z");
});

async function setup(policy = { packs: [{ url: URL_, publicKey: null }], allowUserPacks: true, updateIntervalHours: 24, managed: true }) {
  const host = createEngineHost(fakeWasm());
  const s = server();
  const updater = createUpdater(host, { fetchImpl: s.fetchImpl, policy: async () => policy, clock: () => clock });
  const active = async () => (await host.withEngine(({ engine }) => engine.check("")).then((r) => r.hints.map((h) => `${h.rule}@${h.version}`)));
  const entry = () => area.get("packs").find((p) => p.source.url === URL_);
  return { host, s, updater, active, entry };
}

test("a policy pack, step by step: first download, 304, newer, older, another id, a refused pack, a failed download", async () => {
  const { s, updater, active, entry } = await setup();
  s.queue.push({ body: pack("acme", "2026.11.1"), headers: { "content-type": "application/json", etag: '"a"' } });
  assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "installed" });
  assert.deepEqual(await active(), ["acme@2026.11.1"]);
  assert.deepEqual(entry().lastCheck, "2026-12-07T08:00:00.000Z");
  assert.equal(entry().nextCheck, "2026-12-08T08:00:00.000Z");

  clock = new Date("2026-12-08T08:00:00.000Z");
  s.queue.push({ status: 304 });
  assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "not-modified" });
  assert.deepEqual(s.requests.at(-1).headers, { "if-none-match": '"a"' }, "the validator of the copy held");
  assert.equal(entry().lastCheck, "2026-12-08T08:00:00.000Z");

  s.queue.push({ body: pack("acme", "2026.12.10"), headers: { "content-type": "application/json", etag: '"b"' } });
  assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "updated" });
  assert.deepEqual(await active(), ["acme@2026.12.10"]);
  assert.equal(entry().etag, '"b"');

  const refusals = [
    [pack("acme", "2026.12.2"), /version 2026\.12\.2\) is not newer than the one held \(version 2026\.12\.10\)/],
    [pack("acme", "2026.12.10", { changed: true }), /not newer/],
    [pack("acme", "next"), /not newer/],
    [pack("other", "2027.1.1"), /another pack \(id other, not acme\)/],
    [pack("acme", "2027.1.1", { refuse: true }), /refused: an example fails at \$\.rules\[0\]/],
  ];
  for (const [body, why] of refusals) {
    const withoutRecord = (packs) => packs.map((p) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== "lastError" && k !== "nextCheck")));
    const before = withoutRecord(area.get("packs"));
    s.queue.push({ body });
    assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "failed" });
    assert.match(entry().lastError.message, why);
    assert.deepEqual(await active(), ["acme@2026.12.10"], "the previous pack stays");
    assert.deepEqual(withoutRecord(area.get("packs")), before, "the list is unchanged");
  }
  s.queue.push({ body: "<html>", headers: { "content-type": "text/html" } });
  await updater.checkForUpdates();
  assert.match(entry().lastError.message, /sent text\/html, not a pack/);
  s.queue.push({ body: pack("acme", "2027.1.1"), finalUrl: "https://elsewhere.example/acme.json" });
  await updater.checkForUpdates();
  assert.match(entry().lastError.message, /another address, https:\/\/elsewhere\.example\/acme\.json/);
  assert.deepEqual(await active(), ["acme@2026.12.10"]);
  assert.deepEqual(new Set(s.requests.map((r) => r.url)), new Set([URL_]), "only the pack's own address was asked");

  // The very same pack again (a server without validators) is a successful check, not an error.
  s.queue.push({ body: pack("acme", "2026.12.10") });
  assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "same" });
  assert.equal(entry().lastError, undefined);
});

test("a pack the policy no longer names is removed; the employee's own URL pack is updated from its own address", async () => {
  const policy = { packs: [{ url: URL_, publicKey: null }], allowUserPacks: true, updateIntervalHours: 6, managed: true };
  const { host, s, updater, active } = await setup(policy);
  s.queue.push({ body: pack("acme", "1") });
  await updater.checkForUpdates();
  const own = "https://team.acme.example/team.json";
  await host.importPack(pack("team", "1.0"), { type: "url", url: own });
  policy.packs = [];
  s.queue.push({ body: pack("team", "1.1") });
  assert.deepEqual(await updater.checkForUpdates(), { [own]: "updated" });
  assert.deepEqual(area.get("packs").map((p) => p.id), ["team"]);
  assert.deepEqual(await active(), ["team@1.1"]);
  assert.equal(area.get("packs")[0].nextCheck, "2026-12-07T14:00:00.000Z", "the policy's interval");
});
