// The per-tab rate limit of checks: a burst, then one per second; tabs apart.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RateLimiter } from "../src/background/rate-limit.js";

/** A limiter on a clock the test moves. */
function limiter(options = {}) {
  const clock = { ms: 1_000_000 };
  const l = new RateLimiter({ now: () => clock.ms, ...options });
  return { l, clock };
}

test("a tab may start 8 checks at once, then one per second", () => {
  const { l, clock } = limiter();
  const burst = Array.from({ length: 20 }, () => l.take(7));
  assert.deepEqual(burst, [...Array(8).fill(true), ...Array(12).fill(false)]);
  clock.ms += 999;
  assert.equal(l.take(7), false, "not yet a whole second");
  clock.ms += 1;
  assert.equal(l.take(7), true, "one more after a second");
  assert.equal(l.take(7), false);
  clock.ms += 3_000;
  assert.deepEqual([l.take(7), l.take(7), l.take(7), l.take(7)], [true, true, true, false], "three seconds: three checks");
});

test("the burst refills to 8 at most, however long the tab was idle", () => {
  const { l, clock } = limiter();
  for (let i = 0; i < 8; i++) l.take(1);
  clock.ms += 3_600_000;
  const after = Array.from({ length: 10 }, () => l.take(1));
  assert.equal(after.filter(Boolean).length, 8);
});

test("tabs are limited apart: one busy tab does not slow another", () => {
  const { l } = limiter();
  for (let i = 0; i < 50; i++) l.take(1);
  assert.equal(l.take(1), false);
  assert.equal(l.take(2), true);
});

test("a clock going back gives nothing extra", () => {
  const { l, clock } = limiter();
  for (let i = 0; i < 8; i++) l.take(3);
  clock.ms -= 60_000;
  assert.equal(l.take(3), false);
});

test("idle tabs are forgotten when many tabs were seen (bounded memory)", () => {
  const { l, clock } = limiter({ maxTabs: 10 });
  for (let tab = 0; tab < 10; tab++) l.take(tab);
  clock.ms += 10_000; // every bucket is full again
  l.take(100);
  assert.ok(l.tabs.size <= 2, `kept ${l.tabs.size}`);
  for (let i = 0; i < 8; i++) l.take(100);
  assert.equal(l.take(100), false, "a busy tab is kept with its count");
});
