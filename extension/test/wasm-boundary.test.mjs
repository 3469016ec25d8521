// The wasm boundary and lone surrogates. A page can put unpaired UTF-16 into an
// editor; JavaScript strings keep it, Rust's &str cannot. wasm-bindgen passes
// strings through TextEncoder, which turns each lone surrogate into U+FFFD:
// one UTF-16 unit for one, so the engine's UTF-16 spans still index the
// JavaScript string. A check request is made well-formed first anyway
// (request.check in src/shared/protocol.js: String.prototype.toWellFormed does
// the same replacement), so the result is the same whichever way a draft arrives. Needs the built engine
// (generated/wasm, from build.sh build).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const wasmDir = join(dirname(fileURLToPath(import.meta.url)), "..", "generated", "wasm");
const built = existsSync(join(wasmDir, "postcheck_wasm_bg.wasm"));

/** One rule: a term, so that spans are easy to predict. */
const PACK = JSON.stringify({
  schema: "postcheck/pack/v1",
  id: "boundary",
  name: "boundary",
  version: "1",
  publisher: "tests",
  date: "2026-11-25",
  default_locale: "en",
  languages: ["en"],
  rules: [
    {
      id: "marker",
      kind: "terms",
      category: "confidential",
      level: "important",
      message: "{match}",
      terms: ["streng vertraulich"],
      examples: { hit: ["das ist streng vertraulich"], miss: ["vertraulich"] },
    },
  ],
});

/** Drafts with unpaired UTF-16 around, inside and next to the term. */
const DRAFTS = [
  "a\uD800b streng vertraulich",
  "\uDC00streng vertraulich\uD800",
  "\uDC00\uD800 streng vertraulich",
  "x😀\uD800streng vertraulich😀\uDBFF",
  "\uD83D streng vertraulich \uDE00 streng vertraulich",
  "\uFEFFstreng vertraulich",
  "\uD800".repeat(1000) + " streng vertraulich",
  "streng\uD800 vertraulich, streng vertraulich",
];

test("lone surrogates: spans index the JavaScript string, raw or well-formed", { skip: !built && "the wasm engine is not built" }, async () => {
  const { initSync, Engine } = await import(join(wasmDir, "postcheck_wasm.js"));
  initSync({ module: readFileSync(join(wasmDir, "postcheck_wasm_bg.wasm")) });
  const engine = new Engine(PACK);
  for (const draft of DRAFTS) {
    const raw = engine.check(draft, { platform: "x" });
    const wellFormed = engine.check(draft.toWellFormed(), { platform: "x" });
    assert.deepEqual(raw, wellFormed, `the same result either way: ${JSON.stringify(draft).slice(0, 60)}`);
    const expected = [...draft.toWellFormed().matchAll(/streng vertraulich/g)].map((m) => m.index);
    assert.deepEqual(raw.hints.map((h) => h.start), expected, JSON.stringify(draft).slice(0, 60));
    for (const h of raw.hints) {
      assert.equal(draft.slice(h.start, h.end).toWellFormed(), h.excerpt);
      assert.equal(h.excerpt, "streng vertraulich");
    }
    // The length counts U+FFFD as the one character it is.
    assert.equal(typeof raw.length.used, "number");
  }
  // A span over a lone surrogate: its excerpt holds U+FFFD in its place.
  const pattern = JSON.parse(PACK);
  pattern.rules = [
    { id: "between", kind: "pattern", category: "values", level: "note", message: "{match}", pattern: "a.b", examples: { hit: ["axb"], miss: ["ab"] } },
  ];
  const spanning = new Engine(JSON.stringify(pattern)).check("😀a\uD800b", {});
  assert.deepEqual(spanning.hints.map((h) => [h.start, h.end, h.excerpt]), [[2, 5, "a\uFFFDb"]]);
  assert.equal("😀a\uD800b".slice(2, 5).toWellFormed(), "a\uFFFDb");
});
