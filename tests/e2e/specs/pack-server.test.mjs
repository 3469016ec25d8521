// Importing a pack from a hostile server: a body that never ends (the download
// stops after its time limit, or on Cancel), a body far over 16 MiB (given up
// as soon as it passes), a redirect to another origin (refused without following
// it: no request reaches the other host), a web page instead of a pack; in each case the previous pack stays.
// "Update now" of a pack from a file shows the address the pack names and asks
// first; host permissions are removed when their pack is replaced or reverted.
//
// Streaming needs a real socket (Playwright's routing fulfils a whole body at
// once): a small https server on 127.0.0.1 with a throw-away self-signed
// certificate, reached through Chromium's host mapping (lib/test-server.mjs).
// It only answers this test and stops with it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launch, PACK_ORIGIN, PACKS, readPack } from '../lib/harness.mjs';
import { OPTIONS, openOptions, packName, until } from '../lib/postcheck.mjs';
import { routeToServer, serverArgs, startHttpsServer } from '../lib/hosting.mjs';

const HOSTILE = 'https://hostile.acme.example';
const ELSEWHERE = 'https://elsewhere.acme.example';
const PACK_URL = `${PACK_ORIGIN}/postcheck/acme.json`;
const V1 = readPack('url-v1.json');
const V2 = readPack('url-v2.json');
const V2_TEXT = readFileSync(join(PACKS, 'url-v2.json'), 'utf8');
/** Most the huge body ever sends (the server's own bound): 200 MiB. */
const HUGE_LIMIT = 200 * 1024 * 1024;

/**
 * The hostile server: `/slow.json` sends its headers and the start of a pack,
 * then nothing; `/huge.json` streams spaces (valid JSON whitespace) without a
 * length, as fast as it is read, up to 200 MiB; `/redirect.json` redirects to
 * the other origin, which answers a valid pack (with CORS allowed);
 * `/page.json` is a web page; `/update.json` is a valid pack.
 */
async function startServer() {
  const stats = { requests: [], hugeSent: 0, hugeClosed: false, slowClosed: 0 };
  const handler = (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    stats.requests.push(`https://${host}${req.url}`);
    if (host === 'elsewhere.acme.example') {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      return res.end(V2_TEXT);
    }
    switch (req.url) {
      case '/slow.json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"schema": "postcheck/pack/v1",');
        res.on('close', () => (stats.slowClosed += 1));
        return undefined;
      case '/huge.json': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const start = '{"schema": "postcheck/pack/v1", "pad": "';
        stats.hugeSent += start.length;
        res.write(start);
        const pump = () => {
          while (stats.hugeSent < HUGE_LIMIT && !res.destroyed) {
            stats.hugeSent += chunk.length;
            if (!res.write(chunk)) return res.once('drain', pump);
          }
          if (!res.destroyed) res.end('"}');
          return undefined;
        };
        res.on('close', () => (stats.hugeClosed = true));
        return pump();
      }
      case '/redirect.json':
        res.writeHead(302, { location: `${ELSEWHERE}/acme.json` });
        return res.end();
      case '/page.json':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end('<!doctype html><title>Sign in</title><form><input name=user></form>');
      case '/update.json':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(V2_TEXT);
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('not found');
    }
  };
  const server = await startHttpsServer({ hosts: ['hostile.acme.example', 'elsewhere.acme.example'], handler });
  return { port: server.port, stats, stop: server.stop };
}

/** The active pack's version on the options page. */
const packVersion = async (page) => ((await page.locator(OPTIONS.version).first().textContent()) ?? '').trim();

/** Origins the extension holds as host permissions, seen from one of its pages. */
const activeOrigins = (page) => page.evaluate(async () => (await chrome.permissions.getAll()).origins.sort());

/** The notice's error text, or null. */
async function noticeError(page) {
  const n = page.locator('#notice .error');
  return (await n.count()) ? (await page.locator('#notice').innerText()).replace(/\s+/g, ' ') : null;
}

/** Imports from `url` on the options page; waits until it is active or an error shows. */
async function importUrl(page, url, { expectName = null, timeout = 15_000 } = {}) {
  await page.locator(OPTIONS.url).fill(url);
  await page.locator(OPTIONS.urlImport).click();
  return until(
    async () => {
      const error = await noticeError(page);
      if (error) return { error };
      if (expectName && (await page.locator(OPTIONS.ok).count()) && (await packName(page)) === expectName) return { ok: true };
      return null;
    },
    { timeout, message: `the import from ${url} to end` },
  );
}

describe('importing a pack from a hostile server', () => {
  let server;
  let session;
  let page;
  before(async () => {
    server = await startServer();
    session = await launch({
      // Pre-granted (no native prompt; see lib/harness.mjs), not active until requested.
      grantOrigins: [PACK_ORIGIN, HOSTILE],
      name: 'pack-server',
      args: serverArgs(server.port, ['hostile.acme.example', 'elsewhere.acme.example']),
    });
    await routeToServer(session, [HOSTILE, ELSEWHERE]);
    session.serve(PACK_URL, { status: 200, contentType: 'application/json', body: readFileSync(join(PACKS, 'url-v1.json')) });
    page = await openOptions(session);
    assert.deepEqual(await importUrl(page, PACK_URL, { expectName: V1.name }), { ok: true });
    assert.ok((await activeOrigins(page)).includes(`${PACK_ORIGIN}/*`));
  });
  after(async () => {
    await session?.close();
    await server?.stop();
  });

  /** The previous pack is still active (and still from its URL), and "Importing…" is gone. */
  async function assertPreviousPackStays() {
    assert.equal(await packName(page), V1.name, 'the previous pack is still active');
    assert.equal(await packVersion(page), V1.version, 'the previous version');
    assert.equal(await page.locator('[data-postcheck="importing"]').count(), 0, '"Importing…" is gone');
    const stored = await page.evaluate(() => chrome.storage.local.get('packs').then((i) => i.packs.map((p) => p.source)));
    assert.deepEqual(stored, [{ type: 'url', url: PACK_URL }], 'the list of packs is unchanged');
    const origins = await until(
      async () => {
        const now = await activeOrigins(page);
        return now.includes(`${HOSTILE}/*`) ? null : now;
      },
      { timeout: 5_000, message: "the failed download's origin to be removed again" },
    );
    assert.ok(origins.includes(`${PACK_ORIGIN}/*`), 'the active pack keeps its origin');
  }

  test('a body that never ends: the download stops after 30 s with a message; the previous pack stays', async (t) => {
    const started = Date.now();
    const outcome = await importUrl(page, `${HOSTILE}/slow.json`, { timeout: 90_000 });
    assert.match(outcome.error ?? '', /did not send the whole pack within 30 seconds, so the download was stopped/);
    assert.ok(Date.now() - started >= 29_000, 'not before the time limit');
    t.diagnostic(`the download stopped after ${Date.now() - started} ms`);
    await until(() => server.stats.slowClosed === 1, { timeout: 5_000, message: 'the browser to close the slow download' });
    await assertPreviousPackStays();
  });

  test('Cancel stops a download that never ends; the previous pack stays', async () => {
    await page.locator(OPTIONS.url).fill(`${HOSTILE}/slow.json`);
    await page.locator(OPTIONS.urlImport).click();
    const cancel = page.locator('#pack-import-cancel');
    await until(() => cancel.isVisible(), { message: 'the Cancel button while importing' });
    await until(() => server.stats.slowClosed === 1 && server.stats.requests.filter((r) => r.endsWith('/slow.json')).length === 2, {
      message: 'the second slow download to start',
    });
    await cancel.click();
    const error = await until(() => noticeError(page), { timeout: 5_000, message: 'the cancelled download to say so' });
    assert.match(error, /The download was cancelled\./);
    await until(() => server.stats.slowClosed === 2, { timeout: 5_000, message: 'the browser to close the cancelled download' });
    await assertPreviousPackStays();
  });

  test('a body far over 16 MiB is given up soon after it passes 16 MiB, not read to its end', async (t) => {
    const outcome = await importUrl(page, `${HOSTILE}/huge.json`, { timeout: 60_000 });
    assert.match(outcome.error ?? '', /The server sent more than 16 MB, more than any pack may be, so the download was stopped\./);
    await until(() => server.stats.hugeClosed, { timeout: 10_000, message: 'the browser to close the huge download' });
    const sent = server.stats.hugeSent;
    t.diagnostic(`bytes the server could send before the browser stopped reading: ${sent}`);
    assert.ok(sent > 16 * 1024 * 1024, `it streamed past the cap: ${sent}`);
    assert.ok(sent < 48 * 1024 * 1024, `and was stopped soon after (socket buffers aside), not at ${HUGE_LIMIT}: ${sent} bytes sent`);
    await assertPreviousPackStays();
  });

  test('a redirect to another origin is refused without following it; the pack found there is not taken', async () => {
    const outcome = await importUrl(page, `${HOSTILE}/redirect.json`);
    assert.match(outcome.error ?? '', new RegExp(`The link ${HOSTILE}/redirect\\.json sends the download on to another address\\. postcheck only takes a pack from its own address and follows no redirect`));
    assert.deepEqual(server.stats.requests.filter((r) => r.startsWith(ELSEWHERE)), [], 'no request reached the other host');
    assert.equal(await packVersion(page), V1.version, 'not the version found at the other address');
    await assertPreviousPackStays();
  });

  test('a web page (text/html) instead of a pack is refused in plain words', async () => {
    const outcome = await importUrl(page, `${HOSTILE}/page.json`);
    assert.match(outcome.error ?? '', /The server sent text\/html; charset=utf-8, not a pack \(JSON\): the link may lead to a web page, such as a sign-in page\./);
    await assertPreviousPackStays();
  });

  test('"Update now" of a pack from a file shows the address the pack names and asks first; the permission follows the active pack', async () => {
    // The same pack (same id) from a file: it replaces the one from the link in the stack.
    const filePack = { ...V1, name: 'ACME file pack', update_url: `${HOSTILE}/update.json` };
    await page.locator(OPTIONS.file).setInputFiles({ name: 'file-pack.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(filePack)) });
    await until(async () => (await packName(page)) === filePack.name, { message: 'the file pack to be active' });
    await until(async () => !(await activeOrigins(page)).includes(`${PACK_ORIGIN}/*`), {
      timeout: 5_000,
      message: 'the origin of the replaced pack to be removed',
    });

    const mark = session.log.mark();
    const served = server.stats.requests.length;
    await page.locator(OPTIONS.update).click();
    const confirm = page.locator('[data-postcheck="update-confirm"]');
    await until(() => confirm.isVisible(), { message: 'the question before updating' });
    assert.equal(await page.locator('[data-postcheck="update-url"]').textContent(), `${HOSTILE}/update.json`, 'the address is shown');
    assert.match(await confirm.textContent(), new RegExp(`names its own address for updates, on ${HOSTILE}\\. Download the update from this address\\?`));
    assert.deepEqual(session.log.networkSince(mark), [], 'nothing is downloaded before the answer');
    assert.ok(!(await activeOrigins(page)).includes(`${HOSTILE}/*`), 'no permission is asked before the answer');

    await page.locator('#pack-update-cancel').click();
    assert.equal(await confirm.count(), 0, 'Cancel: the question is gone');
    assert.equal(await packName(page), filePack.name);
    assert.equal(server.stats.requests.length, served, 'nothing was asked of the server');

    await page.locator(OPTIONS.update).click();
    await page.locator('#pack-update-confirm').click();
    await until(async () => (await packVersion(page)) === V2.version || (await noticeError(page)), { message: 'the update to end' });
    assert.equal(await noticeError(page), null);
    assert.equal(await packVersion(page), V2.version);
    assert.deepEqual(server.stats.requests.slice(served), [`${HOSTILE}/update.json`]);
    const origins = await activeOrigins(page);
    assert.ok(origins.includes(`${HOSTILE}/*`) && !origins.includes(`${PACK_ORIGIN}/*`), `only the active pack's origin: ${origins}`);
  });

  test('removing my own packs (back to the starter pack) removes the pack origin\'s permission', async () => {
    await page.locator(OPTIONS.revert).click();
    await until(async () => (await packVersion(page)) !== V2.version, { message: 'the starter pack to be active' });
    const manifest = await page.evaluate(() => chrome.runtime.getManifest());
    const sites = manifest.content_scripts.flatMap((c) => c.matches).sort();
    await until(async () => JSON.stringify(await activeOrigins(page)) === JSON.stringify(sites), {
      timeout: 5_000,
      message: 'only the sites of the content script to be left',
    });
  });
});
