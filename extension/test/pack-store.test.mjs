// The stored list of company packs: what is kept with each (its id, the engine
// that validated it), the migration of the single pack of earlier versions,
// and that writes never overtake each other (a stamp never overwrites a pack
// imported meanwhile).
import assert from "node:assert/strict";
import { test } from "node:test";

/**
 * storage.local in memory, answering in a later task as the real one does;
 * writes take longer than reads, so that unordered writes would overtake.
 */
const area = new Map();
const after = (ms, fn) => new Promise((resolve) => setTimeout(() => resolve(fn()), ms));
globalThis.chrome = {
  storage: {
    local: {
      get: (keys) => after(1, () => Object.fromEntries([keys].flat().filter((k) => area.has(k)).map((k) => [k, structuredClone(area.get(k))]))),
      set: (items) => after(5, () => Object.entries(items).forEach(([k, v]) => area.set(k, structuredClone(v)))),
      remove: (key) => after(5, () => area.delete(key) && undefined),
    },
  },
};
const { addPack, packSummary, readPacks, removePacks, stampPacks } = await import("../src/background/pack-store.js");

test("packs are stored in order with their id and the engine that validated them; the same id replaces in place", async () => {
  area.clear();
  assert.deepEqual(await readPacks(), { packs: [], damaged: 0 });
  const a = await addPack('{"id":"a"}', "a", { type: "file", name: "a.json" }, "engine-1");
  await addPack('{"id":"b"}', "b", { type: "url", url: "https://acme.example/b.json" }, null);
  assert.equal(a.engine, "engine-1");
  assert.deepEqual((await readPacks()).packs.map((p) => [p.id, "engine" in p]), [["a", true], ["b", false]]);
  await addPack('{"id":"a","v":2}', "a", { type: "file" }, "engine-1");
  assert.deepEqual((await readPacks()).packs.map((p) => p.json), ['{"id":"a","v":2}', '{"id":"b"}']);
  assert.equal(await removePacks((p) => p.id === "a"), 1);
  assert.deepEqual((await readPacks()).packs.map((p) => p.id), ["b"]);
});

test("the single pack of earlier versions moves into the list; a damaged entry is counted, an engine that is not a string dropped", async () => {
  area.clear();
  area.set("activePack", { json: '{"id":"old"}', source: { type: "file" }, importedAt: "2026-01-01T00:00:00.000Z", engine: { forged: true } });
  const { packs, damaged } = await readPacks();
  assert.equal(damaged, 0);
  assert.deepEqual(packs, [{ json: '{"id":"old"}', source: { type: "file" }, importedAt: "2026-01-01T00:00:00.000Z", id: "old" }]);
  assert.equal(area.has("activePack"), false, "moved, not copied");
  assert.deepEqual(area.get("packs"), packs);
  area.set("packs", [...area.get("packs"), "not a pack", { source: { type: "file" } }]);
  area.set("activePack", 7);
  assert.deepEqual(await readPacks(), { packs, damaged: 3 });
  // The next change drops what is damaged.
  await stampPacks([], "engine-x");
  await removePacks(() => false);
  assert.deepEqual(await readPacks(), { packs, damaged: 0 });
});

test("stamping marks the same pack only, and never overwrites a pack imported meanwhile", async () => {
  area.clear();
  const first = await addPack('{"id":"old"}', "p", { type: "file" }, "engine-0");
  await stampPacks([first], "engine-1");
  assert.equal((await readPacks()).packs[0].engine, "engine-1");
  await new Promise((r) => setTimeout(r, 2)); // another millisecond: another importedAt
  const imported = addPack('{"id":"new"}', "p", { type: "url", url: "https://acme.example/p.json" }, "engine-1");
  const stamp = stampPacks([first], "engine-2");
  await Promise.all([imported, stamp]);
  const [now] = (await readPacks()).packs;
  assert.equal(now.json, '{"id":"new"}');
  assert.equal(now.engine, "engine-1");
});

test("a pack's summary for the options page, in the reader's locale", () => {
  const json = JSON.stringify({ id: "acme", name: { en: "ACME", de: "ACME DE" }, default_locale: "en", version: "2026.12.1", publisher: "ACME Comms", expires: "2027-01-31" });
  assert.deepEqual(packSummary(json, "de-CH"), { id: "acme", name: "ACME DE", version: "2026.12.1", publisher: "ACME Comms", expires: "2027-01-31", description: null, rules: [] });
  const withRules = JSON.stringify({ id: "acme", default_locale: "en", rules: [{ id: "r1", kind: "terms", category: "confidential", level: "important", message: { en: "Internal", de: "Intern" } }, "junk"] });
  assert.deepEqual(packSummary(withRules, "de").rules, [{ id: "r1", kind: "terms", category: "confidential", level: "important", message: "Intern" }]);
  assert.equal(packSummary(json, "fr").name, "ACME");
  // The reader's other languages before English and the pack's default.
  const german = JSON.stringify({ id: "acme", name: { de: "ACME DE", en: "ACME EN", fr: "ACME FR" }, default_locale: "de" });
  assert.equal(packSummary(german, ["it-CH", "fr-CH"]).name, "ACME FR");
  assert.equal(packSummary(german, "it").name, "ACME EN");
  assert.equal(packSummary("{", "en"), null);
});
