// The guidelines page's renderer (src/guidelines/render.js) and the link to
// it from a hint's "why?" (src/guidelines/link.js): every guideline of every
// layer under its heading and anchor, company packs first; pack text only as
// text; a hint's link opens its own pack's guideline.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { engine, skip } from "./built-engine.mjs";
import { fileURLToPath } from "node:url";
import { parseHTML } from "linkedom";

// The extension API as an extension page has it (before the modules read it).
globalThis.chrome = { runtime: { getURL: (path) => `chrome-extension://abc/${path}`, id: "abc" } };
const { renderGuidelines, targetOf, visible, shownOrder } = await import("../src/guidelines/render.js");
const { guidelinesUrl, readGuidelineLink } = await import("../src/guidelines/link.js");
const { renderResult } = await import("../src/shared/hint-list.js");

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

function page() {
  const { document } = parseHTML('<!doctype html><html><body><ul id="contents"></ul><main id="main"></main></body></html>');
  return { document, main: document.getElementById("main"), contents: document.getElementById("contents") };
}

/** A layer as the engine gives it. */
const layer = (pack, sections, over = {}) => ({
  pack,
  built_in: false,
  switched_off_by: null,
  page: { lang: "en", title: `${pack} pack`, description: null, publisher: "ACME", version: "1.0", date: "2026-12-07", sections, contacts: [] },
  ...over,
});
const section = (id, title, over = {}) => ({ id, title, text: `${title} text`, link: null, contacts: [], checks: [], ...over });

test("every guideline of every layer, company packs first, each with its anchor and in the contents", () => {
  const { document, main, contents } = page();
  const layers = [
    layer("postcheck-starter", [section("personal-data", "Personal data (baseline)")], { built_in: true }),
    layer("acme-group", [section("confidential", "Confidential"), section("personal-data", "Personal data (group)")]),
    layer("acme-team", [section(null, "Other checks", { text: null })]),
  ];
  renderGuidelines({ main, contents }, layers);
  const packs = [...main.querySelectorAll('[data-postcheck="guidelines-pack"]')].map((a) => a.getAttribute("data-pack"));
  assert.deepEqual(packs, ["acme-team", "acme-group", "postcheck-starter"], "top first, the baseline last");
  const sections = [...main.querySelectorAll('[data-postcheck="guideline"]')].map((s) => [s.id, s.getAttribute("data-pack"), s.querySelector("h3").textContent]);
  assert.deepEqual(sections, [
    ["other-acme-team-0", "acme-team", "Other checks"],
    ["g-confidential", "acme-group", "Confidential"],
    ["g-personal-data", "acme-group", "Personal data (group)"],
    ["g-postcheck-starter-personal-data", "postcheck-starter", "Personal data (baseline)"],
  ]);
  // Headings: h2 per pack, h3 per guideline, first in its section.
  assert.equal(main.querySelectorAll("h2").length, 3);
  for (const s of main.querySelectorAll("section[data-postcheck=guideline]")) assert.equal(s.firstElementChild?.tagName, "H3");
  const links = [...contents.querySelectorAll("a")].map((a) => a.getAttribute("href"));
  assert.deepEqual(links, ["#pack-0", "#other-acme-team-0", "#pack-1", "#g-confidential", "#g-personal-data", "#pack-2", "#g-postcheck-starter-personal-data"]);
  assert.ok(main.querySelector('[data-pack="postcheck-starter"] [data-postcheck="built-in"]'), "the baseline says it is built in");
  assert.equal(new Set([...document.querySelectorAll("[id]")].map((e) => e.id)).size, document.querySelectorAll("[id]").length, "ids are unique");

  // A hint's link opens its own pack's guideline; without a pack, the topmost one.
  const target = (search, hash) => targetOf(document, { search, hash });
  assert.equal(target("?pack=postcheck-starter", "#g-personal-data")?.id, "g-postcheck-starter-personal-data");
  assert.equal(target("?pack=acme-group", "#g-personal-data")?.id, "g-personal-data");
  assert.equal(target("", "#g-personal-data")?.id, "g-personal-data");
  assert.equal(target("?pack=nobody", "#g-confidential")?.id, "g-confidential");
  assert.equal(target("", "#g-nothing"), null);
  assert.equal(target("", "#%E0%A4%A"), null, "a malformed fragment is no target");
  assert.equal(target("", ""), null);
});

test("what is checked: level, message, what it looks for, when, where, examples", () => {
  const { main, contents } = page();
  const check = { level: "important", what: "An IBAN: bank details do not belong in a post.", looks_for: "data postcheck finds", when: "until 2026-12-31", platforms: ["X"], examples: ["pay to CH93 0076 2011 6238 5295 7"] };
  renderGuidelines({ main, contents }, [layer("acme", [section("personal-data", "Personal data", { contacts: ["Comms"], link: "https://intranet.acme.example/pd", checks: [check] })])]);
  const li = main.querySelector('[data-postcheck="guideline-check"]');
  assert.equal(li.getAttribute("data-level"), "important");
  assert.equal(li.textContent, "level_important: An IBAN: bank details do not belong in a post. (data postcheck finds; until 2026-12-31; guidelinesOnlyOn X)guidelinesExample pay to CH93 0076 2011 6238 5295 7");
  assert.equal(main.querySelector('[data-postcheck="guideline-contacts"]').textContent, "guidelinesQuestions Comms");
  const a = main.querySelector('[data-postcheck="guideline"] a');
  assert.equal(a.getAttribute("href"), "https://intranet.acme.example/pd");
  assert.equal(a.getAttribute("rel"), "noopener noreferrer");
});

test("pack texts stay text: markup, bidi controls, links that are not https, junk", () => {
  const { main, contents } = page();
  const hostile = "<img src=x onerror=alert(1)>\u202Eevil";
  const layers = [
    null,
    "junk",
    { pack: "x", page: null },
    layer("acme", [
      section("g", hostile, {
        text: `${hostile}\n\nsecond paragraph`,
        link: "javascript:alert(1)",
        contacts: [hostile, 5],
        checks: [{ level: "<b>", what: hostile, looks_for: 7, when: null, platforms: null, examples: [hostile, {}] }, "junk"],
      }),
      section("h", "plain http", { link: "http://intranet.acme.example/" }),
      "junk",
    ], { page: { lang: "<x>", title: hostile, description: hostile, publisher: hostile, version: 1, date: null, sections: undefined, contacts: [{ name: hostile, email: hostile, url: "javascript:1" }] } }),
  ];
  // (sections undefined in the page above: none drawn, no error)
  renderGuidelines({ main, contents }, layers);
  assert.equal(main.querySelectorAll("img, b, script").length, 0, "no markup from pack text");
  assert.equal(main.querySelectorAll("a").length, 0, "no link but https");
  assert.ok(!main.textContent.includes("\u202E"), "the override is not in the text");
  assert.ok(main.textContent.includes("[U+202E]evil"));
  assert.equal(main.querySelector("article").hasAttribute("lang"), false, "a lang that is no language is left out");

  const { main: main2, contents: contents2 } = page();
  renderGuidelines({ main: main2, contents: contents2 }, [
    layer("acme", [
      section("g", hostile, { text: `${hostile}\n\nsecond paragraph`, link: "javascript:alert(1)", contacts: [hostile, 5], checks: [{ level: "<b>", what: hostile, examples: [hostile, {}] }, "junk"] }),
      section("h", "plain http", { link: "http://intranet.acme.example/" }),
    ]),
  ]);
  assert.equal(main2.querySelectorAll("img, b, script").length, 0);
  assert.equal(main2.querySelectorAll("a").length, 0, "javascript: and http: links are shown as text");
  assert.deepEqual([...main2.querySelectorAll('[data-postcheck="guideline-text"]')].map((p) => p.textContent), ["<img src=x onerror=alert(1)>[U+202E]evil", "second paragraph", "plain http text"]);
  assert.equal(main2.querySelector('[data-postcheck="guideline-check"]').getAttribute("data-level"), "note", "an unknown level is shown as a note");
  assert.equal(main2.querySelectorAll('[data-postcheck="guideline-example"]').length, 1, "only text examples");
  assert.deepEqual(shownOrder("junk"), []);
});

test("visible: invisible and bidi characters as their code, emoji and scripts as they are", () => {
  assert.equal(visible("a\u202Eb\u2066c\u200Bd\u00ADe\u0000f\uFEFF"), "a[U+202E]b[U+2066]c[U+200B]d[U+00AD]e[U+0000]f[U+FEFF]");
  assert.equal(visible("line\nnext\ttab"), "line\nnext\ttab");
  assert.equal(visible("👩🏽‍💻 ❤️ 🇨🇭 شكرا עברית"), "👩🏽‍💻 ❤️ 🇨🇭 شكرا עברית");
  assert.equal(visible(5), "");
});

test("a hint's 'why?' links to its guideline on the guidelines page, on the user's click only", () => {
  assert.equal(guidelinesUrl("acme group", "personal data"), "chrome-extension://abc/guidelines.html?pack=acme%20group#g-personal%20data");
  assert.equal(guidelinesUrl(undefined, "pd"), "chrome-extension://abc/guidelines.html#g-pd");
  assert.equal(guidelinesUrl(), "chrome-extension://abc/guidelines.html");
  const { document } = parseHTML("<!doctype html><html><body><div id=c></div></body></html>");
  const c = document.getElementById("c");
  const hint = { rule: "email", category: "personal-data", level: "consider", excerpt: "a@b.example", message: "An e-mail address", suggestions: [], pack: "acme-e2e", guideline: { id: "personal-data", title: "Personal data", text: "Be careful", link: null }, contact: null };
  renderResult(c, { length: null, hints: [hint, { ...hint, rule: "other", guideline: null, contact: { name: "Comms" } }] });
  const links = c.querySelectorAll('[data-postcheck="read-guideline"]');
  assert.equal(links.length, 1, "only the hint with a guideline has the link");
  const a = links[0];
  assert.equal(a.getAttribute("href"), "chrome-extension://abc/guidelines.html?pack=acme-e2e#g-personal-data");
  assert.equal(a.getAttribute("target"), "_blank");
  assert.equal(a.getAttribute("rel"), "noopener noreferrer");
  assert.equal(a.textContent, "readGuidelineHere");
  assert.ok(a.closest('[data-postcheck="why"]'), "inside the why? fold");
  // A click a script makes is not the user's: it opens nothing.
  const click = new document.defaultView.Event("click", { cancelable: true });
  a.dispatchEvent(click);
  assert.equal(click.defaultPrevented, true);
  assert.equal(readGuidelineLink(document, { guideline: { id: "" } }, "x"), null);
  assert.equal(readGuidelineLink(document, { guideline: null }, "x"), null);
});

test("the real engine's guidelines for the e2e stack: every guideline of the pack shown, the hint's link finds it", { skip }, async () => {
  const glue = await engine();
  const json = readFileSync(join(root, "tests", "e2e", "packs", "e2e-iban.json"), "utf8");
  const pack = JSON.parse(json);
  const { layers } = glue.Engine.stack([json], { baseline: true, validated: false }).guidelines("en", []);
  const { document, main, contents } = page();
  renderGuidelines({ main, contents }, layers);
  const shown = [...main.querySelectorAll('[data-pack="acme-e2e"] [data-postcheck="guideline-title"]')].map((h) => h.textContent);
  assert.deepEqual(shown, pack.guidelines.map((g) => g.title));
  assert.ok(main.querySelectorAll('[data-pack="postcheck-starter"] [data-postcheck="guideline"]').length >= 6, "the baseline's guidelines too");
  assert.equal(targetOf(document, { search: "?pack=acme-e2e", hash: "#g-personal-data" })?.getAttribute("data-pack"), "acme-e2e");
  assert.equal(targetOf(document, { search: "?pack=postcheck-starter", hash: "#g-personal-data" })?.getAttribute("data-pack"), "postcheck-starter");
});
