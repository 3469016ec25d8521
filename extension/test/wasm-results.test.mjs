// The results of the real wasm engine, as JavaScript sees them, stay what
// they were: every key present (null when absent) in the same order, spans in
// UTF-16 code units, `omitted` only when hints were left out; and the problems
// a refused pack throws, every field present. Runs the cases of
// crates/postcheck-cli/tests/wire/cases.json (the CLI's JSON snapshots run the
// same ones) and compares `JSON.stringify` of each result with the files in
// test/snapshots/wasm-results/.
//
// After an intended change of the results, write the snapshots again with
// `POSTCHECK_WRITE_SNAPSHOTS=1 node --test test/wasm-results.test.mjs` and
// review the diff. Needs the built engine (generated/wasm, from build.sh build).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { engine, skip } from "./built-engine.mjs";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const snapshots = join(here, "snapshots", "wasm-results");
const wire = join(root, "crates", "postcheck-cli", "tests", "wire");
const write = Boolean(process.env.POSTCHECK_WRITE_SNAPSHOTS);


/** `value` as JSON, indented (the same keys, order and values as `JSON.stringify(value)`). */
function json(value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Compares `got` with the snapshot `name` as text (or writes it); gives what
 * differs, or null.
 */
function differs(name, got) {
  const path = join(snapshots, name);
  if (write) {
    mkdirSync(snapshots, { recursive: true });
    writeFileSync(path, got);
    return null;
  }
  if (!existsSync(path)) return `${name}: no snapshot at ${path}`;
  const want = readFileSync(path, "utf8");
  if (want === got) return null;
  let at = 0;
  while (at < want.length && want[at] === got[at]) at += 1;
  const around = (s) => JSON.stringify(s.slice(Math.max(0, at - 60), at + 60));
  return `${name}: differs at character ${at}\n  snapshot: ${around(want)}\n  result:   ${around(got)}`;
}

/** What building the engine threw. */
function thrown(build) {
  try {
    build();
  } catch (e) {
    return e;
  }
  assert.fail("the pack was accepted");
}

const cases = JSON.parse(readFileSync(join(wire, "cases.json"), "utf8"));

test("every check result is byte for byte its snapshot", { skip }, async () => {
  const { Engine } = await engine();
  assert.ok(cases.length >= 15, `${cases.length} cases`);
  const engines = new Map();
  const failures = [];
  for (const c of cases) {
    if (!engines.has(c.pack)) engines.set(c.pack, new Engine(readFileSync(join(root, c.pack), "utf8")));
    const text = readFileSync(join(root, c.draft), "utf8");
    const options = { locale: c.lang, date: c.date, media: c.media };
    if (c.platform) options.platform = c.platform;
    const result = engines.get(c.pack).check(text, options);
    // Spans in UTF-16 code units: JavaScript's slice gives the excerpt.
    for (const h of result.hints) {
      if (h.start < h.end) assert.equal(text.slice(h.start, h.end), h.excerpt, `${c.name}: ${h.rule}`);
    }
    const failure = differs(`check-${c.name}.json`, json(result));
    if (failure) failures.push(failure);
  }
  assert.deepEqual(failures, []);
});

test("the snapshots show what the results vary on", { skip: write && "writing the snapshots" }, () => {
  const read = (name) => JSON.parse(readFileSync(join(snapshots, name), "utf8"));
  const many = read("check-many-hints-starter-x.json");
  assert.equal(many.hints.length, 200);
  assert.ok(many.omitted > 0);
  const keys = (o) => Object.keys(o).join(",");
  assert.equal(keys(many), "pack,platform,length,hints,omitted");
  const bare = read("check-orion-bare-linkedin.json");
  assert.equal(keys(bare), "pack,platform,length,hints");
  assert.equal(keys(bare.hints[0]), "rule,category,level,start,end,excerpt,message,advice,suggestions,fix,guideline,contact");
  assert.equal(bare.hints[0].guideline, null);
  assert.equal(bare.hints[0].advice, null);
  assert.equal(bare.hints[0].fix, null, "a hint without a fix has `fix: null` for JavaScript");
  const none = read("check-combining-starter-none.json");
  assert.equal(none.platform, null);
  assert.equal(none.length, null);
  // Astral characters before a hint: UTF-16 offsets differ from characters.
  const combining = readFileSync(join(wire, "drafts", "combining.txt"), "utf8");
  const hint = none.hints.find((h) => h.start < h.end);
  assert.ok(hint && [...combining.slice(0, hint.start)].length < hint.start, "a span after astral characters");
});

test("the wasm results and the CLI's JSON are one result: the same but for the offsets' unit and absent parts", { skip }, async () => {
  const { Engine } = await engine();
  const cliSnapshots = join(root, "crates", "postcheck-cli", "tests", "snapshots", "wire");
  /** `value` with the keys whose value is null left out, as the CLI writes it. */
  const withoutNulls = (value) => JSON.parse(JSON.stringify(value, (_, v) => (v === null ? undefined : v)));
  for (const c of cases) {
    const text = readFileSync(join(root, c.draft), "utf8");
    const options = { locale: c.lang, date: c.date, media: c.media };
    if (c.platform) options.platform = c.platform;
    const result = new Engine(readFileSync(join(root, c.pack), "utf8")).check(text, options);
    /** UTF-16 offset to characters (Unicode scalar values), as the CLI counts. */
    const chars = (units) => [...text.slice(0, units)].length;
    const asCli = {
      ...result,
      hints: result.hints.map((h) => withoutNulls({ ...h, start: chars(h.start), end: chars(h.end) })),
    };
    const cli = JSON.parse(readFileSync(join(cliSnapshots, `check-${c.name}.json`), "utf8"));
    assert.deepEqual(asCli, cli, c.name);
  }
});

const refused = ["not-json", "many-problems", "failing-example"];

test("a refused pack throws its problems, every field present, byte for byte its snapshot", { skip }, async () => {
  const { Engine } = await engine();
  const failures = [];
  for (const name of refused) {
    const pack = readFileSync(join(wire, "packs", `${name}.json`), "utf8");
    const e = thrown(() => new Engine(pack));
    assert.ok(Array.isArray(e.problems), `${name}: ${e}`);
    for (const p of e.problems) {
      assert.equal(Object.keys(p).join(","), "severity,path,line,column,rule,message,fix", name);
    }
    const failure = differs(`refusal-${name}.json`, json(e));
    if (failure) failures.push(failure);
  }
  // Without its examples, the pack whose examples fail loads; the others are refused alike.
  const failing = readFileSync(join(wire, "packs", "failing-example.json"), "utf8");
  assert.ok(Engine.withoutExamples(failing));
  const many = readFileSync(join(wire, "packs", "many-problems.json"), "utf8");
  const failure = differs("refusal-without-examples-many-problems.json", json(thrown(() => Engine.withoutExamples(many))));
  if (failure) failures.push(failure);
  assert.deepEqual(failures, []);
});

test("the warnings of a loaded pack are byte for byte their snapshot", { skip }, async () => {
  const { Engine } = await engine();
  const pack = new Engine(readFileSync(join(wire, "packs", "warnings-only.json"), "utf8"));
  const warnings = pack.warnings();
  assert.ok(warnings.length > 0);
  assert.equal(differs("warnings-warnings-only.json", json(warnings)), null);
});
