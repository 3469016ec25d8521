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
 * `dark`: the colours on a dark site or panel (X's dim and lights-out,
 * LinkedIn's dark mode): each line at least 3:1 on black, on X's dim
 * (#15202b) and on the dark panel and its cards.
 */
export const LEVEL_STYLES = /* @__PURE__ */ Object.freeze({
  important: {
    line: "#dc2626",
    tint: "rgba(220, 38, 38, 0.18)",
    lineStyle: "solid",
    lineWidth: 3,
    card: "#fef2f2",
    sign: "!",
    dark: { line: "#f87171", tint: "rgba(248, 113, 113, 0.28)", card: "#3a1d20" },
  },
  consider: {
    line: "#b45309",
    tint: "rgba(234, 179, 8, 0.28)",
    lineStyle: "dashed",
    lineWidth: 2,
    card: "#fffbeb",
    sign: "?",
    dark: { line: "#fbbf24", tint: "rgba(251, 191, 36, 0.24)", card: "#332a12" },
  },
  note: {
    line: "#2563eb",
    tint: "rgba(96, 165, 250, 0.22)",
    lineStyle: "dotted",
    lineWidth: 2,
    card: "#eff6ff",
    sign: "i",
    dark: { line: "#60a5fa", tint: "rgba(96, 165, 250, 0.26)", card: "#172a45" },
  },
});

/** The themes the panel and the boxes over passages come in (see content/theme.js). */
export const THEMES = /* @__PURE__ */ Object.freeze(["light", "dark"]);

/**
 * The style of a box over a flagged passage at `level` (a level not known is
 * drawn as `consider`), on a light or dark site.
 * @param {string} level
 * @param {string} [theme] "light" (default) or "dark"
 * @returns {{background: string, borderBottom: string}}
 */
export function markStyle(level, theme = "light") {
  const s = Object.hasOwn(LEVEL_STYLES, level) ? LEVEL_STYLES[level] : LEVEL_STYLES.consider;
  const c = theme === "dark" ? s.dark : s;
  return { background: c.tint, borderBottom: `${s.lineWidth}px ${s.lineStyle} ${c.line}` };
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

/**
 * The level marks in the dark colours, each rule under `scope` (a selector
 * for the dark panel, or nothing inside a `prefers-color-scheme` block).
 * @param {string} scope
 */
export function darkLevelCss(scope) {
  return Object.entries(LEVEL_STYLES)
    .map(
      ([level, s]) => `${scope}.postcheck-hint.postcheck-${level} { border-left-color: ${s.dark.line}; background: ${s.dark.card}; }
${scope}.postcheck-level-mark.postcheck-${level} { background: ${s.dark.tint}; border-bottom-color: ${s.dark.line}; }`,
    )
    .join("\n");
}

/**
 * The panel's colours, light and dark: every text colour at least 4.5:1 on
 * the panel's background and on each level's card (WCAG AA); checked by the
 * unit tests and measured in the browser by tests/e2e/specs/look.test.mjs.
 */
export const PANEL_COLORS = /* @__PURE__ */ Object.freeze({
  light: { text: "#1f2937", muted: "#4b5563", background: "#ffffff", border: "#d1d5db", rule: "#e5e7eb", button: "#f3f4f6", buttonHover: "#e5e7eb", link: "#1d4ed8", ok: "#166534", error: "#b91c1c", quoted: "#fde68a" },
  dark: { text: "#e7e9ea", muted: "#b4bcc4", background: "#16181c", border: "#3e4144", rule: "#2f3336", button: "#22262b", buttonHover: "#2f3336", link: "#8ab4f8", ok: "#86efac", error: "#fca5a5", quoted: "#5b4a12" },
});

/** CSS custom properties of one palette of PANEL_COLORS. */
function paletteVars(palette) {
  return Object.entries(palette)
    .map(([name, value]) => `--pc-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${value};`)
    .join(" ");
}

/**
 * The panel page (`panel.html`, shown in an iframe inside the composer): light
 * unless the content script says the site is dark (`<html data-theme="dark">`,
 * see content/theme.js); before it says, the system's preference.
 */
export const panelCss = `
:root { color-scheme: light; ${paletteVars(PANEL_COLORS.light)} }
:root[data-theme="dark"] { color-scheme: dark; ${paletteVars(PANEL_COLORS.dark)} }
@media (prefers-color-scheme: dark) { :root:not([data-theme]) { color-scheme: dark; ${paletteVars(PANEL_COLORS.dark)} } }
html, body { margin: 0; padding: 0; background: transparent; }
.panel { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--pc-text); background: var(--pc-background);
  border: 1px solid var(--pc-border); border-radius: 10px; box-shadow: 0 2px 8px rgba(0,0,0,.10); margin: 2px 4px 6px; }
header { display: flex; align-items: center; gap: 8px; padding: 8px 12px; border-bottom: 1px solid var(--pc-rule);
  position: sticky; top: 0; background: var(--pc-background); border-radius: 10px 10px 0 0; z-index: 1; }
header h1 { font-size: 14px; margin: 0; flex: 1; }
.body { padding: 4px 12px 10px; }
button { font: inherit; cursor: pointer; border: 1px solid var(--pc-border); border-radius: 6px; background: var(--pc-button); padding: 2px 8px; color: inherit; }
button:hover { background: var(--pc-button-hover); }
[data-postcheck="close"] { border: none; background: none; font-size: 18px; line-height: 1; padding: 2px 6px; }
.postcheck-summary { font-weight: 600; margin: 8px 0 4px; }
.postcheck-length { color: var(--pc-muted); margin: 6px 0; }
.over { color: var(--pc-error); font-weight: 600; }
.postcheck-group h2 { font-size: 13px; margin: 10px 0 4px; text-transform: uppercase; letter-spacing: .03em; color: var(--pc-muted); }
.postcheck-hint { padding: 4px 8px; margin: 6px 0; border-radius: 4px; }
${Object.entries(LEVEL_STYLES)
  .map(([level, s]) => `.postcheck-hint.postcheck-${level} { background: ${s.card}; }`)
  .join("\n")}
.postcheck-level-mark { display: inline-block; min-width: 1.3em; margin-right: 6px; text-align: center; font-weight: 700; color: var(--pc-text); text-transform: none; }
${levelCss}
${darkLevelCss(':root[data-theme="dark"] ')}
@media (prefers-color-scheme: dark) {
${darkLevelCss(":root:not([data-theme]) ")}
}
.postcheck-category { font-size: 12px; color: var(--pc-muted); }
.postcheck-message { margin: 2px 0; }
.postcheck-quoted { background: var(--pc-quoted); color: inherit; border-radius: 2px; padding: 0 1px; }
.postcheck-excerpt { margin: 4px 0; padding: 2px 6px; border-left: 2px solid var(--pc-muted); color: var(--pc-text); white-space: pre-wrap; word-break: break-word; }
.postcheck-passages { margin: 4px 0; padding-left: 18px; }
.postcheck-passages .postcheck-excerpt { border: none; padding: 0; }
.postcheck-places { margin: 2px 0; font-size: 12px; color: var(--pc-muted); }
.postcheck-advice { margin: 2px 0; color: var(--pc-text); }
.postcheck-hint-pack { margin: 2px 0; font-size: 12px; color: var(--pc-muted); }
.postcheck-suggestions { margin: 4px 0; padding-left: 18px; }
.postcheck-suggestions li { margin: 2px 0; }
.postcheck-suggestion { margin-right: 6px; font-weight: 600; }
.postcheck-why summary { cursor: pointer; color: var(--pc-link); }
.postcheck-no-hints { color: var(--pc-ok); }
.postcheck-error { color: var(--pc-error); }
.postcheck-error-detail { color: var(--pc-muted); font-size: 12px; }
a { color: var(--pc-link); }
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
