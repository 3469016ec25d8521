/**
 * UI strings from `_locales` (the browser's UI language), with an English fallback
 * when the extension API is absent (unit tests).
 */
import { api } from "./browser-api.js";

/**
 * The localised message `name`, with `$1`-style substitutions.
 * @param {string} name
 * @param {string[]} [substitutions]
 * @returns {string}
 */
export function t(name, substitutions) {
  const text = api?.i18n?.getMessage?.(name, substitutions);
  // Without the API (unit tests): the name, then the substitutions.
  return text || [name, ...(substitutions ?? [])].join(" ");
}

/** The browser's UI language, e.g. `de` or `fr-CH`, for the hint texts of the pack. */
export function uiLanguage() {
  return api?.i18n?.getUILanguage?.() || "en";
}

/**
 * Fills every element with `data-i18n="name"` with its message (as text), and
 * `data-i18n-placeholder` / `data-i18n-title` attributes likewise. For a whole
 * document, also sets `<html lang>` to the language of the strings shown, so
 * that screen readers read German as German.
 * @param {ParentNode} root
 */
export function localizePage(root) {
  const html = /** @type {any} */ (root).documentElement;
  const lang = api?.i18n?.getMessage?.("uiLang");
  if (html && lang) html.setAttribute("lang", lang);
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.getAttribute("data-i18n"));
  }
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) {
    el.setAttribute("placeholder", t(el.getAttribute("data-i18n-placeholder")));
  }
  for (const el of root.querySelectorAll("[data-i18n-title]")) {
    el.setAttribute("title", t(el.getAttribute("data-i18n-title")));
  }
}
