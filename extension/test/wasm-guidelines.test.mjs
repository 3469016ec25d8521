// The guideline pages of the real wasm engine (`engine.guidelines`), as the
// guidelines page gets them: one per layer of the stack, bottom first, in the
// reader's language, every key present (null when absent), and no hashed name
// in any of them, whichever layer hashes it. Needs the built engine
// (generated/wasm, from build.sh build).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { engine, skip } from "./built-engine.mjs";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const e2ePack = (name) => readFileSync(join(root, "tests", "e2e", "packs", name), "utf8");


test("a stack gives each layer's guidelines, bottom first, in the reader's language", { skip }, async () => {
  const { Engine } = await engine();
  const json = e2ePack("e2e-iban.json");
  const pack = JSON.parse(json);
  const pages = Engine.stack([json], { baseline: true, validated: false }).guidelines("de-CH", ["en"]);
  assert.deepEqual(Object.keys(pages), ["layers"]);
  assert.deepEqual(
    pages.layers.map((l) => [l.pack, l.built_in, l.switched_off_by]),
    [
      ["postcheck-starter", true, null],
      ["acme-e2e", false, null],
    ],
  );
  const top = pages.layers[1];
  assert.deepEqual(Object.keys(top), ["pack", "built_in", "switched_off_by", "page"]);
  assert.deepEqual(Object.keys(top.page), ["lang", "title", "description", "publisher", "version", "date", "sections", "contacts"]);
  assert.equal(top.page.lang, "de");
  assert.equal(top.page.title, pack.name);
  // Every guideline of the pack, in its order, with its title, text and link.
  assert.deepEqual(
    top.page.sections.map((s) => [s.id, s.title, s.text, s.link]),
    pack.guidelines.map((g) => [g.id, g.title, g.text, g.link ?? null]),
  );
  const confidential = top.page.sections[0];
  assert.deepEqual(Object.keys(confidential.checks[0]), ["level", "what", "looks_for", "when", "platforms", "examples"]);
  assert.equal(confidential.checks[0].level, "important");
  assert.equal(confidential.checks[0].what, '"…" marks internal material.', "the placeholder shown as …");
  assert.equal(confidential.checks[0].looks_for, "bestimmte Wörter und Namen", "the page's own words in German");
  assert.deepEqual(confidential.contacts, ["Corporate Communications"]);
  assert.deepEqual(top.page.contacts, [{ name: "Corporate Communications", email: "comms@acme.example", phone: null, url: null, topics: null }]);
  // The baseline's guidelines in German too (the starter pack has them in de).
  assert.equal(pages.layers[0].page.sections.find((s) => s.id === "personal-data")?.title, "Personendaten");
  // In French, the page's words follow.
  const fr = Engine.stack([json], { baseline: true, validated: false }).guidelines("fr", []);
  assert.equal(fr.layers[1].page.lang, "fr");
  assert.equal(fr.layers[1].page.sections[0].checks[0].looks_for, "certains mots et noms");
});

test("a pack alone gives one layer", { skip }, async () => {
  const { Engine } = await engine();
  const pages = new Engine(e2ePack("e2e.json")).guidelines("en");
  assert.deepEqual(
    pages.layers.map((l) => [l.pack, l.built_in]),
    [["acme-e2e", false]],
  );
  assert.equal(pages.layers[0].page.lang, "en");
});

test("no hashed name is shown, not even in another layer's example", { skip }, async () => {
  const { Engine } = await engine();
  // A team pack above the attacker pack (two hashed code names): its examples name them.
  const team = JSON.stringify({
    schema: "postcheck/pack/v1",
    id: "acme-team",
    name: "ACME team",
    version: "1.0.0",
    publisher: "ACME",
    date: "2026-12-07",
    default_locale: "en",
    languages: ["en"],
    guidelines: [{ id: "launches", title: "Launches", text: "Launch dates are announced by Communications." }],
    rules: [
      {
        id: "launch",
        kind: "terms",
        category: "confidential",
        level: "consider",
        guideline: "launches",
        message: "A launch: is it announced?",
        terms: ["launch"],
        examples: { hit: ["the Blue Falcon launch is near", "the orion launch went well", "our launch went well"] },
      },
    ],
  });
  const pages = Engine.stack([e2ePack("attacker.json"), team], { baseline: true, validated: false }).guidelines("en", []);
  const text = JSON.stringify(pages).toLowerCase();
  for (const name of ["orion", "blue falcon"]) assert.ok(!text.includes(name), `${name} is in the guidelines`);
  const launch = pages.layers[2].page.sections[0].checks[0];
  assert.deepEqual(launch.examples, ["our launch went well"], "the examples naming a code name are left out");
  // The hashed rule itself is listed, without any example.
  const codenames = pages.layers[1].page.sections.flatMap((s) => s.checks).find((c) => c.looks_for.startsWith("names that are not public"));
  assert.deepEqual(codenames?.examples, []);
  // Alone, the team pack knows no hashed name: its examples are all shown.
  assert.equal(new Engine(team).guidelines("en").layers[0].page.sections[0].checks[0].examples.length, 3);
});
