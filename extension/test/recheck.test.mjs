// The re-check's pause (content/recheck.js Debouncer): one run after the
// pokes stop, none per poke, none after cancel; "not here" in memory.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Debouncer, EDIT_EVENTS, NotHere, RECHECK_PAUSE_MS } from "../src/content/recheck.js";

/** Fake timers: time moves only when the test says. */
function clock() {
  let now = 0;
  let next = 1;
  const pending = new Map();
  return {
    timers: {
      set: (fn, ms) => {
        const id = next++;
        pending.set(id, { fn, at: now + ms });
        return id;
      },
      clear: (id) => pending.delete(id),
    },
    advance(ms) {
      now += ms;
      for (const [id, t] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now) {
          pending.delete(id);
          t.fn();
        }
      }
    },
    get pending() {
      return pending.size;
    },
  };
}

test("typing without a pause runs nothing; the pause after the last key runs once", () => {
  const c = clock();
  let runs = 0;
  const d = new Debouncer(RECHECK_PAUSE_MS, () => runs++, c.timers);
  for (let i = 0; i < 50; i++) {
    d.poke();
    c.advance(100);
  }
  assert.equal(runs, 0, "50 keys 100 ms apart: no re-check yet");
  assert.equal(c.pending, 1, "one pause pending, not one per key");
  c.advance(RECHECK_PAUSE_MS - 100 - 1);
  assert.equal(runs, 0);
  c.advance(1);
  assert.equal(runs, 1, "once the pause is over");
  c.advance(10_000);
  assert.equal(runs, 1, "and only once");
  assert.equal(d.pending, false);
});

test("cancel (the panel closed) drops the pending re-check; a poke with its own delay (busy retry)", () => {
  const c = clock();
  let runs = 0;
  const d = new Debouncer(500, () => runs++, c.timers);
  d.poke();
  d.cancel();
  c.advance(5_000);
  assert.equal(runs, 0);
  d.poke(1100);
  c.advance(1000);
  assert.equal(runs, 0);
  c.advance(100);
  assert.equal(runs, 1);
});

test("the pause is between 400 and 600 ms, and only edits the user makes count", () => {
  assert.ok(RECHECK_PAUSE_MS >= 400 && RECHECK_PAUSE_MS <= 600);
  assert.deepEqual(EDIT_EVENTS.filter((e) => e === "input" || e === "focus"), [], "not input (execCommand's is trusted) nor focus");
});

test("not here: by pack, rule and passage; cleared with the draft", () => {
  const n = new NotHere();
  const a = { pack: "acme", rule: "codenames", excerpt: "orion" };
  const result = { hints: [a, { ...a, excerpt: "falcon" }, { ...a, rule: "customers" }], length: null };
  assert.equal(n.filter(result), result, "nothing dismissed: the same result");
  n.add(a);
  assert.deepEqual(n.filter(result).hints, result.hints.slice(1));
  n.clear();
  assert.equal(n.filter(result).hints.length, 3);
  for (let i = 0; i < 600; i++) n.add({ rule: "r", excerpt: String(i) });
  assert.ok(n.keys.size <= 500, "bounded");
});
