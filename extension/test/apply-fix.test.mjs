// The pure parts of "Apply" (src/content/apply-fix.js): which fixes are made,
// where the passage is in the draft as it is now, and the exact text expected.
import assert from "node:assert/strict";
import { test } from "node:test";
import { difference, fixOf, locatePassage, NOT_APPLIED, occurrences, planFix } from "../src/content/apply-fix.js";

/** A hint on `checked` for the first occurrence of `excerpt` at or after `from`. */
function hintOn(checked, excerpt, fix, from = 0) {
  const start = checked.indexOf(excerpt, from);
  assert.ok(start >= 0, `${excerpt} in ${checked}`);
  return { rule: "r", start, end: start + excerpt.length, excerpt, fix };
}

const FLAG = "🇨🇭";
const CODER = "👩🏽‍💻";

test("a replacement is made where the passage is, emoji and flags around it untouched", () => {
  const checked = `${FLAG}Github${CODER}\nsecond line`;
  const hint = hintOn(checked, "Github", { kind: "replace", text: "GitHub" });
  assert.deepEqual(planFix(checked, hint, checked), {
    start: FLAG.length,
    end: FLAG.length + 6,
    text: "GitHub",
    expected: `${FLAG}GitHub${CODER}\nsecond line`,
  });
});

test("repeated punctuation becomes one mark; a removal takes the passage out", () => {
  const checked = "Wow!!! INTERNAL ONLY roadmap";
  assert.equal(planFix(checked, hintOn(checked, "!!!", { kind: "replace", text: "!" }), checked).expected, "Wow! INTERNAL ONLY roadmap");
  assert.equal(planFix(checked, hintOn(checked, "INTERNAL ONLY ", { kind: "remove", text: "" }), checked).expected, "Wow!!! roadmap");
  // One space goes along: none doubled, none left at a line's start or end.
  const remove = (text, passage) => planFix(text, hintOn(text, passage, { kind: "remove", text: "" }), text).expected;
  assert.equal(remove("Our INTERNAL ONLY roadmap", "INTERNAL ONLY"), "Our roadmap");
  assert.equal(remove("INTERNAL ONLY roadmap\nmore", "INTERNAL ONLY"), "roadmap\nmore");
  assert.equal(remove("roadmap INTERNAL ONLY\nmore", "INTERNAL ONLY"), "roadmap\nmore");
  assert.equal(remove(`${FLAG}INTERNAL ONLY${CODER} roadmap`, "INTERNAL ONLY"), `${FLAG}${CODER} roadmap`);
});

test("a disclosure goes after the last word, before trailing blank lines", () => {
  const checked = "Try ACME Cloud!\n\n";
  const hint = hintOn(checked, "ACME Cloud", { kind: "append", text: " #ACMEemployee" });
  const plan = planFix(checked, hint, checked);
  assert.equal(plan.expected, "Try ACME Cloud! #ACMEemployee\n\n");
  assert.equal(plan.start, 15);
  assert.equal(plan.end, 15);
  // Typed more since: it still goes at the end of what is there now.
  assert.equal(planFix(checked, hint, "Try ACME Cloud! It is fast.").expected, "Try ACME Cloud! It is fast. #ACMEemployee");
  // Already there: nothing to do.
  assert.deepEqual(planFix(checked, hint, "Try ACME Cloud! #ACMEemployee"), { refused: NOT_APPLIED.DONE });
});

test("typed after the passage: same place; typed before it: moved with it", () => {
  const checked = "Hi Github fans";
  const hint = hintOn(checked, "Github", { kind: "replace", text: "GitHub" });
  assert.equal(planFix(checked, hint, "Hi Github fans and more Github").expected, "Hi GitHub fans and more Github");
  assert.equal(planFix(checked, hint, `${CODER} Oh, Github again! Hi Github fans`).expected, `${CODER} Oh, Github again! Hi GitHub fans`);
});

test("typed before and after: the same occurrence when it occurs as often, else refused", () => {
  const checked = "Github one, Github two";
  const second = hintOn(checked, "Github", { kind: "replace", text: "GitHub" }, 5);
  assert.equal(planFix(checked, second, "X Github one, Github two!").expected, "X Github one, GitHub two!");
  assert.deepEqual(planFix(checked, second, "X Github one, Github two and Github!"), { refused: NOT_APPLIED.AMBIGUOUS });
  assert.deepEqual(planFix(checked, second, "X nothing here Y"), { refused: NOT_APPLIED.GONE });
});

test("a passage edited away is gone; the editor is not asked", () => {
  const checked = "Hi Github fans";
  const hint = hintOn(checked, "Github", { kind: "replace", text: "GitHub" });
  assert.deepEqual(planFix(checked, hint, "Hi Gitlab fans"), { refused: NOT_APPLIED.GONE });
  assert.deepEqual(locatePassage(checked, hint.start, hint.end, ""), { refused: NOT_APPLIED.GONE });
});

test("only well-formed fixes whose span is the excerpt are made", () => {
  const checked = "Hi Github fans";
  const good = hintOn(checked, "Github", { kind: "replace", text: "GitHub" });
  assert.deepEqual(fixOf(good, checked), { kind: "replace", text: "GitHub" });
  for (const fix of [null, "GitHub", { kind: "rewrite", text: "x" }, { kind: "replace" }, { kind: "replace", text: 3 }, { kind: "remove", text: "x" }, { kind: "append", text: " " }, { kind: "replace", text: "x".repeat(10_001) }]) {
    assert.equal(fixOf({ ...good, fix }, checked), null, JSON.stringify(fix)?.slice(0, 40));
  }
  assert.equal(fixOf({ ...good, excerpt: "other" }, checked), null, "span and excerpt disagree");
  assert.equal(fixOf({ ...good, end: 99 }, checked), null, "span past the end");
  assert.equal(fixOf({ ...good, start: -1 }, checked), null);
  assert.deepEqual(planFix(checked, { ...good, fix: undefined }, checked), { refused: NOT_APPLIED.GONE });
});

test("occurrences do not overlap; the difference is the smallest span", () => {
  assert.deepEqual(occurrences("!!!!!!!", "!!!"), [0, 3]);
  assert.deepEqual(occurrences("abc", ""), []);
  assert.deepEqual(difference("Hi GitHub fans", "Hi Github fans"), { start: 6, end: 7, text: "h" });
  assert.deepEqual(difference("Wow! yes", "Wow!!! yes"), { start: 4, end: 4, text: "!!" });
  assert.deepEqual(difference("same", "same"), { start: 4, end: 4, text: "" });
});
