// The exact permission set of the built extension, for Chromium and Firefox, so
// that any widening is a conscious change (edit this file with it); the grants
// Chromium actually holds at run time; and no remote code: no URL to load code
// from in any file of either build, scripts only from the package.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EXTENSION, launch } from '../lib/harness.mjs';

const BUILDS = { chromium: EXTENSION, firefox: join(dirname(EXTENSION), 'firefox') };
const SITES = ['https://x.com/*', 'https://twitter.com/*', 'https://www.linkedin.com/*'];
const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'";

/** What each build may ask for: nothing more, nothing less. */
const EXPECTED = {
  common: {
    manifest_version: 3,
    optional_host_permissions: ['https://*/*'],
    // The companion's machine packs (issue 18): asked for by a click on the options page, never at install.
    optional_permissions: ['nativeMessaging'],
    content_scripts: [{ matches: SITES, js: ['content.js'], run_at: 'document_idle' }],
    content_security_policy: { extension_pages: CSP },
    commands: { 'check-draft': { suggested_key: { default: 'Alt+Shift+K' }, description: '__MSG_commandCheckDraft__' } },
  },
  chromium: {
    // storage.local holds 10 MB in Chromium without unlimitedStorage; a pack may be 16 MiB.
    // alarms: the daily update check of packs from an address (no install warning).
    permissions: ['storage', 'unlimitedStorage', 'alarms'],
    // key: the public key that fixes the extension's id, so that policies can name it;
    // storage: the IT policy's schema (managed_schema).
    keys: ['action', 'background', 'commands', 'content_scripts', 'content_security_policy', 'default_locale', 'description', 'icons', 'key', 'manifest_version', 'minimum_chrome_version', 'name', 'optional_host_permissions', 'optional_permissions', 'options_ui', 'permissions', 'storage', 'version', 'web_accessible_resources'],
    background: { service_worker: 'background.js', type: 'module' },
    // Only by the dynamic URL (random per browser session): a site cannot frame the panel by the fixed id.
    web_accessible_resources: [{ resources: ['panel.html'], matches: SITES, use_dynamic_url: true }],
  },
  firefox: {
    permissions: ['storage', 'alarms'],
    keys: ['action', 'background', 'browser_specific_settings', 'commands', 'content_scripts', 'content_security_policy', 'default_locale', 'description', 'icons', 'manifest_version', 'name', 'optional_host_permissions', 'optional_permissions', 'options_ui', 'permissions', 'version', 'web_accessible_resources'],
    background: { scripts: ['background.js'], type: 'module' },
    // Firefox's moz-extension:// id is random per installation already (it has no use_dynamic_url).
    web_accessible_resources: [{ resources: ['panel.html'], matches: SITES }],
    browser_specific_settings: {
      gecko: { id: 'postcheck@postcheck.invalid', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
      gecko_android: { strict_min_version: '142.0' },
    },
  },
};

const manifestOf = (dir) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

function filesOf(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesOf(path));
    else out.push(path);
  }
  return out;
}

describe('the built manifests: exactly these permissions', () => {
  for (const [browser, dir] of Object.entries(BUILDS)) {
    test(`${browser}: permissions, host permissions, content scripts, web-accessible resources, CSP`, () => {
      const m = manifestOf(dir);
      assert.deepEqual(Object.keys(m).sort(), EXPECTED[browser].keys, 'no manifest key added or removed');
      for (const [key, value] of Object.entries(EXPECTED.common)) assert.deepEqual(m[key], value, key);
      assert.equal(m.host_permissions, undefined, 'no host permission granted at install');
      assert.equal(m.externally_connectable, undefined, 'no web page can message the extension');
      assert.deepEqual(m.permissions, EXPECTED[browser].permissions, 'permissions');
      assert.deepEqual(m.background, EXPECTED[browser].background);
      assert.deepEqual(m.web_accessible_resources, EXPECTED[browser].web_accessible_resources, 'web_accessible_resources');
      if (browser === 'firefox') assert.deepEqual(m.browser_specific_settings, EXPECTED.firefox.browser_specific_settings, 'Firefox: no data collected');
      // Pages of the extension: the popup and the options page, nothing sandboxed, no remote page.
      assert.deepEqual([m.action.default_popup, m.options_ui.page], ['popup.html', 'options.html']);
    });
  }
});

describe('no remote code', () => {
  for (const [browser, dir] of Object.entries(BUILDS)) {
    test(`${browser}: no URL to load code from, scripts only from the package`, () => {
      const files = filesOf(dir).map((f) => relative(dir, f)).sort();
      const code = files.filter((f) => ['.js', '.html', '.css', '.json'].includes(extname(f)) && !f.startsWith('_locales'));
      const urls = [];
      for (const f of code) {
        const text = readFileSync(join(dir, f), 'utf8');
        for (const m of text.matchAll(/\b(?:https?|wss?|ftp):\/\/[^\s"'`)<>]*/g)) urls.push(`${f}: ${m[0]}`);
        if (extname(f) === '.js') {
          // (`{import("./x.js").Type}` in a JSDoc comment is a type, not an import.)
          assert.doesNotMatch(text, /\beval\s*\(|new\s+Function\s*\(|importScripts\s*\(|(?<!\{)\bimport\s*\(/, `${f}: no eval, Function, importScripts or dynamic import`);
        }
        if (extname(f) === '.html') {
          const scripts = [...text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
          assert.ok(scripts.length > 0, `${f} has its script`);
          for (const [, attrs, body] of scripts) {
            assert.match(attrs, /^\s*type="module"\s+src="[\w-]+\.js"\s*$/, `${f}: a local module script`);
            assert.equal(body.trim(), '', `${f}: no inline script`);
            assert.ok(files.includes(attrs.match(/src="([^"]+)"/)[1]), `${f}: its script is in the package`);
          }
          assert.doesNotMatch(text, /\son[a-z]+\s*=/i, `${f}: no inline event handlers`);
        }
      }
      // The only URL-looking texts: the manifest's match patterns, the placeholder of the pack URL field,
      // and in the Pack Studio's script CodeMirror's SVG namespace and the pack schema's $schema and $id
      // (names, never loaded: the studio's CSP allows connections to the package only).
      const allowed = new Set([
        ...[...SITES, 'https://*/*'].map((u) => `manifest.json: ${u}`),
        'options.html: https://',
        'studio.js: http://www.w3.org/2000/svg',
        'studio.js: https://json-schema.org/draft/2020-12/schema',
        'studio.js: https://postcheck.invalid/schema/pack-v1.schema.json',
      ]);
      assert.deepEqual(urls.filter((u) => !allowed.has(u)), [], 'no remote URL in any code file');
      // The engine's wasm, and the Pack Studio's (the engine with the studio's calls: only studio.html loads it).
      assert.deepEqual(files.filter((f) => extname(f) === '.wasm'), ['postcheck_studio_bg.wasm', 'postcheck_wasm_bg.wasm'], 'two wasm modules, in the package');
    });

    test(`${browser}: the engine's wasm has none of the Pack Studio's calls; only the studio's page names the studio's wasm`, () => {
      // lintPack is one of the studio's exports (cargo feature `studio`): the worker's engine is built without it.
      const exportsLintPack = (f) => readFileSync(join(dir, f)).includes('lintPack');
      assert.equal(exportsLintPack('postcheck_wasm_bg.wasm'), false, 'the engine is built without the feature studio');
      assert.equal(exportsLintPack('postcheck_studio_bg.wasm'), true, "the studio's wasm has its calls");
      const files = filesOf(dir).map((f) => relative(dir, f)).filter((f) => ['.js', '.html'].includes(extname(f)));
      const naming = files.filter((f) => readFileSync(join(dir, f), 'utf8').includes('postcheck_studio_bg.wasm'));
      assert.deepEqual(naming.sort(), ['studio.html', 'studio.js'], 'no other page or script (worker, content script, panel) can load it');
    });
  }
});

describe('what Chromium grants at run time', () => {
  let session;
  before(async () => {
    session = await launch({ name: 'manifest' });
  });
  after(async () => {
    await session?.close();
  });

  test('storage (unlimited), alarms, and the three sites for the content script; nothing else', async () => {
    const granted = await session.worker.evaluate(async () => {
      const all = await chrome.permissions.getAll();
      return { permissions: all.permissions.sort(), origins: all.origins.sort(), csp: chrome.runtime.getManifest().content_security_policy };
    });
    assert.deepEqual(granted, { permissions: ['alarms', 'storage', 'unlimitedStorage'], origins: [...SITES].sort(), csp: { extension_pages: CSP } });
  });
});
