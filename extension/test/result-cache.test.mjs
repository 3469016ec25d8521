// Unit tests of the in-memory result cache.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ResultCache } from "../src/background/result-cache.js";

test("keeps the most recently used entries", () => {
  const cache = new ResultCache(2);
  cache.set("a", 1);
  cache.set("b", 2);
  assert.equal(cache.get("a"), 1);
  cache.set("c", 3);
  assert.equal(cache.get("b"), undefined);
  assert.equal(cache.get("a"), 1);
  assert.equal(cache.get("c"), 3);
  cache.clear();
  assert.equal(cache.get("a"), undefined);
});
