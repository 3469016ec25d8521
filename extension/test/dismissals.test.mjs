// "Not again" (background/dismissals.js): kept in storage.local with a keyed
// hash of the passage and never the passage itself; a dismissed hint leaves
// every later answer (any draft with the same passage, folded), others stay;
// undo one, undo all; bounded; the key survives a worker restart.
import assert from "node:assert/strict";
import { test } from "node:test";

const local = new Map();
globalThis.chrome = {
  runtime: { id: "abcdefghijklmnopabcdefghijklmnop" },
  storage: {
    local: {
      get: async (key) => (local.has(key) ? { [key]: structuredClone(local.get(key)) } : {}),
      set: async (items) => {
        for (const [k, v] of Object.entries(items)) local.set(k, structuredClone(v));
      },
    },
  },
};

let restarts = 0;
/** A fresh worker: the module anew (its memory empty), storage.local kept. */
const freshWorker = () => import(`../src/background/dismissals.js?worker=${restarts++}`);

const hint = (rule, excerpt, pack = "acme") => ({ rule, pack, category: "confidential", level: "important", excerpt, start: 0, end: excerpt.length, message: "m" });

test("a dismissed passage leaves later answers; the draft is never stored", async () => {
  const d = await freshWorker();
  const entry = await d.addDismissal(hint("codenames", "Project Orion"));
  assert.deepEqual(Object.keys(entry).sort(), ["at", "category", "hash", "id", "pack", "rule"]);
  const stored = JSON.stringify([...local.entries()]);
  assert.ok(!/orion/i.test(stored), `no passage in storage: ${stored}`);
  assert.match(entry.hash, /^[0-9a-f]{64}$/);

  const result = { hints: [hint("codenames", "project  ORION"), hint("codenames", "Blue Falcon"), hint("customers", "Project Orion")], length: null };
  const filtered = await d.withoutDismissed(result);
  assert.deepEqual(filtered.hints.map((h) => [h.rule, h.excerpt]), [
    ["codenames", "Blue Falcon"],
    ["customers", "Project Orion"],
  ], "the same rule and passage (case and spaces folded) leaves; another rule or passage stays");
  assert.equal(filtered.dismissed, 1);
  assert.equal(result.hints.length, 3, "the result given (the cache's) is not changed");
  assert.deepEqual((await d.withoutDismissed({ hints: [hint("codenames", "Project Orion", "other-pack")] })).hints.length, 1, "another pack's rule of the same id stays");

  // A second time changes nothing.
  assert.equal((await d.addDismissal(hint("codenames", "PROJECT ORION"))).id, entry.id);
  assert.equal((await d.listDismissals()).length, 1);
});

test("a restarted worker keeps the key and the list; undo one, undo all", async () => {
  const d = await freshWorker();
  const [first] = await d.listDismissals();
  assert.equal((await d.withoutDismissed({ hints: [hint("codenames", "Project Orion")] })).hints.length, 0, "same key after a restart");
  const second = await d.addDismissal(hint("customers", "Globex"));
  assert.equal((await d.listDismissals()).length, 2);
  assert.equal(await d.undoDismissal(first.id), 1);
  assert.deepEqual((await d.listDismissals()).map((x) => x.id), [second.id]);
  assert.equal((await d.withoutDismissed({ hints: [hint("codenames", "Project Orion")] })).hints.length, 1, "undone: the hint is back");
  assert.equal(await d.undoDismissal(null), 1);
  assert.deepEqual(await d.listDismissals(), []);
});

test("another install (another key) hashes the same passage differently", async () => {
  const d = await freshWorker();
  const a = await d.passageHash(hint("r", "Orion"));
  local.delete("dismissalKey");
  const other = await freshWorker();
  assert.notEqual(await other.passageHash(hint("r", "Orion")), a);
});

test("bounded: the oldest go beyond MAX_DISMISSALS; a damaged list reads as empty", async () => {
  const d = await freshWorker();
  await d.undoDismissal(null);
  for (let i = 0; i < d.MAX_DISMISSALS + 5; i++) await d.addDismissal(hint("r", `passage ${i}`));
  const list = await d.listDismissals();
  assert.equal(list.length, d.MAX_DISMISSALS);
  assert.equal((await d.withoutDismissed({ hints: [hint("r", "passage 0")] })).hints.length, 1, "the oldest went");
  assert.equal((await d.withoutDismissed({ hints: [hint("r", `passage ${d.MAX_DISMISSALS + 4}`)] })).hints.length, 0);
  local.set("dismissals", { not: "a list" });
  assert.deepEqual(await (await freshWorker()).listDismissals(), []);
  local.set("dismissals", [{ id: 1 }, null, "x"]);
  assert.deepEqual(await (await freshWorker()).listDismissals(), []);
});

test("with nothing dismissed, no hash is computed", async () => {
  const d = await freshWorker();
  await d.undoDismissal(null);
  const result = { hints: [hint("r", "a")] };
  const out = await d.withoutDismissed(result);
  assert.deepEqual(out.hints, result.hints);
  assert.equal(out.dismissed, 0);
});
