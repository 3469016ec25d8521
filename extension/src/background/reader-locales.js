/**
 * The languages the reader reads, most preferred first, for the texts of the
 * packs: the browser's UI language, then its other preferred languages
 * (`navigator.languages`). A text a pack lacks in the first is given in the
 * next, then in English, then in the pack's default locale (the order is the
 * engine's, postcheck_core::format::locales; `pickText` follows it for the
 * summaries read from a pack's JSON).
 */
import { uiLanguage } from "../shared/i18n.js";

/** The most locales passed on; the engine keeps no more either. */
export const MAX_READER_LOCALES = 8;

/**
 * The reader's locales: `locale` (the UI language) and `fallback_locales`
 * (the browser's other preferred languages), as the engine's check options
 * and `info` take them.
 * @returns {{locale: string, fallback_locales: string[]}}
 */
export function readerLocales() {
  return readerLocalesFrom(uiLanguage(), globalThis.navigator?.languages);
}

/**
 * {@link readerLocales} from the UI language and a list of preferred
 * languages (any value: only strings are kept, each once, at most
 * MAX_READER_LOCALES in all).
 * @param {string} ui
 * @param {unknown} languages
 * @returns {{locale: string, fallback_locales: string[]}}
 */
export function readerLocalesFrom(ui, languages) {
  const locale = typeof ui === "string" && ui !== "" ? ui : "en";
  const seen = new Set([locale.toLowerCase()]);
  const fallback_locales = [];
  for (const l of Array.isArray(languages) ? languages : []) {
    if (fallback_locales.length >= MAX_READER_LOCALES - 1) break;
    if (typeof l !== "string" || l === "" || seen.has(l.toLowerCase())) continue;
    seen.add(l.toLowerCase());
    fallback_locales.push(l);
  }
  return { locale, fallback_locales };
}

/**
 * The text of a pack's localised value `v` (a string, or an object from
 * locale to text) for the reader's `locales` (most preferred first), in the
 * engine's order: each locale itself, its language, a regional form of its
 * language; then English; then the pack's `defaultLocale`; then any text.
 * "" when there is none.
 * @param {unknown} v
 * @param {string[]} locales
 * @param {unknown} defaultLocale
 * @returns {string}
 */
export function pickText(v, locales, defaultLocale) {
  if (typeof v === "string") return v;
  if (v === null || typeof v !== "object" || Array.isArray(v)) return "";
  // In the engine's order of locales (sorted), where several would do.
  const entries = Object.entries(v)
    .filter(([, t]) => typeof t === "string")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const norm = (l) => l.replaceAll("_", "-").toLowerCase();
  const language = (l) => norm(l).split("-")[0];
  const exact = (want) => entries.find(([k]) => norm(k) === norm(want))?.[1];
  const sameLanguage = (want) => entries.find(([k]) => language(k) === language(want))?.[1];
  const readable = (l) => exact(l) ?? exact(language(l)) ?? sameLanguage(l);
  for (const l of [...locales, "en"]) {
    if (typeof l !== "string" || l === "") continue;
    const found = readable(l);
    if (found !== undefined) return found;
  }
  const byDefault = typeof defaultLocale === "string" ? exact(defaultLocale) : undefined;
  if (byDefault !== undefined) return byDefault;
  return entries[0]?.[1] ?? "";
}
