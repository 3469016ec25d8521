// Signed packs in the worker (background/signatures.js, updates.js): the key
// pinned by the IT policy or at an import, the signature downloaded next to
// the pack and checked, the trusted comment compared with the pack's own id
// and version. The updates run on the engine host over a fake wasm whose
// signature check is a fake too (a "signature" names its key, the pack text
// and the trusted comment); one test checks with the real wasm and a
// signature made with minisign.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { engine, skip } from "./built-engine.mjs";

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
const { createUpdater } = await import("../src/background/updates.js");
const { createEngineHost } = await import("../src/background/engine-host.js");
const { checkImport, checkSignature, MAX_SIGNATURE_BYTES, pinnedKey, signatureUrl, verifyFromUrl } = await import("../src/background/signatures.js");

/** A fake key: `key:<id>`; a fake signature: JSON {keyId, pack, comment}. */
const key = (id) => `key:${id}`;
const sign = (id, text, comment) => JSON.stringify({ keyId: id, pack: text, comment: comment ?? (() => {
  const p = JSON.parse(text);
  return `postcheck-pack id=${p.id} version=${p.version}`;
})() });
const refusal = (message) => Object.assign(new Error(message), { problems: [{ severity: "error", path: "pack", message, fix: "get the pack again" }] });
const fakeVerifier = {
  publicKeyId(publicKey) {
    if (!/^key:[0-9A-F]{16}$/.test(publicKey)) throw refusal("the public key is not a minisign public key");
    return publicKey.slice(4);
  },
  verifyPack(text, signature, publicKey) {
    const id = fakeVerifier.publicKeyId(publicKey);
    let s;
    try {
      s = JSON.parse(signature);
    } catch {
      throw refusal("the signature is not a minisign signature");
    }
    if (s.keyId !== id) throw refusal(`the pack was signed by another key: the signature is by key ${s.keyId}, the public key given is key ${id}`);
    if (s.pack !== text) throw refusal("the signature does not match the pack: the pack was changed after it was signed");
    const m = /^postcheck-pack id=(\S+) version=(.*)$/.exec(s.comment);
    return { keyId: id, trustedComment: s.comment, pack: m ? { id: m[1], version: m[2] } : null };
  },
};

/** A fake wasm: a pack is JSON `{id, version}`; with the fake signature check. */
function fakeWasm() {
  class Engine {
    constructor(json) {
      this.pack = JSON.parse(json);
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
  return { bytes: async () => new Uint8Array([0, 97, 115, 109]).buffer, instantiate: async () => {}, reset: () => {}, Engine, starterPack: () => JSON.stringify({ id: "starter", version: "1" }), ...fakeVerifier };
}

const URL_ = "https://comms.acme.example/postcheck/acme.json";
const SIG = `${URL_}.minisig`;
const K1 = "85DDAA14F41B9329";
const K2 = "0123456789ABCDEF";
const pack = (id, version, extra = {}) => JSON.stringify({ id, version, ...extra });

/** A server answering by address from `files` (`{status?, body, headers?}`); records every request. */
function server(files) {
  const requests = [];
  const fetchImpl = async (url) => {
    requests.push(url);
    const f = files[url];
    if (!f) return Object.defineProperty(new Response(null, { status: 404 }), "url", { value: url });
    const response = new Response(f.body, { status: f.status ?? 200, headers: f.headers ?? { "content-type": "application/octet-stream" } });
    return Object.defineProperty(response, "url", { value: url });
  };
  return { requests, fetchImpl };
}

let clock;
beforeEach(() => {
  area.clear();
  clock = new Date("2026-12-07T08:00:00.000Z");
});

function setup(policy) {
  const host = createEngineHost(fakeWasm());
  const files = {};
  const s = server(files);
  const updater = createUpdater(host, { fetchImpl: s.fetchImpl, policy: async () => policy, clock: () => clock });
  const active = async () => host.withEngine(({ engine }) => engine.check("")).then((r) => r.hints.map((h) => `${h.rule}@${h.version}`));
  const entry = () => area.get("packs").find((p) => p.source.url === URL_);
  /** Serves `text` with a signature (none when `signer` is null). */
  const serve = (text, signer, comment) => {
    files[URL_] = { body: text, headers: { "content-type": "application/json" } };
    if (signer) files[SIG] = { body: sign(signer, text, comment) };
    else delete files[SIG];
  };
  return { host, files, s, updater, active, entry, serve };
}

const POLICY = { packs: [{ url: URL_, publicKey: key(K1) }], allowUserPacks: true, updateIntervalHours: 24, managed: true };

test("a policy pack with a publicKey: taken only with a valid signature by that key naming its id and version; the previous pack stays", async () => {
  const { s, updater, active, entry, serve } = setup(POLICY);
  serve(pack("acme", "1.0"), null);
  assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "failed" }, "unsigned at first download: refused");
  assert.match(entry().lastError.message, /signature \(https:\/\/comms\.acme\.example\/postcheck\/acme\.json\.minisig\) could not be downloaded: the server answered HTTP 404/);
  assert.equal(entry().json, null, "nothing installed");

  serve(pack("acme", "1.0"), K1);
  assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "installed" });
  assert.deepEqual(await active(), ["acme@1.0"]);
  assert.equal(entry().keyId, K1);
  assert.equal(entry().pinnedBy, "policy");
  assert.equal(entry().publicKey, undefined, "a policy pack's key stays the policy's");

  serve(pack("acme", "1.1"), K1);
  assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "updated" });
  assert.deepEqual(await active(), ["acme@1.1"]);
  assert.equal(entry().keyId, K1);

  const refusals = [
    [() => serve(pack("acme", "1.2"), null), /could not be downloaded: the server answered HTTP 404/],
    [() => serve(pack("acme", "1.2"), K2), /signed by another key: the signature is by key 0123456789ABCDEF, the public key given is key 85DDAA14F41B9329/],
    [() => serve(pack("acme", "1.2"), K1, "postcheck-pack id=acme version=1.1"), /the signature is for pack acme version 1\.1, not for this pack \(acme version 1\.2\)/],
    [() => serve(pack("acme", "1.2"), K1, "postcheck-pack id=other version=1.2"), /the signature is for pack other version 1\.2/],
    [() => serve(pack("acme", "1.2"), K1, "made with minisign"), /the signature is for "made with minisign", not for this pack/],
  ];
  for (const [step, why] of refusals) {
    step();
    assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "failed" });
    assert.match(entry().lastError.message, why);
    assert.match(entry().lastError.message, /the pack held stays$/);
    assert.equal(entry().lastError.code, "signature");
    assert.deepEqual(await active(), ["acme@1.1"], "the previous pack stays");
  }
  assert.ok(s.requests.every((u) => u === URL_ || u === SIG), "only the pack's address and its signature were asked");
});

test("a pack changed by one byte after signing is refused", async () => {
  const { updater, active, entry, serve, files } = setup(POLICY);
  serve(pack("acme", "1.0"), K1);
  await updater.checkForUpdates();
  const signed = pack("acme", "1.1");
  serve(signed, K1);
  // One byte changed after signing (a space in the JSON: the same pack, other bytes).
  files[URL_].body = signed.replace(",", ", ");
  assert.notEqual(files[URL_].body, signed);
  assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "failed" });
  assert.match(entry().lastError.message, /the pack was changed after it was signed/);
  assert.deepEqual(await active(), ["acme@1.0"]);
});

test("a policy pack without a publicKey is taken unsigned (no signature asked); a bad publicKey refuses every pack", async () => {
  const { s, updater, entry, serve } = setup({ ...POLICY, packs: [{ url: URL_, publicKey: null }] });
  serve(pack("acme", "1.0"), null);
  assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "installed" });
  assert.equal(entry().keyId, undefined);
  assert.deepEqual(s.requests, [URL_]);

  area.clear();
  const bad = setup({ ...POLICY, packs: [{ url: URL_, publicKey: "RWQ" }] });
  bad.serve(pack("acme", "1.0"), K1);
  assert.deepEqual(await bad.updater.checkForUpdates(), { [URL_]: "failed" });
  assert.match(bad.entry().lastError.message, /not a minisign public key/);
});

test("a policy that pins a key for a pack held unsigned: the pack held is checked with it at the next check (also on 304)", async () => {
  const policy = { ...POLICY, packs: [{ url: URL_, publicKey: null }] };
  const { s, updater, entry, serve, files } = setup(policy);
  serve(pack("acme", "1.0"), null);
  await updater.checkForUpdates();
  assert.equal(entry().keyId, undefined);
  policy.packs = [{ url: URL_, publicKey: key(K1) }];
  assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "failed" }, "no signature for the pack held");
  assert.match(entry().lastError.message, /^the pack held: the pack's signature .* could not be downloaded/);
  files[SIG] = { body: sign(K1, pack("acme", "1.0")) };
  assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "same" });
  assert.equal(entry().keyId, K1);
  assert.equal(entry().lastError, undefined);
  const asked = s.requests.length;
  assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "same" });
  assert.deepEqual(s.requests.slice(asked), [URL_], "checked once: the signature is not asked again");
});

test("a pack of the employee's own pinned at import keeps its key through its updates", async () => {
  const { host, updater, active, serve } = setup({ packs: [], allowUserPacks: true, updateIntervalHours: 24, managed: false });
  const own = () => area.get("packs")[0];
  await host.importPack(pack("acme", "1.0"), { type: "url", url: URL_ }, { fields: { publicKey: key(K1), keyId: K1, pinnedBy: "import" } });
  assert.deepEqual(pinnedKey(own(), { packs: [] }), { publicKey: key(K1), pinnedBy: "import" });
  serve(pack("acme", "1.1"), K2);
  assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "failed" });
  assert.match(own().lastError.message, /another key/);
  serve(pack("acme", "1.1"), K1);
  assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "updated" });
  assert.deepEqual(await active(), ["acme@1.1"]);
  assert.equal(own().publicKey, key(K1), "the pinned key stays with the updated pack");
  assert.equal(own().pinnedBy, "import");
  serve(pack("acme", "1.2"), null);
  assert.deepEqual(await updater.checkForUpdates(), { [URL_]: "failed" }, "still pinned after the update");
});

test("the signature download is bounded: more than 16 KiB, a redirect elsewhere, a web page are refused", async () => {
  const text = pack("acme", "1.0");
  const cases = [
    [{ body: "x".repeat(MAX_SIGNATURE_BYTES + 1) }, /larger than 16 KB/],
    [{ body: "<html>", headers: { "content-type": "text/html" } }, /content-type text\/html/],
  ];
  for (const [file, why] of cases) {
    const s = server({ [SIG]: file });
    const out = await verifyFromUrl(fakeVerifier, { url: URL_, json: text, publicKey: key(K1), fetchImpl: s.fetchImpl });
    assert.equal(out.ok, false);
    assert.match(out.message, why);
  }
  const redirected = async (url) => Object.defineProperty(new Response("sig"), "url", { value: `https://elsewhere.example/${url.length}` });
  const out = await verifyFromUrl(fakeVerifier, { url: URL_, json: text, publicKey: key(K1), fetchImpl: redirected });
  assert.match(out.ok ? "" : out.message, /sends it on to another address, https:\/\/elsewhere\.example/);
  assert.equal(signatureUrl(URL_), SIG);
});

// Imports from a file: the signature is the .minisig chosen with the pack.
const FILE = { type: "file", name: "acme.json" };
const loads = () => {
  const counter = { loads: 0 };
  counter.load = async () => {
    counter.loads += 1;
    return fakeVerifier;
  };
  return counter;
};

test("a pack from a file with its signature and the publisher key: checked as a link's, and the key pinned", async () => {
  const text = pack("acme", "1.0");
  const v = loads();
  assert.deepEqual(await checkImport(v.load, { json: text, source: FILE, given: key(K1), signature: sign(K1, text) }), {
    ok: true,
    fields: { publicKey: key(K1), keyId: K1, pinnedBy: "import" },
  });
  const refused = async (options, why) => {
    const out = await checkImport(v.load, { json: text, source: FILE, ...options });
    assert.equal(out?.ok, false, JSON.stringify(options).slice(0, 100));
    assert.match(out.message, why);
  };
  await refused({ given: key(K2), signature: sign(K1, text) }, /another key: the signature is by key 85DDAA14F41B9329/);
  await refused({ given: key(K1), signature: sign(K1, pack("acme", "0.9")) }, /changed after it was signed/);
  await refused({ given: key(K1), signature: sign(K1, text, "postcheck-pack id=acme version=0.9") }, /for pack acme version 0\.9, not for this pack \(acme version 1\.0\)/);
  await refused({ given: key(K1), signature: "not a signature" }, /not a minisign signature/);
  await refused({ given: key(K1) }, /a publisher key was given but no signature: choose the pack's signature file \(acme\.json\.minisig\)/);
  await refused({ given: "RWQ broken", signature: sign(K1, text) }, /not a minisign public key/);
});

test("a signature from a file without a key: checked with the pack's own publisher_key, else refused as meaningless", async () => {
  const named = pack("acme", "1.0", { publisher_key: key(K1) });
  const v = loads();
  assert.deepEqual(await checkImport(v.load, { json: named, source: FILE, signature: sign(K1, named) }), {
    ok: true,
    fields: { publicKey: key(K1), keyId: K1, pinnedBy: "import" },
  });
  const wrong = await checkImport(v.load, { json: named, source: FILE, signature: sign(K2, named) });
  assert.match(wrong?.ok === false ? wrong.message : "", /another key/);
  const plain = pack("acme", "1.0");
  const meaningless = await checkImport(v.load, { json: plain, source: FILE, signature: sign(K1, plain) });
  assert.match(meaningless?.ok === false ? meaningless.message : "", /a signature means something only with the publisher's key/);
  // Without key and signature: unsigned, as before (a file's publisher_key alone pins nothing), and no wasm loaded for it.
  const before = v.loads;
  assert.equal(await checkImport(v.load, { json: named, source: FILE }), null);
  assert.equal(await checkImport(v.load, { json: plain, source: FILE }), null);
  assert.equal(v.loads, before);
});

test("a file import of a pack pinned at an earlier import needs a valid signature by the pinned key", async () => {
  const text = pack("acme", "1.1");
  const held = { publicKey: key(K1), keyId: K1 };
  const v = loads();
  const none = await checkImport(v.load, { json: text, source: FILE, held });
  assert.match(none?.ok === false ? none.message : "", /pinned to the publisher key 85DDAA14F41B9329: choose its signature file \(acme\.json\.minisig\)/);
  const other = await checkImport(v.load, { json: text, source: FILE, held, signature: sign(K2, text) });
  assert.match(other?.ok === false ? other.message : "", /another key/);
  const otherKey = await checkImport(v.load, { json: text, source: FILE, held, given: key(K2), signature: sign(K2, text) });
  assert.match(otherKey?.ok === false ? otherKey.message : "", /pinned to the publisher key 85DDAA14F41B9329, not 0123456789ABCDEF/);
  assert.deepEqual(await checkImport(v.load, { json: text, source: FILE, held, signature: sign(K1, text) }), {
    ok: true,
    fields: { publicKey: key(K1), keyId: K1, pinnedBy: "import" },
  });
});

test("a link import still downloads <url>.minisig (a signature in the request is for files only)", async () => {
  const text = pack("acme", "1.0");
  const s = server({ [SIG]: { body: sign(K1, text) } });
  const out = await checkImport(loads().load, { json: text, source: { type: "url", url: URL_ }, given: key(K1), fetchImpl: s.fetchImpl });
  assert.deepEqual(out, { ok: true, fields: { publicKey: key(K1), keyId: K1, pinnedBy: "import" } });
  assert.deepEqual(s.requests, [SIG]);
  const unsigned = await checkImport(loads().load, { json: text, source: { type: "url", url: URL_ }, fetchImpl: server({}).fetchImpl });
  assert.equal(unsigned, null);
  const noWasm = await checkImport(async () => null, { json: text, source: FILE, given: key(K1), signature: sign(K1, text) });
  assert.match(noWasm?.ok === false ? noWasm.message : "", /cannot check signatures/);
});

// The real engine's check, with a pack signed by minisign 0.11 (as in crates/postcheck-wasm).
test("the real wasm: a minisign signature holds; a changed pack, another version, a broken key are refused", { skip }, async () => {
  const glue = await engine();
  const verifier = { verifyPack: glue.verifyPack, publicKeyId: glue.publicKeyId };
  const PACK = '{"id":"acme","version":"1.0"}\n';
  const PUBLIC_KEY = "untrusted comment: minisign public key 85DDAA14F41B9329\nRWQpkxv0FKrdhZwojgjpWwOMXCazZv9JStmwESNwrkeiikF+7nGcMSbp\n";
  const SIGNATURE =
    "untrusted comment: signature from minisign secret key\nRUQpkxv0FKrdhXGWLqO4FINVkc/s6zkCXfRd/wfCCR32TFSkkpGAKCHRDxmNy5IfddsFOGDShHojIkNFtBF/DGU2n1zU/RpPdgY=\ntrusted comment: postcheck-pack id=acme version=1.0\nxEVBIWuuZ9d+rwRznMQi+/s4qxNLWvuXg62lMhjOssBIhsvQJZC4PTtoyvYISuLsUYwWmHbJFXIP2M4hHmPLAA==\n";
  assert.deepEqual(checkSignature(verifier, { json: PACK, signature: SIGNATURE, publicKey: PUBLIC_KEY }), { ok: true, keyId: K1 });
  const changed = checkSignature(verifier, { json: PACK.replace("1.0", "1.1"), signature: SIGNATURE, publicKey: PUBLIC_KEY });
  assert.match(changed.ok ? "" : changed.message, /changed after it was signed/);
  const broken = checkSignature(verifier, { json: PACK, signature: SIGNATURE, publicKey: "RWQ" });
  assert.match(broken.ok ? "" : broken.message, /not a minisign public key/);
  assert.equal(glue.publicKeyId(PUBLIC_KEY), K1);
  // The same from a file: the .minisig chosen with the pack, the key pasted.
  const fromFile = await checkImport(async () => verifier, { json: PACK, source: FILE, given: PUBLIC_KEY, signature: SIGNATURE });
  assert.deepEqual(fromFile, { ok: true, fields: { publicKey: PUBLIC_KEY, keyId: K1, pinnedBy: "import" } });
  const tampered = await checkImport(async () => verifier, { json: PACK.replace("acme", "acmf"), source: FILE, given: PUBLIC_KEY, signature: SIGNATURE });
  assert.equal(tampered?.ok, false);
});
