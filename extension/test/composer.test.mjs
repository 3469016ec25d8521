// The click takes the answer asked for when the button was pressed only when
// the question is the same: same draft, platform and media.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sameQuestion } from "../src/content/composer.js";

test("same draft, platform and media: the same question", () => {
  const q = { kind: "check", text: "Die Zahlen 🇨🇭", platform: "x", media: ["image"] };
  assert.equal(sameQuestion(q, { ...q, media: ["image"] }), true);
  assert.equal(sameQuestion(q, { ...q, text: "Die Zahlen 🇨🇭 " }), false, "one more space");
  assert.equal(sameQuestion(q, { ...q, platform: "linkedin" }), false);
  assert.equal(sameQuestion(q, { ...q, media: [] }), false);
  assert.equal(sameQuestion(q, { ...q, media: ["video"] }), false);
  assert.equal(sameQuestion(q, { ...q, media: ["image", "video"] }), false);
});
