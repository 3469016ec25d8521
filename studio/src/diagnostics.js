/**
 * The engine's problems as CodeMirror diagnostics (underline, gutter mark,
 * tooltip): those with a place in the text; the others are in the list only.
 */
import { S } from "./strings.js";

/**
 * The editor's diagnostics for the problems the engine found: those with a
 * place (others are in the list only).
 * @param {any[]} problems
 * @param {number} length the document's length
 */
export function diagnosticsOf(problems, length) {
  return problems
    .filter((p) => Number.isInteger(p.from) && Number.isInteger(p.to))
    .map((p) => {
      const from = Math.min(p.from, length);
      return {
        from,
        to: Math.max(from, Math.min(p.to, length)),
        severity: p.severity === "warning" ? "warning" : "error",
        message: p.fix ? `${p.message}\n${S.fix}${p.fix}` : p.message,
      };
    });
}

