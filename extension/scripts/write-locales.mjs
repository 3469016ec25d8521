/**
 * Writes `_locales/<lang>/messages.json` from scripts/locales-source.mjs.
 * Run with `--check` to fail when the committed files are out of date.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LOCALES, STRINGS } from "./locales-source.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");
let stale = false;
LOCALES.forEach((lang, i) => {
  const messages = {};
  for (const [name, texts] of Object.entries(STRINGS)) {
    if (typeof texts[i] !== "string") throw new Error(`${name}: no ${lang} text`);
    messages[name] = { message: texts[i] };
  }
  const file = join(root, "_locales", lang, "messages.json");
  const json = `${JSON.stringify(messages, null, 2)}\n`;
  if (check) {
    let current = "";
    try {
      current = readFileSync(file, "utf8");
    } catch {
      // missing: stale
    }
    if (current !== json) {
      console.error(`${file} is out of date: run node scripts/write-locales.mjs`);
      stale = true;
    }
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, json);
  }
});
if (stale) process.exit(1);
