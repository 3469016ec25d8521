/**
 * Whether the site around a composer is light or dark, so that the panel and
 * the boxes over flagged passages match it (X: light, dim, lights-out;
 * LinkedIn: light, dark; see docs/composers.md).
 *
 * Read from what the user sees behind the composer: the computed background
 * colour of the nearest box around it that paints one (looking out across
 * shadow roots: LinkedIn's classic share box sits in one), up to the page's
 * `<body>` and `<html>`. Where none paints a background (all transparent):
 * the system's preference (`prefers-color-scheme`).
 *
 * Only the page's own styles are read: nothing of the hints is involved, and
 * the page learns nothing from it.
 */

/** A background at least this opaque decides (a translucent overlay does not). */
const OPAQUE = 0.5;
/** Relative luminance below which a background counts as dark (#15202b is 0.015, #767676 is 0.18). */
const DARK_BELOW = 0.18;

/**
 * The red, green, blue and alpha of a computed colour (`rgb(…)`/`rgba(…)`, or
 * the `color(srgb …)` form), or null.
 * @param {string} color
 * @returns {[number, number, number, number] | null}
 */
export function parseColor(color) {
  const rgb = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(color);
  if (rgb) {
    const alpha = rgb[4] === undefined ? 1 : rgb[4].endsWith("%") ? parseFloat(rgb[4]) / 100 : parseFloat(rgb[4]);
    return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), alpha];
  }
  const srgb = /^color\(srgb\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(?:\s*\/\s*([\d.]+))?\s*\)$/.exec(color);
  if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
  return null;
}

/** WCAG relative luminance of 0–255 red, green, blue. */
export function luminance([r, g, b]) {
  const lin = (c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** The composed parent: across shadow roots to their hosts. @param {Element} el */
function composedParent(el) {
  if (el.parentElement) return el.parentElement;
  const root = el.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/**
 * "dark" or "light": the theme of the site around `el`.
 * @param {Element} el an element in or next to the composer (the panel's host)
 * @returns {"light" | "dark"}
 */
export function siteTheme(el) {
  const view = el.ownerDocument.defaultView;
  for (let n = /** @type {Element | null} */ (el); n; n = composedParent(n)) {
    const color = parseColor(view.getComputedStyle(n).backgroundColor);
    if (color && color[3] >= OPAQUE) return luminance(color) < DARK_BELOW ? "dark" : "light";
  }
  // Nothing paints a background: the system's preference.
  return view.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}
