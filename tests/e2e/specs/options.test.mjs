// The extension's own pages: the options page (import a pack from a file or
// an https URL, refuse a broken one, update, revert) and the popup.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EXTENSION, launch, PACK_ORIGIN, PACKS, readPack, REPO, stopServiceWorker } from '../lib/harness.mjs';
import { importPackFile, OPTIONS, openOptions, packErrors, packName, screenshot, until } from '../lib/postcheck.mjs';

const STARTER = JSON.parse(readFileSync(join(REPO, 'packs', 'starter.json'), 'utf8'));
// A pack name is a string or per locale; the browser runs in en-US.
const STARTER_NAME = typeof STARTER.name === 'string' ? STARTER.name : (STARTER.name.en ?? STARTER.name[STARTER.default_locale]);
const E2E_NAME = readPack('e2e.json').name;
const PACK_URL = `${PACK_ORIGIN}/postcheck/acme.json`;
const V1 = readPack('url-v1.json');
const V2 = readPack('url-v2.json');
const json = (file) => ({ status: 200, contentType: 'application/json', body: readFileSync(join(PACKS, file)) });

/** Origins the extension holds as active permissions, seen from one of its pages. */
const activeOrigins = (page) => page.evaluate(async () => (await chrome.permissions.getAll()).origins.sort());

describe('options page and popup', () => {
  let session;
  let page;
  before(async () => {
    // The pack origin is pre-granted in the fresh profile so that Chromium does
    // not show its native permission prompt (see lib/harness.mjs); it is not
    // active until the extension requests it.
    session = await launch({ grantOrigins: [PACK_ORIGIN], name: 'options' });
    page = await openOptions(session);
  });
  after(async () => {
    await session?.close();
  });

  test('the starter pack is active at first', async () => {
    assert.equal(await packName(page), STARTER_NAME);
    assert.equal((await page.locator(OPTIONS.version).first().textContent()).trim(), STARTER.version);
  });

  test('import a good pack from a file', async () => {
    const result = await importPackFile(page, 'e2e.json', E2E_NAME);
    assert.deepEqual(result, { ok: true });
    assert.equal((await page.locator(OPTIONS.version).first().textContent()).trim(), '2026.11.1');
    await until(() => page.locator(OPTIONS.ok).first().isVisible(), { timeout: 5_000, message: '[data-postcheck="pack-ok"]' });
    const body = await page.locator('body').innerText();
    for (const id of ['confidential-markers', 'email']) assert.ok(body.includes(id), `rule ${id} is listed`);
  });

  test('a broken pack is refused with located errors; the previous pack stays active', async () => {
    const result = await importPackFile(page, 'broken.json', 'ACME broken pack');
    assert.equal(result.ok, false, 'the broken pack is refused');
    const all = result.errors.join('\n');
    assert.match(all, /\$\.date|date/, `the bad date is reported: ${all}`);
    assert.match(all, /rules\[[01]\]/, `errors name the place in the pack: ${all}`);
    assert.equal(await packName(page), E2E_NAME, 'the previous pack is still active');

    await page.reload();
    await until(async () => (await packName(page)) === E2E_NAME, { message: 'the options page to show the active pack' });
    const notJson = await importPackFile(page, 'not-json.json', 'ACME half a pack');
    assert.equal(notJson.ok, false, 'a file that is not JSON is refused');
    assert.equal(await packName(page), E2E_NAME);
  });

  test('revert to the starter pack', async () => {
    await page.reload();
    await until(async () => (await packName(page)) === E2E_NAME, { message: 'the options page to show the active pack' });
    await page.locator(OPTIONS.revert).click();
    await until(async () => (await packName(page)) === STARTER_NAME, { message: 'the starter pack to be active again' });
    assert.deepEqual(await packErrors(page), []);
  });

  test('import from an https URL: that URL is fetched and nothing else; only its origin is requested', async () => {
    session.serve(PACK_URL, json('url-v1.json'));
    assert.equal(await page.evaluate((o) => chrome.permissions.contains({ origins: [`${o}/*`] }), PACK_ORIGIN), false, 'the pack origin is not active before the import');
    const manifest = JSON.parse(readFileSync(join(EXTENSION, 'manifest.json'), 'utf8'));
    const mark = session.log.mark();
    await page.locator(OPTIONS.url).fill(PACK_URL);
    await page.locator(OPTIONS.urlImport).click();
    await until(async () => (await packName(page)) === V1.name || (await packErrors(page)).length > 0, { message: 'the URL import to finish' });
    assert.deepEqual(await packErrors(page), []);
    assert.equal(await packName(page), V1.name);
    assert.deepEqual(session.log.networkSince(mark).map((e) => e.url), [PACK_URL], 'requests during the import');
    assert.deepEqual(session.served, [PACK_URL]);
    const origins = await activeOrigins(page);
    assert.ok(origins.includes(`${PACK_ORIGIN}/*`), `the extension requested the pack origin: ${origins}`);
    const declared = new Set([...(manifest.host_permissions || []), ...(manifest.content_scripts || []).flatMap((c) => c.matches)]);
    assert.deepEqual(origins.filter((o) => !declared.has(o)), [`${PACK_ORIGIN}/*`], 'no other origin was requested');
    // The import time changes on every run: hidden, so that the picture does not.
    await screenshot(page, [page.locator('body')], 'options', { style: '[data-postcheck="pack-source"] { visibility: hidden; }' });
  });

  test('update now fetches the same URL again and nothing else', async () => {
    session.serve(PACK_URL, json('url-v2.json'));
    const mark = session.log.mark();
    await page.locator(OPTIONS.update).click();
    await until(async () => (await page.locator(OPTIONS.version).first().textContent()).trim() === V2.version || (await packErrors(page)).length > 0, {
      message: 'the update to finish',
    });
    assert.deepEqual(await packErrors(page), []);
    assert.equal((await page.locator(OPTIONS.version).first().textContent()).trim(), V2.version);
    assert.deepEqual(session.log.networkSince(mark).map((e) => e.url), [PACK_URL]);
  });

  test('popup: a pasted draft is checked for the chosen platform', async () => {
    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
    const mark = session.log.mark();
    await popup.locator('textarea#draft').fill('🇨🇭🎉 Roadmap is internal only, mail anna.muster@acme.example');
    await popup.locator('select#platform').selectOption('linkedin');
    await popup.locator('button#check').click();
    const hints = popup.locator('[data-postcheck="hint"]');
    await until(async () => (await hints.count()) === 2, { message: 'two hints in the popup' });
    const got = [];
    for (let i = 0; i < 2; i++) got.push([await hints.nth(i).getAttribute('data-rule'), await hints.nth(i).getAttribute('data-category')]);
    assert.deepEqual(got.sort(), [['confidential-markers', 'confidential'], ['email', 'personal-data']]);
    assert.deepEqual(session.log.networkSince(mark), []);
    await screenshot(popup, [popup.locator('body')], 'popup');
    await popup.close();
  });

  test('popup: the page says its language, keeps the platform chosen (not the draft), and an empty draft has nothing to check yet', async () => {
    const open = async () => {
      const p = await session.context.newPage();
      await p.goto(`chrome-extension://${session.extensionId}/popup.html`);
      return p;
    };
    let popup = await open();
    assert.equal(await popup.locator('html').getAttribute('lang'), 'en', 'the language of the strings shown');
    await popup.locator('select#platform').selectOption('x');
    await popup.locator('textarea#draft').fill('A draft that is never stored');
    await popup.close();
    popup = await open();
    await until(async () => (await popup.locator('select#platform').inputValue()) === 'x', { message: 'the platform chosen last' });
    assert.equal(await popup.locator('textarea#draft').inputValue(), '', 'the draft is not kept');
    await popup.locator('button#check').click();
    await popup.locator('[data-postcheck="nothing-to-check"]').waitFor();
    assert.equal(await popup.locator('[data-postcheck="no-hints"]').count(), 0, 'an empty draft is not called clean');
    await popup.close();
  });

  test('a valid 12 MB pack (long guideline texts) is imported, stored and still active after the worker restarts', async () => {
    // Chromium's storage.local holds 10 MB without unlimitedStorage: this pack was refused with "quota exceeded".
    const big = readPack('extras.json');
    big.name = 'ACME big pack';
    const paragraph = 'Please keep what is internal inside the company, and ask Communications when in doubt. ';
    // A guideline text has at most 10,000 characters per locale: 640 sections in two locales.
    const section = paragraph.repeat(110);
    big.guidelines = Array.from({ length: 640 }, (_, i) => ({ id: `g${i}`, title: `Section ${i}`, text: { en: section, de: section } }));
    big.rules[0].guideline = 'g0';
    const buffer = Buffer.from(JSON.stringify(big));
    assert.ok(buffer.length > 12_000_000 && buffer.length < 16 * 1024 * 1024, `a pack of ${buffer.length} bytes`);
    await page.reload();
    await until(async () => (await packName(page)) !== '', { message: 'the options page' });
    await page.locator(OPTIONS.file).setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer });
    await until(async () => (await packName(page)) === big.name || (await packErrors(page)).length > 0 || (await page.locator('#notice .error').count()) > 0, {
      timeout: 60_000,
      message: 'the big pack to be imported or refused',
    });
    assert.equal(await page.locator('#notice .error').count(), 0, `no error: ${await page.locator('#notice').innerText()}`);
    assert.equal(await packName(page), big.name);
    const stored = await page.evaluate(() => chrome.storage.local.getBytesInUse(null));
    assert.ok(stored > 12_000_000, `stored: ${stored} bytes`);

    assert.equal(await stopServiceWorker(session), 1, 'the worker was stopped');
    await page.reload();
    await until(async () => (await packName(page)) !== '', { timeout: 30_000, message: 'the options page after the restart' });
    assert.equal(await packName(page), big.name, 'the big pack is rebuilt from storage');
    assert.equal(await page.locator('[data-postcheck="pack-guideline"]').count(), 640);
    const answer = await page.evaluate(() => chrome.runtime.sendMessage({ kind: 'check', text: 'Unser Code liegt auf Github.', platform: 'x' }));
    assert.deepEqual(answer.result.hints.map((h) => h.rule), ['brand-spelling']);
  });
});
