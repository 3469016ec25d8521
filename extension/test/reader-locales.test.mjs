// The reader's languages for the pack texts: the UI language, then the
// browser's other preferred languages, and the order a text is picked in
// (the engine's, postcheck_core::format::locales).
import assert from "node:assert/strict";
import { test } from "node:test";

const { MAX_READER_LOCALES, pickText, readerLocalesFrom } = await import("../src/background/reader-locales.js");

test("the UI language first, then the other preferred languages, each once and a few", () => {
  assert.deepEqual(readerLocalesFrom("it-CH", ["it-CH", "fr-CH", "IT-ch", "de", "en-US"]), { locale: "it-CH", fallback_locales: ["fr-CH", "de", "en-US"] });
  assert.deepEqual(readerLocalesFrom("", undefined), { locale: "en", fallback_locales: [] });
  assert.deepEqual(readerLocalesFrom("de", "fr"), { locale: "de", fallback_locales: [] });
  assert.deepEqual(readerLocalesFrom("de", [42, null, "", "fr"]), { locale: "de", fallback_locales: ["fr"] });
  const many = Array.from({ length: 50 }, (_, i) => `l${String.fromCharCode(97 + (i % 26))}`);
  assert.equal(readerLocalesFrom("de", many).fallback_locales.length, MAX_READER_LOCALES - 1);
});

test("a text in the reader's languages in order, then English, then the pack's default, then any", () => {
  const v = { de: "Hallo", en: "Hello", fr: "Bonjour" };
  assert.equal(pickText(v, ["it-CH", "fr-CH", "de"], "de"), "Bonjour");
  assert.equal(pickText(v, ["it-CH", "de-CH", "fr"], "de"), "Hallo");
  assert.equal(pickText(v, ["it"], "de"), "Hello");
  assert.equal(pickText({ "de-CH": "Grüezi", de: "Hallo", en: "Hello" }, ["de_ch"], "en"), "Grüezi");
  assert.equal(pickText({ "de-CH": "Grüezi", en: "Hello" }, ["de-AT"], "en"), "Grüezi");
  assert.equal(pickText({ it: "Ciao", de: "Hallo" }, ["fr"], "de"), "Hallo");
  assert.equal(pickText({ it: "Ciao", de: "Hallo" }, ["fr"], "rm"), "Hallo", "the first by locale");
  assert.equal(pickText("plain", ["fr"], "de"), "plain");
  assert.equal(pickText(null, ["fr"], "de"), "");
  assert.equal(pickText({ de: 1 }, ["de"], "de"), "");
});
