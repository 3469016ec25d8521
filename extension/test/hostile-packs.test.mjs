// Hostile packs through the real wasm engine, as the background worker runs
// it: the limits the native tests prove (crates/postcheck-core/tests/
// example_limits.rs, hint_limits.rs, text_lengths.rs) hold in the browser's
// engine too, so that no pack under 16 MiB keeps a service worker event busy
// for minutes (Chrome stops one after 5) or makes a check build a million
// hints. Needs the built engine (generated/wasm, from build.sh build).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const wasmDir = join(dirname(fileURLToPath(import.meta.url)), "..", "generated", "wasm");
const built = existsSync(join(wasmDir, "postcheck_wasm_bg.wasm"));
const skip = !built && "the engine is not built (build.sh build)";

/** The engine's module, instantiated once for this file. */
async function engine() {
  const glue = await import(join(wasmDir, "postcheck_wasm.js"));
  await glue.default({ module_or_path: readFileSync(join(wasmDir, "postcheck_wasm_bg.wasm")) });
  return glue;
}

/** A pack around `rules` (plain objects). */
function pack(rules, extra = {}) {
  return JSON.stringify({
    schema: "postcheck/pack/v1",
    id: "hostile",
    name: "Hostile",
    version: "1",
    publisher: "tests",
    date: "2026-01-01",
    default_locale: "en",
    languages: ["en"],
    ...extra,
    rules,
  });
}

/** What `new Engine` threw: the pack's problems. */
function problemsOf(build) {
  try {
    build();
  } catch (e) {
    assert.ok(Array.isArray(e?.problems), `a refused pack, not a failure: ${e}`);
    return e.problems;
  }
  assert.fail("the pack was accepted");
}

test("the pack of the report (15.9 MB, 5,000 rules, 3,000,000 one-letter examples) is refused with the limit named", { skip }, async () => {
  const { Engine } = await engine();
  const rules = Array.from({ length: 5000 }, (_, i) => ({
    id: `r${i}`,
    kind: "terms",
    category: "confidential",
    level: "note",
    message: "m".repeat(650),
    terms: ["orion", `codename${i}`],
    examples: { miss: Array(600).fill("a") },
  }));
  const json = pack(rules);
  assert.ok(json.length > 15_800_000 && json.length < 16 * 1024 * 1024, `${json.length} bytes`);
  const problems = problemsOf(() => new Engine(json));
  const perRule = problems.find((p) => p.path === "$.rules[0].examples");
  assert.match(perRule?.message ?? "", /the rule has 600 examples; a rule may have at most 100/);
  assert.equal(perRule.rule, "r0");
  assert.ok(perRule.fix, "with a fix");
  assert.ok(problems.some((p) => p.path === "$.rules" && /the pack has 3000000 examples/.test(p.message)));
  assert.ok(!problems.some((p) => /trigger/.test(p.message)), "refused before any example ran");
});

test("5,000 rules on one detector and a 100,000-character draft: at most 200 hints, the rest counted", { skip }, async () => {
  const { Engine } = await engine();
  const rules = Array.from({ length: 5000 }, (_, i) => ({
    id: `mail${i}`,
    kind: "detector",
    detector: "email",
    category: "personal-data",
    level: "consider",
    message: "An e-mail address.",
  }));
  const e = Engine.withoutExamples(pack(rules));
  const draft = "Schreib an anna.muster@acme.example oder ".repeat(2500).slice(0, 100_000);
  const addresses = draft.split("anna.muster@acme.example").length - 1;
  const result = e.check(draft, { platform: "linkedin", locale: "en", date: "2026-11-25", media: [] });
  assert.equal(result.hints.length, 200);
  // The first address, from the first 100 rules (at most 100 of one rule; by position, then rule order).
  assert.deepEqual(
    result.hints.slice(0, 3).map((h) => [h.rule, h.excerpt]),
    [
      ["mail0", "anna.muster@acme.example"],
      ["mail1", "anna.muster@acme.example"],
      ["mail2", "anna.muster@acme.example"],
    ],
  );
  assert.equal(result.omitted, 5000 * addresses - 200);
});

test("a guideline text of 4,000,000 characters is refused with the limit and the fix", { skip }, async () => {
  const { Engine } = await engine();
  const json = pack(
    [{ id: "t", kind: "terms", category: "confidential", level: "note", message: "m", terms: ["orion"], guideline: "g" }],
    { guidelines: [{ id: "g", title: { en: "Guideline" }, text: { en: "x".repeat(4_000_000) } }] },
  );
  const problems = problemsOf(() => new Engine(json));
  const long = problems.find((p) => p.path === "$.guidelines[0].text.en");
  assert.match(long?.message ?? "", /the guideline text has 4,000,000 characters; a guideline text may have at most 10,000/);
  assert.match(long.fix ?? "", /link/);
});
