// The stored pack: what is kept with it (the engine that validated it), and that
// stamping a re-validated pack never overwrites a pack imported meanwhile.
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
      get: (key) => after(1, () => (area.has(key) ? { [key]: structuredClone(area.get(key)) } : {})),
      set: (items) => after(5, () => Object.entries(items).forEach(([k, v]) => area.set(k, structuredClone(v)))),
      remove: (key) => after(5, () => area.delete(key) && undefined),
    },
  },
};
const { clearStoredPack, readStoredPack, stampStoredPack, writeStoredPack } = await import("../src/background/pack-store.js");

test("a pack is stored with the engine that validated it", async () => {
  await clearStoredPack();
  assert.equal(await readStoredPack(), null);
  const stored = await writeStoredPack('{"id":"a"}', { type: "file", name: "a.json" }, "engine-1");
  assert.deepEqual(await readStoredPack(), stored);
  assert.equal(stored.engine, "engine-1");
  // Without an engine identity, none is stored: the pack is validated in full on every load.
  const plain = await writeStoredPack('{"id":"b"}', { type: "file" }, null);
  assert.equal("engine" in plain, false);
  assert.equal("engine" in (await readStoredPack()), false);
});

test("an engine that is not a string is dropped; an entry without json is damaged", async () => {
  area.set("activePack", { json: "{}", source: { type: "file" }, importedAt: "2026-01-01T00:00:00.000Z", engine: { forged: true } });
  assert.equal((await readStoredPack()).engine, undefined);
  area.set("activePack", { source: { type: "file" } });
  assert.deepEqual(await readStoredPack(), { damaged: true });
});

test("stamping marks the same pack only, and never overwrites a pack imported meanwhile", async () => {
  const first = await writeStoredPack('{"id":"old"}', { type: "file" }, "engine-0");
  // Re-validated by engine-1: stamped.
  await stampStoredPack(first.importedAt, "engine-1");
  assert.equal((await readStoredPack()).engine, "engine-1");
  assert.equal((await readStoredPack()).json, '{"id":"old"}');
  // An import and a stamp of the old pack in flight together: the import wins, whatever the order of their answers.
  await new Promise((r) => setTimeout(r, 2)); // another millisecond: another importedAt
  const imported = writeStoredPack('{"id":"new"}', { type: "url", url: "https://acme.example/p.json" }, "engine-1");
  const stamp = stampStoredPack(first.importedAt, "engine-2");
  await Promise.all([imported, stamp]);
  const now = await readStoredPack();
  assert.equal(now.json, '{"id":"new"}');
  assert.equal(now.engine, "engine-1");
  // A stamp after the pack was removed does not bring it back.
  await clearStoredPack();
  await stampStoredPack((await imported).importedAt, "engine-2");
  assert.equal(await readStoredPack(), null);
});
