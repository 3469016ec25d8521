/**
 * The list of the pack's problems under the editor: each with its level,
 * message, fix and place (line, column, JSON path, rule); a problem with a
 * place has a button that moves the caret there.
 */
import { h } from "./dom.js";
import { S } from "./strings.js";

/**
 * Shows `problems` in `list`, and the counts in `summary`.
 * @param {HTMLElement} summary
 * @param {HTMLElement} list
 * @param {any[]} problems
 * @param {(from: number) => void} goTo
 */
export function renderProblems(summary, list, problems, goTo) {
  const errors = problems.filter((p) => p.severity === "error").length;
  summary.textContent = problems.length === 0 ? S.problemsNone : S.problemsCount(errors, problems.length - errors);
  summary.className = errors > 0 ? "error" : "ok";
  list.replaceChildren();
  for (const p of problems) {
    const item = h("li", { "data-studio": "problem", "data-severity": p.severity, class: `problem ${p.severity}` });
    const head = h("p");
    head.append(h("span", { class: `badge ${p.severity}` }, p.severity === "warning" ? S.warning : S.error), document.createTextNode(` ${p.message}`));
    item.append(head);
    if (p.fix) item.append(h("p", { class: "fix" }, `${S.fix}${p.fix}`));
    const where = h("p", { class: "where muted", "data-studio": "where" }, S.where(p));
    if (Number.isInteger(p.from)) {
      const button = h("button", { type: "button", class: "link", "data-studio": "go-to" }, S.goTo);
      button.addEventListener("click", () => goTo(p.from));
      where.append(document.createTextNode(" "), button);
    }
    item.append(where);
    list.append(item);
  }
}
