/**
 * "Hash terms": names that must not appear in the pack (code names) become a
 * `hashed_terms` rule (salted hashes only) to paste into the pack, and a
 * private examples file (the words, to keep out of the pack) to download.
 */
import { byId, download } from "../dom.js";
import { S } from "../strings.js";

/** A new random salt: 24 hex digits from the browser's random source. */
export function newSalt() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The pack's languages (its default locale first), or none if it is not readable yet. */
function languagesOf(text) {
  try {
    const pack = JSON.parse(text);
    const all = [pack?.default_locale, ...(Array.isArray(pack?.languages) ? pack.languages : [])];
    return [...new Set(all.filter((l) => typeof l === "string"))];
  } catch {
    return [];
  }
}

/**
 * @param {any} engine the wasm module
 * @param {{text: () => string}} pack
 */
export function setupHash(engine, pack) {
  const salt = /** @type {HTMLInputElement} */ (byId("salt"));
  const id = /** @type {HTMLInputElement} */ (byId("rule-id"));
  const terms = /** @type {HTMLTextAreaElement} */ (byId("terms"));
  const rule = /** @type {HTMLTextAreaElement} */ (byId("hashed-rule"));
  const count = byId("hashed-count");
  const result = byId("hashed");
  let examples = "";
  salt.value = newSalt();
  byId("new-salt").addEventListener("click", () => (salt.value = newSalt()));
  byId("hash").addEventListener("click", () => {
    try {
      const made = engine.hashTerms(salt.value, terms.value.split("\n"), id.value.trim(), languagesOf(pack.text()));
      rule.value = made.rule;
      examples = made.examples;
      count.textContent = S.hashedCount(made.count);
      count.className = "";
    } catch (e) {
      rule.value = "";
      examples = "";
      count.textContent = e?.message ?? String(e);
      count.className = "postcheck-error";
    }
    result.hidden = false;
    byId("download-examples").hidden = !examples;
  });
  byId("copy-rule").addEventListener("click", async (e) => {
    const button = /** @type {HTMLButtonElement} */ (e.currentTarget);
    try {
      await navigator.clipboard.writeText(rule.value);
      button.textContent = S.copied;
    } catch {
      rule.select();
    }
    setTimeout(() => (button.textContent = S.copy), 1500);
  });
  byId("download-examples").addEventListener("click", () => {
    download(`${id.value.trim() || "hashed"}.private-examples.json`, examples);
  });
}
