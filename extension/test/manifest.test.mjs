// The manifests ask for the least: storage (Chromium: unlimited, for packs
// up to 16 MiB) and alarms (the daily update check; no install warning), three sites, an optional https
// origin for the pack URL, optional nativeMessaging (the companion), and a CSP that allows wasm in extension pages only.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createHash } from "node:crypto";
import { CHROMIUM_ID, CHROMIUM_KEY, GECKO_ID, manifest } from "../scripts/manifest.mjs";

for (const browser of ["chromium", "firefox"]) {
  test(`${browser}: minimal permissions and the agreed CSP`, () => {
    const m = manifest(browser, "1.2.3");
    assert.equal(m.manifest_version, 3);
    assert.deepEqual(m.permissions, browser === "chromium" ? ["storage", "unlimitedStorage", "alarms"] : ["storage", "alarms"]);
    assert.equal(m.host_permissions, undefined);
    assert.deepEqual(m.optional_host_permissions, ["https://*/*"]);
    assert.deepEqual(m.optional_permissions, ["nativeMessaging"], "the companion's machine packs: asked for on the options page, never at install");
    assert.deepEqual(m.content_scripts[0].matches, ["https://x.com/*", "https://twitter.com/*", "https://www.linkedin.com/*"]);
    assert.equal(m.content_scripts[0].all_frames, undefined, "top frame only (LinkedIn's decoy editor lives in an iframe)");
    assert.equal(m.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
    assert.deepEqual(
      m.web_accessible_resources,
      [{ resources: ["panel.html"], matches: m.content_scripts[0].matches, ...(browser === "chromium" ? { use_dynamic_url: true } : {}) }],
      "only the panel page, only for the three sites, and in Chromium only by the dynamic URL",
    );
    assert.equal(m.content_scripts[0].css, undefined, "no stylesheet on the page (highlights are drawn in a closed shadow root)");
    assert.equal(m.externally_connectable, undefined, "no web page can message the extension");
    const text = JSON.stringify(m);
    for (const word of ["<all_urls>", "tabs", "webRequest", "cookies", "history", "scripting"]) {
      assert.ok(!m.permissions.includes(word) && !text.includes(`"${word}"`), word);
    }
    assert.equal(m.version, "1.2.3");
  });
}

test("chromium: the IT policy's schema; its keys are the ones the worker reads", async () => {
  assert.deepEqual(manifest("chromium", "1.0.0").storage, { managed_schema: "managed-schema.json" });
  assert.equal(manifest("firefox", "1.0.0").storage, undefined, "Firefox reads its enterprise policy without a schema file");
  const { MANAGED_SCHEMA } = await import("../scripts/manifest.mjs");
  assert.deepEqual(Object.keys(MANAGED_SCHEMA.properties).sort(), ["allowUserPacks", "packs", "updateIntervalHours"]);
  assert.deepEqual(Object.keys(MANAGED_SCHEMA.properties.packs.items.properties).sort(), ["publicKey", "url"]);
  const { parsePolicy } = await import("../src/background/policy.js");
  const keys = Object.keys(parsePolicy({}));
  for (const key of Object.keys(MANAGED_SCHEMA.properties)) assert.ok(keys.includes(key), `policy.js reads ${key}`);
});

test("chromium: module service worker", () => {
  assert.deepEqual(manifest("chromium", "1.0.0").background, { service_worker: "background.js", type: "module" });
});

test("firefox: background scripts, gecko id and no data collection", () => {
  const m = manifest("firefox", "1.0.0");
  assert.deepEqual(m.background.scripts, ["background.js"]);
  assert.ok(m.browser_specific_settings.gecko.id);
  assert.deepEqual(m.browser_specific_settings.gecko.data_collection_permissions, { required: ["none"] });
});

test("chromium: a stable id, made from the key in the manifest as Chromium makes it", () => {
  const m = manifest("chromium", "1.0.0");
  assert.equal(m.key, CHROMIUM_KEY);
  // Chromium: SHA-256 of the DER public key, first 32 hex digits, 0-f written a-p.
  const hex = createHash("sha256").update(Buffer.from(CHROMIUM_KEY, "base64")).digest("hex").slice(0, 32);
  const id = [...hex].map((d) => String.fromCharCode(97 + parseInt(d, 16))).join("");
  assert.equal(id, CHROMIUM_ID);
  assert.equal(manifest("firefox", "1.0.0").key, undefined, "Firefox refuses a key; its id is the gecko id");
  assert.equal(manifest("firefox", "1.0.0").browser_specific_settings.gecko.id, GECKO_ID);
});
