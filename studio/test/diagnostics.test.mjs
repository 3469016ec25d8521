// The engine's problems as editor diagnostics (src/diagnostics.js): only
// problems with a place, kept inside the text, warnings as warnings, the fix
// in the tooltip.
import assert from "node:assert/strict";
import { test } from "node:test";
import { diagnosticsOf } from "../src/diagnostics.js";

test("problems with a place become diagnostics inside the text", () => {
  const problems = [
    { severity: "error", path: "$", line: 3, column: 5, from: 20, to: 21, message: "not JSON", fix: "add a comma" },
    { severity: "warning", path: "$.rules[0]", line: 9, column: null, from: 40, to: 99, message: "no French text", fix: null },
    { severity: "error", path: "$.rules[4000]", line: null, column: null, from: null, to: null, message: "far away", fix: null },
  ];
  assert.deepEqual(diagnosticsOf(problems, 50), [
    { from: 20, to: 21, severity: "error", message: "not JSON\nFix: add a comma" },
    { from: 40, to: 50, severity: "warning", message: "no French text" },
  ]);
  // A text that became shorter than the places: at its end, never past it.
  assert.deepEqual(diagnosticsOf(problems.slice(0, 1), 10).map((d) => [d.from, d.to]), [[10, 10]]);
});
