/**
 * "Examples": runs every example of the pack (and the private ones pasted
 * here, e.g. for hashed terms) and lists each with pass/fail and, for a
 * failure, what the rule found or what nearly matched.
 */
import { byId, h } from "../dom.js";
import { today } from "../engine.js";
import { renderProblems } from "../problems.js";
import { S } from "../strings.js";

/**
 * The list of example results.
 * @param {any[]} examples
 */
export function renderExamples(examples) {
  const list = h("ul", { class: "results" });
  for (const e of examples) {
    const item = h("li", { "data-studio": "example", "data-passed": String(e.passed), "data-rule": e.rule });
    const head = h("p");
    head.append(
      h("span", { class: e.passed ? "pass" : "fail" }, e.passed ? S.examplePass : S.exampleFail),
      document.createTextNode(` · ${e.rule} · ${e.should_hit ? S.exampleHit : S.exampleMiss}`),
    );
    item.append(head, h("blockquote", { class: "postcheck-excerpt" }, e.text));
    if (e.why) item.append(h("p", { class: "muted" }, e.why));
    list.append(item);
  }
  return list;
}

/**
 * @param {any} engine the wasm module
 * @param {{text: () => string}} pack
 */
export function setupExamples(engine, pack) {
  const out = byId("examples");
  byId("run-examples").addEventListener("click", () => {
    const run = engine.runExamples(pack.text(), /** @type {HTMLTextAreaElement} */ (byId("private-examples")).value || null, today());
    out.replaceChildren();
    if (run.problems.length > 0) {
      const summary = h("p");
      const list = h("ul", { class: "problems" });
      renderProblems(summary, list, run.problems, () => {});
      out.append(summary, list);
    }
    const passed = run.examples.filter((e) => e.passed).length;
    out.append(h("p", { "data-studio": "examples-summary" }, run.examples.length ? S.examplesSummary(passed, run.examples.length) : S.examplesNone));
    out.append(renderExamples(run.examples));
  });
}
