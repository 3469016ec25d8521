// The policy's answer about own packs without waiting seconds for Chromium's
// policy service at browser start (background/policy-memo.js): the policy's
// own answer when it comes at once; else the one remembered, and a rebuild
// when the policy then says otherwise; a first start waits for the policy.
import assert from "node:assert/strict";
import { test } from "node:test";

const local = new Map();
let managed = {};
let managedDelay = 0;
globalThis.chrome = {
  runtime: { id: "abcdefghijklmnopabcdefghijklmnop" },
  storage: {
    local: {
      get: async (key) => (local.has(key) ? { [key]: local.get(key) } : {}),
      set: async (items) => {
        for (const [k, v] of Object.entries(items)) local.set(k, v);
      },
    },
    managed: { get: () => new Promise((resolve) => setTimeout(() => resolve(structuredClone(managed)), managedDelay)) },
  },
};
const { ownPacksAllowedSoon } = await import("../src/background/policy-memo.js");
const settle = (ms) => new Promise((r) => setTimeout(r, ms));

test("a first start waits for the policy, then remembers its answer", async () => {
  managed = { allowUserPacks: false };
  managedDelay = 200;
  let changes = 0;
  assert.equal(await ownPacksAllowedSoon(() => changes++), false);
  await settle(10);
  assert.equal(local.get("policyAllowsOwnPacks"), false);
  assert.equal(changes, 0, "nothing to rebuild: nothing was assumed");
});

test("a slow policy (browser start): the answer remembered at once; a changed policy rebuilds", async () => {
  managed = { allowUserPacks: true };
  managedDelay = 300;
  let changes = 0;
  assert.equal(await ownPacksAllowedSoon(() => changes++), false, "the answer remembered (the policy, not read yet, says true)");
  assert.equal(changes, 0);
  await settle(350);
  assert.equal(changes, 1, "the policy said otherwise: rebuilt");
  assert.equal(local.get("policyAllowsOwnPacks"), true, "and remembered");
});

test("a quick policy (the browser runs) is taken as it is, even against the answer remembered", async () => {
  managed = { allowUserPacks: false };
  managedDelay = 0;
  let changes = 0;
  assert.equal(await ownPacksAllowedSoon(() => changes++), false, "the policy's own answer");
  await settle(10);
  assert.equal(local.get("policyAllowsOwnPacks"), false);
  assert.equal(changes, 1, "the engine built meanwhile with the old answer (if any) is rebuilt");
});
