// The hint list renders the DOM contract's hooks, and pack or draft text only as text.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseHTML } from "linkedom";
import { renderError, renderResult, safeLink, showFixOutcome } from "../src/shared/hint-list.js";

function container() {
  const { document } = parseHTML("<!doctype html><html><body><div id=c></div></body></html>");
  return document.getElementById("c");
}

const hint = (over) => ({
  rule: "email",
  category: "personal-data",
  level: "consider",
  start: 3,
  end: 10,
  excerpt: "a@b.example",
  message: "<img src=x onerror=alert(1)> An e-mail address",
  advice: null,
  suggestions: ["team@b.example"],
  guideline: { id: "pd", title: "Personal data", text: "Be careful", link: "javascript:alert(1)" },
  contact: null,
  ...over,
});

test("hints carry the contract's hooks and their text stays text", () => {
  const c = container();
  renderResult(c, { length: { used: 12, limit: 280 }, hints: [hint(), hint({ rule: "m", level: "important", category: "confidential", excerpt: "" })] });
  const hints = c.querySelectorAll('[data-postcheck="hint"]');
  assert.equal(hints.length, 2);
  assert.equal(hints[0].getAttribute("data-level"), "important", "important first");
  const email = c.querySelector('[data-rule="email"]');
  assert.equal(email.getAttribute("data-category"), "personal-data");
  assert.equal(email.querySelector('[data-postcheck="excerpt"]').textContent, "a@b.example");
  assert.equal(email.querySelector('[data-postcheck="message"]').textContent, "<img src=x onerror=alert(1)> An e-mail address");
  assert.equal(c.querySelector("img"), null, "no markup from hint text");
  assert.equal(email.querySelectorAll('[data-postcheck="copy"]').length, 1);
  assert.equal(c.querySelector('[data-postcheck="length"]').textContent, "12 / 280");
  assert.equal(c.querySelector("a"), null, "a javascript: link is not a link");
  assert.equal(c.querySelector('[data-rule="m"] [data-postcheck="excerpt"]'), null, "no excerpt for whole-post hints");
});

test("no hints and errors say so", () => {
  const c = container();
  renderResult(c, { length: null, hints: [] });
  assert.ok(c.querySelector('[data-postcheck="no-hints"]'));
  assert.equal(c.querySelector('[data-postcheck="length"]'), null);
  renderResult(c, { length: { used: 0, limit: 280 }, hints: [] });
  assert.equal(c.querySelector('[data-postcheck="no-hints"]'), null, "an empty draft is not called clean");
  assert.ok(c.querySelector('[data-postcheck="nothing-to-check"]'));
  renderResult(c, { length: { used: 3, limit: 280 }, hints: [] });
  assert.ok(c.querySelector('[data-postcheck="no-hints"]'));
  renderError(c, "no engine");
  assert.equal(c.querySelector('[data-postcheck="error"]').textContent, "no engine");
});

test("only http(s) links are links", () => {
  assert.equal(safeLink("https://acme.example/g"), "https://acme.example/g");
  assert.equal(safeLink("javascript:alert(1)"), null);
  assert.equal(safeLink("data:text/html,x"), null);
  assert.equal(safeLink("nonsense"), null);
});

test("a result cut short says how many hints are not shown", () => {
  const c = container();
  renderResult(c, { length: null, hints: [hint()], omitted: 36837 });
  assert.equal(c.querySelectorAll('[data-postcheck="hint"]').length, 1);
  assert.match(c.querySelector('[data-postcheck="omitted"]').textContent, /36837/);
  const whole = container();
  renderResult(whole, { length: null, hints: [hint()], omitted: 0 });
  assert.equal(whole.querySelector('[data-postcheck="omitted"]'), null);
});

test("a stacked check: each hint names the pack it comes from; a single pack names none", () => {
  const c = container();
  const packs = [
    { id: "postcheck-starter", name: "postcheck starter pack", version: "2026.11.1", publisher: "postcheck" },
    { id: "acme", name: "<b>ACME</b>", version: "2026.12.1", publisher: "ACME Comms" },
  ];
  renderResult(c, { length: null, packs, hints: [hint({ pack: "acme" }), hint({ rule: "iban", pack: "postcheck-starter" }), hint({ rule: "x", pack: "unknown" })] });
  // (Without a browser, `t` gives the string's name and its values: "hintFromPack …"; "From: …" in English.)
  const from = [...c.querySelectorAll('[data-postcheck="hint"]')].map((h) => h.querySelector('[data-postcheck="hint-pack"]')?.textContent.replace(/^\S+ /, "") ?? null);
  assert.deepEqual(from, ["<b>ACME</b> 2026.12.1 (ACME Comms)", "postcheck starter pack 2026.11.1 (postcheck)", null]);
  assert.equal(c.querySelector("b"), null, "a pack name stays text");
  const single = container();
  renderResult(single, { length: null, packs: [packs[1]], hints: [hint({ pack: "acme" })] });
  assert.equal(single.querySelector('[data-postcheck="hint-pack"]'), null);
  const today = container();
  renderResult(today, { length: null, pack: { id: "acme", version: "1" }, hints: [hint()] });
  assert.equal(today.querySelector('[data-postcheck="hint-pack"]'), null, "a check without a stack, as today");
});

test("each level's heading carries its mark (sign and line), not only a colour; the popup's styles mark the levels as the panel's", async () => {
  const { readFileSync } = await import("node:fs");
  const { LEVEL_STYLES, levelCss, markStyle, panelCss } = await import("../src/content/styles.js");
  const c = container();
  renderResult(c, {
    length: null,
    hints: [hint({ rule: "a", level: "note" }), hint({ rule: "b", level: "important" }), hint({ rule: "c", level: "consider" })],
  });
  const headings = [...c.querySelectorAll('[data-postcheck="level-heading"]')];
  assert.deepEqual(
    headings.map((h) => [h.getAttribute("data-level"), h.querySelector(".postcheck-level-mark")?.getAttribute("class"), h.querySelector(".postcheck-level-mark")?.getAttribute("aria-hidden")]),
    [
      ["important", "postcheck-level-mark postcheck-important", "true"],
      ["consider", "postcheck-level-mark postcheck-consider", "true"],
      ["note", "postcheck-level-mark postcheck-note", "true"],
    ],
  );
  assert.equal(headings[0].textContent, "level_important (1)");
  // Three levels, three colours, three line styles, three signs.
  const styles = Object.values(LEVEL_STYLES);
  for (const key of ["line", "lineStyle", "sign"]) assert.equal(new Set(styles.map((s) => s[key])).size, 3, key);
  assert.equal(markStyle("important").borderBottom, "3px solid #dc2626");
  assert.deepEqual(markStyle("unknown"), markStyle("consider"));
  const pagesCss = readFileSync(new URL("../src/shared/pages.css", import.meta.url), "utf8");
  for (const line of levelCss.split("\n")) {
    assert.ok(panelCss.includes(line), `panel.css: ${line}`);
    assert.ok(pagesCss.includes(line), `pages.css (popup, options): ${line}`);
  }
});

test("a summary line comes first: how many hints, and how many of each level (identical hints count once)", () => {
  const c = container();
  const same = hint({ rule: "marker", level: "important", category: "confidential", excerpt: "secret", message: '"secret" marks internal material.' });
  renderResult(c, {
    length: { used: 40, limit: 280 },
    hints: [same, hint(), { ...same, start: 20, end: 26 }, hint({ rule: "shout", level: "note", excerpt: "!!!", message: "Too loud" })],
  });
  const summary = c.querySelector('[data-postcheck="summary"]');
  assert.ok(summary, "a summary line");
  // Without the extension API, t() gives the message name and its substitutions.
  assert.equal(summary.textContent, "summaryHints_other 3 summaryImportant_one 1, summaryConsider_one 1, summaryNote_one 1");
  const first = c.querySelector('[data-postcheck="hint"]');
  assert.ok(summary.compareDocumentPosition(first) & 4, "the summary comes before the hints");
  assert.equal(c.firstElementChild, summary, "the summary is the first line, before the length");
});

test("identical hints are one card, each passage shown once; a passage the message quotes is not repeated", () => {
  const c = container();
  const same = hint({ rule: "marker", level: "important", category: "confidential", excerpt: "secret", message: '"secret" marks internal material.' });
  const mail = (excerpt) => hint({ excerpt, start: 0, end: excerpt.length, message: "An e-mail address" });
  renderResult(c, { length: null, hints: [same, { ...same, start: 20, end: 26 }, mail("a@b.example"), mail("c@d.example"), mail("a@b.example")] });
  const cards = [...c.querySelectorAll('[data-postcheck="hint"]')];
  assert.equal(cards.length, 2, "two cards for five hints");
  const marker = c.querySelector('[data-rule="marker"]');
  assert.equal(marker.getAttribute("data-count"), "2");
  assert.equal(marker.querySelectorAll('[data-postcheck="excerpt"]').length, 1, "the passage once");
  assert.equal(marker.querySelector('[data-postcheck="message"] [data-postcheck="excerpt"]').textContent, "secret", "marked inside the message that quotes it");
  assert.equal(marker.querySelector('[data-postcheck="message"]').textContent, '"secret" marks internal material.');
  assert.equal(marker.querySelector("blockquote"), null, "no quote block repeating it");
  assert.equal(marker.querySelector('[data-postcheck="places"]').textContent, "hintPlaces_other 2");
  const email = c.querySelector('[data-rule="email"]');
  assert.deepEqual([...email.querySelectorAll('[data-postcheck="excerpt"]')].map((e) => e.textContent), ["a@b.example", "c@d.example"]);
  assert.equal(email.getAttribute("data-count"), "3");
  // Test hooks: how many hints each passage stands for.
  assert.deepEqual([...email.querySelectorAll('[data-postcheck="excerpt"]')].map((e) => e.getAttribute("data-count")), ["2", null]);
  assert.equal(marker.querySelector('[data-postcheck="excerpt"]').getAttribute("data-count"), "2");
});

test("different messages, levels or packs stay separate cards", () => {
  const c = container();
  renderResult(c, {
    length: null,
    hints: [hint(), hint({ message: "Another" }), hint({ level: "note" }), hint({ pack: "other" })],
  });
  assert.equal(c.querySelectorAll('[data-postcheck="hint"]').length, 4);
  assert.equal(c.querySelector("[data-count]"), null);
});

test("a passage counts as quoted only inside quotation marks, as the packs' messages quote in en, de, fr, it", async () => {
  const { quotedAt } = await import("../src/shared/hint-list.js");
  assert.equal(quotedAt('"CH93" is an IBAN', "CH93"), 1);
  assert.equal(quotedAt("„CH93“ ist eine IBAN", "CH93"), 1);
  assert.equal(quotedAt("« CH93 » est un IBAN", "CH93"), 2);
  assert.equal(quotedAt("«CH93» è un IBAN", "CH93"), 1);
  assert.equal(quotedAt("An e-mail address", "a"), -1, "a word of the message is no quote");
  assert.equal(quotedAt("a and 'a'", "a"), 7, "the quoted place, not the first");
  const c = container();
  renderResult(c, { length: null, hints: [hint({ excerpt: "mail", message: "An e-mail address" })] });
  assert.equal(c.querySelector('[data-postcheck="excerpt"]').localName, "blockquote", "not quoted: shown as a quote block");
});

test("Apply is offered for a hint with a fix, only where it can be made, and only on the user's click", () => {
  const c = container();
  const fixed = hint({ rule: "brand", excerpt: "Github", suggestions: ["GitHub"], fix: { kind: "replace", text: "GitHub" } });
  const bang = hint({ rule: "punct", excerpt: "!!!", suggestions: ["!"], fix: { kind: "replace", text: "!" } });
  const result = { length: null, hints: [fixed, bang, hint({ fix: null }), hint({ rule: "odd", fix: { kind: "rewrite", text: "x" } })] };
  renderResult(c, result, {});
  assert.equal(c.querySelectorAll('[data-postcheck="apply"]').length, 0, "no Apply without an editor (the popup)");
  const clicked = [];
  renderResult(c, result, { onApply: (h, button, card) => clicked.push([h.rule, button.dataset.postcheck, card.dataset.rule]) });
  assert.deepEqual([...c.querySelectorAll('[data-postcheck="apply"]')].map((b) => b.closest('[data-postcheck="hint"]').dataset.rule), ["brand", "punct"]);
  assert.equal(c.querySelector('[data-rule="punct"] [data-postcheck="copy"]'), null, "a lone \"!\" is not offered to copy");
  assert.equal(c.querySelectorAll('[data-rule="brand"] [data-postcheck="copy"]').length, 1);
  const apply = c.querySelector('[data-rule="brand"] [data-postcheck="apply"]');
  apply.dispatchEvent(new c.ownerDocument.defaultView.Event("click"));
  assert.deepEqual(clicked, [], "a synthetic click applies nothing");
  const card = c.querySelector('[data-rule="brand"]');
  showFixOutcome(card, apply, true, null);
  assert.equal(card.querySelector('[data-postcheck="fix-status"]').dataset.state, "applied");
  assert.equal(apply.disabled, true);
  const other = c.querySelector('[data-rule="punct"] [data-postcheck="apply"]');
  const punct = c.querySelector('[data-rule="punct"]');
  showFixOutcome(punct, other, false, "gone");
  assert.equal(punct.querySelector('[data-postcheck="apply"]'), null, "a failed Apply falls back to the suggestion");
  assert.equal(punct.querySelector('[data-postcheck="fix-status"]').dataset.reason, "gone");
});
