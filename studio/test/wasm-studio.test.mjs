// The Studio's wasm calls (crates/postcheck-wasm, feature `studio`) on real
// packs: lint with places in UTF-16 offsets, examples (the pack's and private
// ones), the audit on the ordinary-post corpus, hashed terms that the engine
// then finds, and the guideline page. Needs the studio's engine
// (studio/generated/wasm, from studio/build.sh build).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { before, test } from "node:test";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const wasmDir = join(here, "..", "generated", "wasm");
const acme = readFileSync(join(root, "examples", "packs", "acme.json"), "utf8");
const TODAY = "2026-12-07";

let w;
before(async () => {
  assert.ok(existsSync(join(wasmDir, "postcheck_wasm_bg.wasm")), "the studio engine is not built: run studio/build.sh build");
  w = await import(join(wasmDir, "postcheck_wasm.js"));
  await w.default({ module_or_path: readFileSync(join(wasmDir, "postcheck_wasm_bg.wasm")) });
});

/** The text of `json` between two UTF-16 offsets (what the editor underlines). */
const slice = (json, p) => json.slice(p.from, p.to);

test("a good pack lints clean and runs all its examples", () => {
  const lint = w.lintPack(acme, TODAY);
  assert.equal(lint.loads, true);
  assert.deepEqual(lint.problems.filter((p) => p.severity === "error"), []);
  assert.ok(lint.examples.length > 20, `${lint.examples.length} examples`);
  assert.ok(lint.examples.every((e) => e.passed));
  assert.ok(lint.examples.some((e) => e.rule === "codenames" && e.should_hit));
});

test("a syntax error is located at its line and column, in UTF-16 offsets", () => {
  // An emoji before the error: two UTF-16 units, one character.
  const broken = acme.replace('"name"', '"👋": 1,\n  "name" "oops"');
  const lint = w.lintPack(broken, TODAY);
  assert.equal(lint.loads, false);
  const [p] = lint.problems;
  assert.equal(p.severity, "error");
  assert.ok(p.line > 1 && p.column > 1, JSON.stringify(p));
  assert.equal(slice(broken, p), '"', "the underline is on the unexpected quote");
  const line = broken.split("\n")[p.line - 1];
  assert.equal([...line][p.column - 1], '"');
});

test("every problem of a broken pack is listed, each with its place", () => {
  // An unknown field in a rule, and an example that fails in another.
  const pack = JSON.parse(acme);
  pack.rules[1].colour = "red";
  pack.rules[0].examples.hit.unshift("nothing to see here");
  const broken = JSON.stringify(pack, null, 2);
  const lint = w.lintPack(broken, TODAY);
  assert.equal(lint.loads, false);
  const unknown = lint.problems.find((p) => p.message.includes("colour"));
  assert.ok(unknown, JSON.stringify(lint.problems, null, 1));
  assert.equal(unknown.rule, pack.rules[1].id);
  assert.equal(slice(broken, unknown), '"colour": "red"');
  const failing = lint.problems.find((p) => p.message.includes("nothing to see here"));
  assert.equal(failing?.rule, pack.rules[0].id, "the failing example names its rule");
  assert.equal(slice(broken, failing), '"nothing to see here"', "from the value's start to its line's end, the comma left out");
  assert.ok(lint.examples.some((e) => !e.passed && e.text === "nothing to see here"));
  // An unknown field at the top: named, and underlined.
  const top = acme.replace('"publisher":', '"colour": "red",\n  "publisher":');
  const found = w.lintPack(top, TODAY).problems.find((p) => p.path === "$.colour");
  assert.equal(slice(top, found), '"colour": "red"');
});

test("hashed terms: the rule loads in the pack, the engine finds the term, the private examples pass", () => {
  const made = w.hashTerms("a-salt-of-24-characters!", ["Nebula", "Blue Falcon", "# a comment", ""], "codenames-hashed", ["de", "en", "fr", "it"]);
  assert.equal(made.count, 2);
  assert.ok(!made.rule.includes("Nebula") && !made.rule.includes("Falcon"), "the words stay out of the rule");
  const pack = JSON.parse(acme);
  pack.rules.push(JSON.parse(made.rule));
  const json = JSON.stringify(pack, null, 2);
  const lint = w.lintPack(json, TODAY);
  assert.deepEqual(lint.problems.filter((p) => p.severity === "error"), []);
  const engine = w.Engine.stack([json], { baseline: true });
  const result = engine.check("Next week Blue Falcon ships!", { platform: "linkedin", locale: "en" });
  assert.ok(result.hints.some((h) => h.rule === "codenames-hashed" && h.excerpt === "Blue Falcon"), JSON.stringify(result.hints.map((h) => h.rule)));
  engine.free();
  const run = w.runExamples(json, made.examples, TODAY);
  assert.deepEqual(run.problems, []);
  const own = run.examples.filter((e) => e.path.startsWith("$.codenames-hashed."));
  assert.equal(own.length, 2);
  assert.ok(own.every((e) => e.passed));
  assert.deepEqual(JSON.parse(made.examples), { "codenames-hashed": { hit: ["Nebula", "Blue Falcon"] } });
  // A private example that fails, and a file that is not one.
  const failing = w.runExamples(json, JSON.stringify({ "codenames-hashed": { miss: ["Nebula"] } }), TODAY);
  assert.equal(failing.examples.at(-1).passed, false);
  assert.ok(w.runExamples(json, "[1]", TODAY).problems.length > 0);
  assert.throws(() => w.hashTerms("salt", ["# only a comment"], "x", []), /no terms/);
});

test("the audit runs the pack on the ordinary posts", () => {
  const audit = w.auditPack(acme, { date: TODAY });
  assert.equal(audit.pack, "acme-social");
  assert.ok(audit.ordinary_posts > 50 && audit.problem_posts > 10, JSON.stringify({ o: audit.ordinary_posts, p: audit.problem_posts }));
  assert.ok(Array.isArray(audit.false_alarms) && Array.isArray(audit.everyday_terms));
  for (const f of audit.false_alarms) {
    assert.ok(f.context.includes(f.passage), JSON.stringify(f));
    assert.match(f.post, /^[a-z]{2}-ordinary\.txt:\d+$/);
  }
  // Fewer posts in one language; a pack with an everyday word as a term.
  const german = w.auditPack(acme, { languages: ["de"] });
  assert.ok(german.ordinary_posts < audit.ordinary_posts);
  const pack = JSON.parse(acme);
  pack.rules.push({ id: "places", kind: "terms", category: "confidential", level: "consider", message: { de: "Ein Ort.", en: "A place.", fr: "Un lieu.", it: "Un luogo." }, terms: ["Lugano"] });
  const everyday = w.auditPack(JSON.stringify(pack), {});
  assert.ok(everyday.everyday_terms.some((t) => t.term === "Lugano" && t.rule === "places"), JSON.stringify(everyday.everyday_terms));
  assert.ok(everyday.without_hit_example.includes("places"));
  assert.throws(() => w.auditPack("{", {}), (e) => Array.isArray(e.problems) && e.problems.length > 0);
});

test("the guideline page is plain data in the reader's language", () => {
  const page = w.guidelinePage(acme, "de", ["en"]);
  assert.equal(page.lang, "de");
  assert.ok(page.title.length > 0 && page.sections.length > 0);
  assert.ok(page.sections.some((s) => s.checks.length > 0));
  const english = w.guidelinePage(acme, "en", null);
  assert.equal(english.lang, "en");
  assert.throws(() => w.guidelinePage('{"schema": 1}', "en", null), (e) => Array.isArray(e.problems));
});
