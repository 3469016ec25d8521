/**
 * Draws the guideline pages of the stack (the `guidelines` answer, see
 * shared/protocol.js) as the guidelines page: the company packs first (top
 * first), the built-in baseline last; for each pack its name, version and
 * publisher, then each guideline under its own heading with an anchor
 * (`g-<guideline id>`), its text, link and whom to ask, and what its rules
 * check (level, message, what they look for, when, where, examples); then the
 * pack's contacts. A table of contents links to every guideline.
 *
 * Pack texts are untrusted: set with `textContent` only, never as HTML;
 * bidirectional controls and invisible characters are shown as `[U+202E]`
 * (as `postcheck pack docs` shows them), and only https links are links.
 */
import { t } from "../shared/i18n.js";

/** Levels the engine gives (anything else is shown as `note`). */
const LEVELS = ["important", "consider", "note"];

/**
 * `text` with bidirectional controls, invisible characters and control
 * characters (but line breaks and tabs) written as `[U+XXXX]`: a pack's text
 * cannot reorder or hide what the page shows.
 * @param {unknown} text
 * @returns {string}
 */
export function visible(text) {
  if (typeof text !== "string") return "";
  let out = "";
  for (const c of text) {
    const cp = /** @type {number} */ (c.codePointAt(0));
    out += HIDDEN.some(([from, to]) => cp >= from && cp <= to) ? `[U+${cp.toString(16).toUpperCase().padStart(4, "0")}]` : c;
  }
  return out;
}

/**
 * The code points `visible` writes as `[U+XXXX]`: control characters (but tab
 * and line feed), the soft hyphen, bidirectional marks, embeddings, overrides
 * and isolates, zero-width and other invisible characters, the byte order
 * mark, interlinear annotation characters, the language tag. (Zero-width
 * joiner and non-joiner, variation selectors and emoji tags stay: emoji and
 * scripts need them.)
 */
const HIDDEN = [
  [0x00, 0x08], [0x0b, 0x1f], [0x7f, 0x9f], [0xad, 0xad], [0x61c, 0x61c], [0x115f, 0x1160], [0x180e, 0x180e],
  [0x200b, 0x200b], [0x200e, 0x200f], [0x2028, 0x202e], [0x2060, 0x206f], [0x3164, 0x3164],
  [0xfeff, 0xfeff], [0xffa0, 0xffa0], [0xfff9, 0xfffb], [0xe0001, 0xe0001],
];

/**
 * An https link target, or null (anything else is shown as text).
 * @param {unknown} url
 * @returns {string | null}
 */
export function httpsLink(url) {
  if (typeof url !== "string") return null;
  try {
    const u = new URL(url);
    return u.protocol === "https:" && u.username === "" && u.password === "" ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * Creates an element with attributes and text (as text).
 * @param {Document} doc
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {string} [text]
 */
function el(doc, tag, attrs = {}, text) {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A string field of untrusted data, or "". */
const str = (v) => (typeof v === "string" ? v : "");
/** An array field of untrusted data, or []. */
const list = (v) => (Array.isArray(v) ? v : []);

/**
 * The layers as shown: the company packs first, the topmost first, then the
 * built-in baseline (the answer lists them bottom first).
 * @param {any[]} layers
 */
export function shownOrder(layers) {
  return list(layers)
    .filter((l) => typeof l === "object" && l !== null && typeof l.page === "object" && l.page !== null)
    .reverse();
}

/**
 * The element id of each guideline: `g-<id>` (whitespace as `_`), the first
 * one shown keeping it when two packs have a guideline of the same id (the
 * next: `g-<pack>-<id>`, then a number).
 */
class Anchors {
  constructor() {
    /** @type {Set<string>} */
    this.taken = new Set();
  }

  /** @param {string} wanted */
  claim(wanted) {
    const base = wanted.replace(/\s/gu, "_");
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}-${n}`;
    this.taken.add(id);
    return id;
  }

  /** @param {string} pack @param {string | null} guideline @param {number} n the section's place */
  of(pack, guideline, n) {
    if (guideline === null) return this.claim(`other-${pack}-${n}`);
    return this.taken.has(`g-${guideline}`.replace(/\s/gu, "_")) ? this.claim(`g-${pack}-${guideline}`) : this.claim(`g-${guideline}`);
  }
}

/**
 * Replaces the content of `main` with the guidelines of `layers` (the
 * `guidelines` answer's, bottom first) and of `contents` with links to them.
 * @param {{main: HTMLElement, contents: HTMLElement}} where
 * @param {any[]} layers
 */
export function renderGuidelines({ main, contents }, layers) {
  const doc = main.ownerDocument;
  main.replaceChildren();
  contents.replaceChildren();
  const anchors = new Anchors();
  for (const [n, layer] of shownOrder(layers).entries()) {
    const { article, links } = renderLayer(doc, layer, n, anchors);
    main.append(article);
    contents.append(links);
  }
}

/**
 * One pack: its article, and its entry of the table of contents.
 * @param {Document} doc
 * @param {any} layer
 * @param {number} n its place on the page
 * @param {Anchors} anchors
 */
function renderLayer(doc, layer, n, anchors) {
  const page = layer.page;
  const pack = str(layer.pack);
  const headingId = `pack-${n}`;
  const article = el(doc, "article", { class: "guidelines-pack", "data-postcheck": "guidelines-pack", "data-pack": pack, "aria-labelledby": headingId });
  if (typeof page.lang === "string" && /^[a-z]{2}$/.test(page.lang)) article.setAttribute("lang", page.lang);
  const title = visible(str(page.title)) || pack;
  article.append(el(doc, "h2", { id: headingId }, title));
  article.append(el(doc, "p", { class: "muted", "data-postcheck": "pack-meta" }, t("guidelinesPackMeta", [visible(str(page.version)), visible(str(page.date)), visible(str(page.publisher))])));
  if (layer.built_in === true) article.append(el(doc, "p", { class: "muted", "data-postcheck": "built-in" }, t("guidelinesBuiltIn")));
  if (typeof layer.switched_off_by === "string") {
    article.append(el(doc, "p", { class: "warning", "data-postcheck": "switched-off" }, t("guidelinesSwitchedOff", [visible(layer.switched_off_by)])));
  }
  if (typeof page.description === "string" && page.description !== "") {
    article.append(el(doc, "p", { class: "guidelines-text" }, visible(page.description)));
  }
  const entry = el(doc, "li");
  entry.append(el(doc, "a", { href: `#${headingId}` }, title));
  const sublist = el(doc, "ul");
  for (const [i, section] of list(page.sections).entries()) {
    if (typeof section !== "object" || section === null) continue;
    const guideline = typeof section.id === "string" ? section.id : null;
    const anchor = anchors.of(pack, guideline, i);
    article.append(renderSection(doc, section, pack, guideline, anchor));
    const li = el(doc, "li");
    li.append(el(doc, "a", { href: `#${anchor}` }, visible(str(section.title))));
    sublist.append(li);
  }
  if (sublist.childElementCount > 0) entry.append(sublist);
  const contacts = list(page.contacts).filter((c) => typeof c === "object" && c !== null);
  if (contacts.length > 0) article.append(renderContacts(doc, contacts, n));
  return { article, links: entry };
}

/**
 * One guideline (or the checks without one): heading, text, link, whom to ask, what is checked.
 * @param {Document} doc
 * @param {any} section
 * @param {string} pack
 * @param {string | null} guideline
 * @param {string} anchor its element id
 */
function renderSection(doc, section, pack, guideline, anchor) {
  const node = el(doc, "section", {
    id: anchor,
    class: "guidelines-guideline",
    "data-postcheck": "guideline",
    "data-pack": pack,
    // Not a landmark of its own (no accessible name): two packs may have guidelines of one title.
    tabindex: "-1",
  });
  if (guideline !== null) node.setAttribute("data-guideline", guideline);
  node.append(el(doc, "h3", { id: `${anchor}-title`, "data-postcheck": "guideline-title" }, visible(str(section.title))));
  for (const para of str(section.text).split(/\n\s*\n/u)) {
    if (para.trim() !== "") node.append(el(doc, "p", { class: "guidelines-text", "data-postcheck": "guideline-text" }, visible(para)));
  }
  if (typeof section.link === "string" && section.link !== "") {
    const href = httpsLink(section.link);
    const p = el(doc, "p");
    if (href) p.append(el(doc, "a", { href, target: "_blank", rel: "noopener noreferrer" }, t("guidelinesReadMore")));
    else p.textContent = t("guidelinesLinkText", [visible(section.link)]);
    node.append(p);
  }
  const names = list(section.contacts).filter((c) => typeof c === "string").map(visible);
  if (names.length > 0) node.append(el(doc, "p", { "data-postcheck": "guideline-contacts" }, t("guidelinesQuestions", [names.join(", ")])));
  const checks = list(section.checks).filter((c) => typeof c === "object" && c !== null);
  if (checks.length > 0) {
    node.append(el(doc, "h4", {}, t("guidelinesChecked")));
    const ul = el(doc, "ul", { class: "guidelines-checks" });
    for (const check of checks) ul.append(renderCheck(doc, check));
    node.append(ul);
  }
  return node;
}

/**
 * One rule in plain words: its level, what it says, what it looks for, when and where, examples.
 * @param {Document} doc
 * @param {any} check
 */
function renderCheck(doc, check) {
  const level = LEVELS.includes(check.level) ? check.level : "note";
  const li = el(doc, "li", { "data-postcheck": "guideline-check", "data-level": level });
  li.append(el(doc, "span", { class: `postcheck-level-mark postcheck-${level}`, "aria-hidden": "true" }));
  li.append(el(doc, "strong", {}, `${t(`level_${level}`)}: `));
  li.append(el(doc, "span", { class: "guidelines-check-what" }, visible(str(check.what))));
  const platforms = list(check.platforms).filter((p) => typeof p === "string").map(visible);
  const details = [visible(str(check.looks_for)), visible(str(check.when)), platforms.length > 0 ? t("guidelinesOnlyOn", [platforms.join(", ")]) : ""].filter((d) => d !== "");
  if (details.length > 0) li.append(el(doc, "span", { class: "muted" }, ` (${details.join("; ")})`));
  for (const example of list(check.examples)) {
    if (typeof example !== "string") continue;
    li.append(el(doc, "blockquote", { class: "postcheck-excerpt", "data-postcheck": "guideline-example" }, t("guidelinesExample", [visible(example)])));
  }
  return li;
}

/**
 * The pack's contacts.
 * @param {Document} doc
 * @param {any[]} contacts
 * @param {number} n the pack's place on the page
 */
function renderContacts(doc, contacts, n) {
  const node = el(doc, "section", { "aria-labelledby": `contacts-${n}`, "data-postcheck": "guidelines-contacts" });
  node.append(el(doc, "h3", { id: `contacts-${n}` }, t("guidelinesContacts")));
  const ul = el(doc, "ul");
  for (const c of contacts) {
    const li = el(doc, "li");
    li.append(el(doc, "strong", {}, visible(str(c.name))));
    const ways = [c.email, c.phone].filter((w) => typeof w === "string" && w !== "").map(visible);
    if (ways.length > 0) li.append(doc.createTextNode(`: ${ways.join(" · ")}`));
    if (typeof c.url === "string" && c.url !== "") {
      const href = httpsLink(c.url);
      li.append(doc.createTextNode(ways.length > 0 ? " · " : ": "));
      li.append(href ? el(doc, "a", { href, target: "_blank", rel: "noopener noreferrer" }, href) : doc.createTextNode(visible(c.url)));
    }
    if (typeof c.topics === "string" && c.topics !== "") li.append(el(doc, "p", { class: "muted" }, visible(c.topics)));
    ul.append(li);
  }
  node.append(ul);
  return node;
}

/**
 * The guideline a link asks for (`?pack=<id>#g-<id>`), among those drawn:
 * that pack's section of that guideline, else the first of that guideline
 * (the topmost pack's), else the element of the fragment's id; null when none.
 * @param {Document} doc
 * @param {{search: string, hash: string}} location
 * @returns {HTMLElement | null}
 */
export function targetOf(doc, { search, hash }) {
  if (!hash.startsWith("#")) return null;
  let fragment;
  try {
    fragment = decodeURIComponent(hash.slice(1));
  } catch {
    return null;
  }
  const pack = new URLSearchParams(search).get("pack");
  const sections = [...doc.querySelectorAll('[data-postcheck="guideline"]')];
  if (fragment.startsWith("g-")) {
    const guideline = fragment.slice(2);
    const same = sections.filter((s) => s.getAttribute("data-guideline") === guideline);
    const found = same.find((s) => s.getAttribute("data-pack") === pack) ?? same[0];
    if (found) return /** @type {HTMLElement} */ (found);
  }
  return /** @type {HTMLElement | null} */ (doc.getElementById(fragment));
}
