/**
 * postcheck's styles: the colours of the boxes over flagged passages (see
 * highlights.js), the panel (its own extension page, `panel.css`), and the
 * button (through its `style` properties: pages' CSS cannot be relied on).
 * Nothing is styled on the page through a stylesheet.
 */

/**
 * How each level looks, the same in the editor and in the panel: one colour
 * (`line`: the underline of a passage, the edge of its card, and the mark of
 * its group's heading; `tint`: the box over the passage), and, so that the
 * levels are told apart without colour too, one style of line each (solid
 * and thick, dashed, dotted) and one sign in the heading's mark. Each line
 * colour has at least 3:1 contrast on white (WCAG 1.4.11, non-text contrast).
 */
export const LEVEL_STYLES = /* @__PURE__ */ Object.freeze({
  important: { line: "#dc2626", tint: "rgba(220, 38, 38, 0.18)", lineStyle: "solid", lineWidth: 3, card: "#fef2f2", sign: "!" },
  consider: { line: "#b45309", tint: "rgba(234, 179, 8, 0.28)", lineStyle: "dashed", lineWidth: 2, card: "#fffbeb", sign: "?" },
  note: { line: "#2563eb", tint: "rgba(96, 165, 250, 0.22)", lineStyle: "dotted", lineWidth: 2, card: "#eff6ff", sign: "i" },
});

/**
 * The style of a box over a flagged passage at `level` (a level not known is drawn as `consider`).
 * @param {string} level
 * @returns {{background: string, borderBottom: string}}
 */
export function markStyle(level) {
  const s = Object.hasOwn(LEVEL_STYLES, level) ? LEVEL_STYLES[level] : LEVEL_STYLES.consider;
  return { background: s.tint, borderBottom: `${s.lineWidth}px ${s.lineStyle} ${s.line}` };
}

/**
 * CSS of the level marks shared by the panel and the popup: a hint card's
 * edge, and the mark before its group's heading, in the level's colour and
 * line style, as its passages are marked in the editor.
 */
export const levelCss = Object.entries(LEVEL_STYLES)
  .map(
    ([level, s]) => `.postcheck-hint.postcheck-${level} { border-left: 4px ${s.lineStyle} ${s.line}; }
.postcheck-level-mark.postcheck-${level} { background: ${s.tint}; border-bottom: ${s.lineWidth}px ${s.lineStyle} ${s.line}; }
.postcheck-level-mark.postcheck-${level}::before { content: "${s.sign}"; }`,
  )
  .join("\n");

/** The panel page (`panel.html`, shown in an iframe inside the composer). */
export const panelCss = `
:root { color-scheme: light; }
html, body { margin: 0; padding: 0; background: transparent; }
.panel { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2937; background: #fff;
  border: 1px solid #d1d5db; border-radius: 10px; box-shadow: 0 2px 8px rgba(0,0,0,.10); margin: 2px 4px 6px; }
header { display: flex; align-items: center; gap: 8px; padding: 8px 12px; border-bottom: 1px solid #e5e7eb;
  position: sticky; top: 0; background: #fff; }
header h2 { font-size: 14px; margin: 0; flex: 1; }
.body { padding: 4px 12px 10px; }
button { font: inherit; cursor: pointer; border: 1px solid #d1d5db; border-radius: 6px; background: #f9fafb; padding: 2px 8px; color: inherit; }
button:hover { background: #f3f4f6; }
[data-postcheck="close"] { border: none; background: none; font-size: 18px; line-height: 1; padding: 2px 6px; }
.postcheck-length { color: #4b5563; margin: 6px 0; }
.over { color: #b91c1c; font-weight: 600; }
.postcheck-group h3 { font-size: 13px; margin: 10px 0 4px; text-transform: uppercase; letter-spacing: .03em; color: #4b5563; }
.postcheck-hint { padding: 4px 8px; margin: 6px 0; border-radius: 4px; }
${Object.entries(LEVEL_STYLES)
  .map(([level, s]) => `.postcheck-hint.postcheck-${level} { background: ${s.card}; }`)
  .join("\n")}
.postcheck-level-mark { display: inline-block; min-width: 1.3em; margin-right: 6px; text-align: center; font-weight: 700; color: #1f2937; text-transform: none; }
${levelCss}
.postcheck-category { font-size: 11px; color: #6b7280; }
.postcheck-message { margin: 2px 0; }
.postcheck-excerpt { margin: 4px 0; padding: 2px 6px; border-left: 2px solid #9ca3af; color: #374151; white-space: pre-wrap; word-break: break-word; }
.postcheck-advice { margin: 2px 0; color: #374151; }
.postcheck-hint-pack { margin: 2px 0; font-size: 11px; color: #6b7280; }
.postcheck-suggestions { margin: 4px 0; padding-left: 18px; }
.postcheck-suggestions li { margin: 2px 0; }
.postcheck-suggestion { margin-right: 6px; font-weight: 600; }
.postcheck-why summary { cursor: pointer; color: #2563eb; }
.postcheck-no-hints { color: #166534; }
.postcheck-error { color: #b91c1c; }
.postcheck-error-detail { color: #6b7280; font-size: 12px; }
a { color: #2563eb; }
`;

/** Inline style of the "Check my draft" button (pages' CSS cannot be relied on). */
export const buttonStyle = {
  font: "600 13px/1.2 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  color: "#1d4ed8",
  background: "#eff6ff",
  border: "1px solid #bfdbfe",
  borderRadius: "9999px",
  padding: "4px 12px",
  margin: "6px 0",
  cursor: "pointer",
};
