// Completion from the pack schema (src/schema-complete.js) on real editor
// states: field names of the manifest, of a rule (all kinds' fields), of a
// rule's examples; allowed values of `level` and `kind`; and the editor's
// diagnostics from the engine's problems (src/editor.js diagnosticsOf).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { CompletionContext } from "@codemirror/autocomplete";
import { json } from "@codemirror/lang-json";
import { ensureSyntaxTree } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { fieldsOf, schemaCompletion, schemasAt, valuesOf } from "../src/schema-complete.js";

const here = dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(readFileSync(join(here, "..", "..", "schema", "pack-v1.schema.json"), "utf8"));
const complete = schemaCompletion(schema);

/** The completion labels at the `|` in `doc`, asked for explicitly (Ctrl+Space). */
function labelsAt(doc) {
  const pos = doc.indexOf("|");
  const state = EditorState.create({ doc: doc.replace("|", ""), extensions: [json()] });
  ensureSyntaxTree(state, state.doc.length, 5000);
  const result = complete(new CompletionContext(state, pos, true));
  return result ? result.options.map((o) => o.label) : [];
}

test("the schema gives the fields at a path", () => {
  const top = fieldsOf(schemasAt(schema, []));
  assert.ok(["schema", "id", "rules", "languages", "default_locale"].every((f) => top.has(f)));
  const rule = fieldsOf(schemasAt(schema, ["rules", 0]));
  assert.ok(["id", "kind", "category", "level", "terms", "hashes", "salt", "examples"].every((f) => rule.has(f)), [...rule.keys()].join(" "));
  assert.deepEqual([...fieldsOf(schemasAt(schema, ["rules", 3, "examples"])).keys()].sort(), ["hit", "miss"]);
  assert.deepEqual(valuesOf(schemasAt(schema, ["rules", 0, "level"])).sort(), ['"consider"', '"important"', '"note"']);
  assert.deepEqual(schemasAt(schema, ["no-such-field", "x"]), []);
});

test("completion offers field names where a key goes", () => {
  const top = labelsAt('{\n  "schema": "postcheck/pack/v1",\n  |\n}');
  assert.ok(top.includes('"rules"') && top.includes('"default_locale"'), top.join(" "));
  const inRule = labelsAt('{"rules": [{"id": "a"}, {"id": "b", "|"}]}');
  assert.ok(inRule.includes('"kind"') && inRule.includes('"level"'), inRule.join(" "));
  assert.ok(!inRule.includes('"default_locale"'));
});

test("completion offers the allowed values of a field", () => {
  const levels = labelsAt('{"rules": [{"level": |}]}');
  assert.deepEqual(levels.sort(), ['"consider"', '"important"', '"note"']);
  const kinds = labelsAt('{"rules": [{"kind": "|"}]}');
  assert.ok(kinds.includes('"terms"') && kinds.includes('"hashed_terms"'), kinds.join(" "));
  // A free text field: nothing to offer.
  assert.deepEqual(labelsAt('{"id": |}'), []);
});

test("a closing quote already there is replaced, not doubled", () => {
  const doc = '{"rules": [{"kind": "|"}]}';
  const pos = doc.indexOf("|");
  const state = EditorState.create({ doc: doc.replace("|", ""), extensions: [json()] });
  ensureSyntaxTree(state, state.doc.length, 5000);
  const result = complete(new CompletionContext(state, pos, true));
  assert.equal(state.sliceDoc(result.from, result.to), '""');
});
