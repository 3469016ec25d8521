// The panel's colours: every text colour meets WCAG AA (4.5:1) on the panel and
// on each level's card, light and dark; each level's line is at least 3:1 on the
// backgrounds it is drawn on (the panel, its cards, and the sites' own pages).
import assert from "node:assert/strict";
import { test } from "node:test";
import { LEVEL_STYLES, markStyle, PANEL_COLORS, panelCss, darkLevelCss } from "../src/content/styles.js";

/** Relative luminance of #rrggbb (WCAG 2). */
function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** X's light, dim and lights-out, LinkedIn's light and dark page backgrounds. */
const SITES = { light: ["#ffffff", "#f4f2ee"], dark: ["#000000", "#15202b", "#1b1f23"] };

for (const theme of ["light", "dark"]) {
  test(`${theme} panel: text colours at least 4.5:1 on the panel and on every card`, () => {
    const c = PANEL_COLORS[theme];
    const cards = Object.values(LEVEL_STYLES).map((s) => (theme === "dark" ? s.dark.card : s.card));
    for (const bg of [c.background, c.button, ...cards]) {
      for (const name of ["text", "muted", "link", "ok", "error"]) {
        assert.ok(contrast(c[name], bg) >= 4.5, `${name} ${c[name]} on ${bg}: ${contrast(c[name], bg).toFixed(2)}:1`);
      }
    }
    assert.ok(contrast(c.text, c.quoted) >= 4.5, `text on the marked passage: ${contrast(c.text, c.quoted).toFixed(2)}:1`);
  });

  test(`${theme}: each level's line at least 3:1 on the panel, its card and the sites' pages`, () => {
    const c = PANEL_COLORS[theme];
    for (const [level, s] of Object.entries(LEVEL_STYLES)) {
      const look = theme === "dark" ? s.dark : s;
      for (const bg of [c.background, look.card, ...SITES[theme]]) {
        assert.ok(contrast(look.line, bg) >= 3, `${level} line ${look.line} on ${bg}: ${contrast(look.line, bg).toFixed(2)}:1`);
      }
      assert.match(markStyle(level, theme).borderBottom, new RegExp(`${look.line}$`));
    }
  });
}

test("the dark panel has the dark palette and the dark level marks", () => {
  assert.ok(panelCss.includes(`:root[data-theme="dark"] { color-scheme: dark; --pc-text: ${PANEL_COLORS.dark.text};`));
  for (const line of darkLevelCss(':root[data-theme="dark"] ').split("\n")) assert.ok(panelCss.includes(line), line);
  assert.notDeepEqual(markStyle("important", "dark"), markStyle("important"));
});

test("the popup and options pages: text colours at least 4.5:1 in light and dark mode, and the dark level marks of the panel", async () => {
  const { readFileSync } = await import("node:fs");
  const css = readFileSync(new URL("../src/shared/pages.css", import.meta.url), "utf8");
  const palettes = [...css.matchAll(/:root \{[^}]*?(--pc-text[^}]*)\}/g)].map((m) => Object.fromEntries([...m[1].matchAll(/--pc-([a-z-]+): (#[0-9a-f]{6});/g)].map((v) => [v[1], v[2]])));
  assert.equal(palettes.length, 2, "a light and a dark palette");
  for (const p of palettes) {
    for (const name of ["text", "muted", "link", "ok", "error", "warning"]) {
      assert.ok(contrast(p[name], p.background) >= 4.5, `${name} ${p[name]} on ${p.background}: ${contrast(p[name], p.background).toFixed(2)}:1`);
    }
  }
  for (const line of darkLevelCss("").split("\n")) assert.ok(css.includes(line), `pages.css (dark): ${line}`);
});

test("the site's theme is read from computed colours: X's light, dim and lights-out, LinkedIn's dark", async () => {
  const { luminance: lum, parseColor } = await import("../src/content/theme.js");
  assert.deepEqual(parseColor("rgb(21, 32, 43)"), [21, 32, 43, 1]);
  assert.deepEqual(parseColor("rgba(0, 0, 0, 0)"), [0, 0, 0, 0]);
  assert.deepEqual(parseColor("rgb(0 0 0 / 50%)"), [0, 0, 0, 0.5]);
  assert.equal(parseColor("transparent"), null);
  const dark = (c) => lum(parseColor(c)) < 0.18;
  assert.equal(dark("rgb(255, 255, 255)"), false, "X light");
  assert.equal(dark("rgb(244, 242, 238)"), false, "LinkedIn light");
  assert.equal(dark("rgb(21, 32, 43)"), true, "X dim");
  assert.equal(dark("rgb(0, 0, 0)"), true, "X lights-out, LinkedIn dark page");
  assert.equal(dark("rgb(27, 31, 35)"), true, "LinkedIn dark cards");
});
