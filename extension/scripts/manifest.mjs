/**
 * The extension manifest (Manifest V3), one base for both browsers:
 * Chromium gets a module service worker, `unlimitedStorage` (for packs up to
 * 16 MiB) and the schema of its IT policy (`storage.managed_schema`, the file
 * MANAGED_SCHEMA), Firefox background scripts and its
 * `browser_specific_settings.gecko` with the data-collection declaration (none).
 * Both ask for `alarms` (the daily update check of packs from an address; no
 * install warning), and may ask, on the options page, for the optional
 * `nativeMessaging` (the machine packs of the companion).
 */

/**
 * The IT policy's schema (`managed-schema.json` in the Chromium build): the keys
 * an organisation may set through `3rdparty.extensions.<CHROMIUM_ID>` (see
 * src/background/policy.js, which reads them, and extension/README.md, "Updates
 * and IT policy"). Firefox has no schema file: it reads the same keys from its
 * enterprise policy `3rdparty.Extensions.<GECKO_ID>`.
 */
export const MANAGED_SCHEMA = {
  type: "object",
  properties: {
    packs: {
      title: "Rule packs set by the organisation",
      description: "Each pack's https address (and, for signed packs, the publisher's public key), bottom first. They sit beneath the employee's own packs and cannot be removed by the employee.",
      type: "array",
      items: {
        type: "object",
        properties: {
          url: { type: "string", description: "The pack's https address." },
          publicKey: { type: "string", description: "The publisher's public key (minisign), pinned for this pack." },
        },
      },
    },
    allowUserPacks: { title: "Employees may add packs of their own", type: "boolean" },
    updateIntervalHours: { title: "Hours between update checks (1 to 168, default 24)", type: "integer" },
  },
};

/**
 * The public key that fixes the extension's id in Chromium browsers, so that
 * IT policies (ExtensionSettings, 3rdparty managed storage) and the companion's
 * native-messaging manifest can name it: the id is the first 128 bits of the
 * key's SHA-256, written with the letters a to p ([`CHROMIUM_ID`]). Only the
 * public half is here; the private half signs release CRX files and is kept
 * by whoever publishes them, never in this repository.
 */
export const CHROMIUM_KEY =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAsgI3Giaiysmc3WCP57BFarGYgwX3qgh5guz1jbwcaRSBbtbCQZW6fKUzSdCdndivqToBr1mjmeHGTuOE/Udlel9fl4Ox0kpe1OmXUtlMGkO+FCDinGK3jxWqag8UGJwmLIuTjdrM5VmBrRsjd9Ondrx26VN8TSqDIZDVrMEexFajtncOHFyVpN/V4hG/DDsbJfogq8iCtTGDcJXGLzBxwfZeT0GCH6QAS8ow1vJesLduK8D86gFViv0t2IIgtdCCdCsPEsPSR8pFewjJf7gQ4RW3agVzDScMzNDJlQGQZPS+sZT+O46n3WHi6401HemC3OZeJaLtpSlU0aBQxKW+QQIDAQAB";

/** The extension's id in Chromium browsers, made from CHROMIUM_KEY (see extension/test/manifest.test.mjs). */
export const CHROMIUM_ID = "gjpblondocmnkbomdcedjpbjekfmadac";

/** The extension's id in Firefox (`browser_specific_settings.gecko.id`). */
export const GECKO_ID = "postcheck@postcheck.invalid";

/** Sites the content script runs on: nothing else. */
export const CONTENT_MATCHES = ["https://x.com/*", "https://twitter.com/*", "https://www.linkedin.com/*"];

/**
 * The panel page, framed by the content script. In Chromium only through the
 * extension's dynamic URL (`use_dynamic_url`: a random id per browser session,
 * which `runtime.getURL` gives the content script): a site cannot frame it by
 * the extension's fixed id. Firefox gives every installation a random
 * `moz-extension://` id already (and has no such key).
 * @param {"chromium" | "firefox"} browser
 */
function webAccessibleResources(browser) {
  const entry = { resources: ["panel.html"], matches: CONTENT_MATCHES };
  return [browser === "chromium" ? { ...entry, use_dynamic_url: true } : entry];
}

/**
 * @param {"chromium" | "firefox"} browser
 * @param {string} version
 */
export function manifest(browser, version) {
  const base = {
    manifest_version: 3,
    name: "__MSG_extName__",
    description: "__MSG_extDescription__",
    version,
    default_locale: "en",
    icons: { 16: "icons/icon-16.png", 32: "icons/icon-32.png", 48: "icons/icon-48.png", 128: "icons/icon-128.png" },
    permissions: ["storage", "alarms"],
    optional_host_permissions: ["https://*/*"],
    // The companion (`postcheck companion`, docs/companion.md): the computer's
    // machine packs, asked for on the options page only (a click), never at install.
    optional_permissions: ["nativeMessaging"],
    content_scripts: [
      {
        matches: CONTENT_MATCHES,
        js: ["content.js"],
        run_at: "document_idle",
      },
    ],
    // The panel is an extension page shown in an iframe next to the composer, so
    // that the site's scripts cannot read the hints: only those three sites may
    // frame it, and only this page (see webAccessibleResources below).
    web_accessible_resources: webAccessibleResources(browser),
    action: {
      default_title: "__MSG_extName__",
      default_popup: "popup.html",
      default_icon: { 16: "icons/icon-16.png", 32: "icons/icon-32.png" },
    },
    options_ui: { page: "options.html", open_in_tab: true },
    commands: {
      "check-draft": {
        suggested_key: { default: "Alt+Shift+K" },
        description: "__MSG_commandCheckDraft__",
      },
    },
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
  };
  if (browser === "chromium") {
    return {
      ...base,
      // Chromium limits storage.local to 10 MB without `unlimitedStorage`, and a
      // pack may be 16 MiB (the core's limit). No install warning in Chromium.
      // Firefox needs none: its storage.local has the IndexedDB limits (a share
      // of the disk), and there the permission would add an install prompt.
      permissions: ["storage", "unlimitedStorage", "alarms"],
      key: CHROMIUM_KEY,
      // The IT policy's keys (MANAGED_SCHEMA): Chromium reads a policy only through a schema.
      storage: { managed_schema: "managed-schema.json" },
      background: { service_worker: "background.js", type: "module" },
      minimum_chrome_version: "111",
    };
  }
  return {
    ...base,
    background: { scripts: ["background.js"], type: "module" },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: "140.0",
        data_collection_permissions: { required: ["none"] },
      },
      // Firefox for Android reads the data-collection declaration from 142 on.
      gecko_android: { strict_min_version: "142.0" },
    },
  };
}
