// What a layer changes beneath it, as the options page words it
// (src/options/layer-changes.js): every word from _locales in the reader's
// language, built from the engine's structured fields, none of the core's
// English `target` or `warning`. Once with hand-made changes of every kind,
// once with what the real wasm engine says of a stack (needs build.sh build).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { engine, skip } from "./built-engine.mjs";
import { fileURLToPath } from "node:url";
import { changeWords } from "../src/options/layer-changes.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

/** The page's word functions in `lang`, from the committed _locales; a missing message throws. */
function wordsIn(lang) {
  const messages = JSON.parse(readFileSync(join(here, "..", "_locales", lang, "messages.json"), "utf8"));
  const t = (name, substitutions = []) => {
    const m = messages[name]?.message;
    if (typeof m !== "string") throw new Error(`no ${lang} message ${name}`);
    return m.replace(/\$(\d)/g, (_, n) => substitutions[Number(n) - 1] ?? "");
  };
  return { t, category: (id) => t(`category_${id.replaceAll("-", "_")}`) };
}

/** Words only the core's English `target` and `warning` use. */
const CORE_ENGLISH = /\b(beneath|in pack|switched off by|the override changes nothing|no rule|no pack)\b|rule "|category "/;

const CHANGES = [
  { target: 'rule "phone-number"', rule: "phone-number", off: false, exceptions: ["+41 800 22 63 00"], matched: 1, rules: [{ pack: "postcheck-starter", rule: "phone-number" }] },
  { target: 'category "netiquette" in pack "postcheck-starter"', category: "netiquette", pack: "postcheck-starter", off: true, matched: 4, rules: [{ pack: "postcheck-starter", rule: "insult" }] },
  { target: 'rule "nope"', rule: "nope", off: false, level: "note", message: "Bitte {match} prüfen", matched: 0, rules: [], warning: 'no rule "nope" beneath', warning_kind: "no-rule" },
  { target: 'pack "elsewhere"', pack: "elsewhere", off: true, matched: 0, rules: [], warning: 'no pack "elsewhere" beneath', warning_kind: "no-pack" },
  { target: 'rule "x"', rule: "x", off: true, matched: 1, rules: [], warning: 'this pack is switched off by "team": the override changes nothing', warning_kind: "switched-off", switched_off_by: "team" },
];

test("every kind of change is worded in German from the structured fields", () => {
  const words = CHANGES.map((c) => changeWords(c, wordsIn("de")));
  assert.deepEqual(words, [
    { target: "Regel „phone-number“", what: ["lässt in Ruhe: +41 800 22 63 00"], rules: "Regeln: postcheck-starter/phone-number", warning: null },
    { target: "Kategorie „Netiquette“ im Paket „postcheck-starter“", what: ["ausgeschaltet"], rules: "Regeln: postcheck-starter/insult, und 3 weitere", warning: null },
    {
      target: "Regel „nope“",
      what: ["formuliert als „Gut zu wissen“", "Meldung neu: „Bitte … prüfen“"],
      rules: null,
      warning: "Regel „nope“: Keine Regel darunter passt; diese Änderung bewirkt daher nichts.",
    },
    { target: "Das ganze Paket „elsewhere“", what: ["ausgeschaltet"], rules: null, warning: "Darunter gibt es kein Paket „elsewhere“; diese Änderung bewirkt daher nichts." },
    { target: "Regel „x“", what: ["ausgeschaltet"], rules: null, warning: "Dieses Paket wird von „team“ ausgeschaltet; diese Änderung bewirkt daher nichts." },
  ]);
});

test("in every language, no word of the core's English reaches the page", () => {
  for (const lang of ["de", "en", "fr", "it"]) {
    for (const c of CHANGES) {
      const w = changeWords(c, wordsIn(lang));
      const all = [w.target, ...w.what, w.rules ?? "", w.warning ?? ""].join(" | ");
      if (lang !== "en") assert.doesNotMatch(all, CORE_ENGLISH, `${lang}: ${all}`);
      assert.ok(!all.includes(c.target) && !(c.warning && all.includes(c.warning)), `${lang}: ${all}`);
    }
  }
  // English too comes from _locales, in its own words.
  assert.equal(changeWords(CHANGES[1], wordsIn("en")).target, "Category “Netiquette” in pack “postcheck-starter”");
});

test("an engine that gives only an English warning: a sentence of the reader's own, not the English", () => {
  const w = changeWords({ target: 'rule "x"', rule: "x", warning: "something in English" }, wordsIn("fr"));
  assert.equal(w.warning, "Ce changement n'a peut-être aucun effet : l'éditeur du paquet peut le vérifier avec postcheck pack info.");
  assert.deepEqual(changeWords({ target: "nothing" }, wordsIn("it")), { target: "Tutti i pacchetti sottostanti", what: [], rules: null, warning: null });
});

test("the real engine's changes of a stack, worded in Italian", { skip }, async () => {
  const glue = await engine();
  const acme = readFileSync(join(root, "examples", "packs", "acme.json"), "utf8");
  const team = JSON.stringify({
    schema: "postcheck/pack/v1",
    id: "acme-team",
    name: "ACME team",
    version: "1",
    publisher: "ACME",
    date: "2026-11-01",
    default_locale: "en",
    languages: ["en"],
    overrides: [
      { category: "netiquette", pack: "postcheck-starter", off: true },
      { rule: "no-such-rule", level: "note" },
      { pack: "elsewhere", off: true },
    ],
    rules: [],
  });
  const info = glue.Engine.stack([acme, team], { baseline: true }).info("it");
  const changes = info.layers[2].changes;
  const words = changes.map((c) => changeWords(c, wordsIn("it")));
  assert.deepEqual(
    words.map((w) => [w.target, w.what, w.warning]),
    [
      ["Categoria «Netiquette» nel pacchetto «postcheck-starter»", ["disattivato"], null],
      ["Regola «no-such-rule»", ["formulato come «Buono a sapersi»"], "Regola «no-such-rule»: nessuna regola sottostante corrisponde, quindi questa modifica non ha effetto."],
      ["L'intero pacchetto «elsewhere»", ["disattivato"], "Non c'è alcun pacchetto «elsewhere» sotto, quindi questa modifica non ha effetto."],
    ],
  );
  assert.match(words[0].rules ?? "", /^Regole: postcheck-starter\/insult, /);
});
