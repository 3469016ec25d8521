// IT policy and automatic updates, in real Chromium with a real managed policy:
// a JSON file in /etc/chromium/policies/managed/ (the tests run as root) whose
// `3rdparty.extensions.<id>` names a pack on a local https server and says
// that employees may not add packs of their own. The worker downloads that
// pack by itself (no user gesture, no host permission: the server allows it
// by CORS), and then, step by step, checks it for updates (triggered here by
// calling the update function on the worker's global, which no page can
// reach): 304 Not Modified, a newer version, an older version, another pack
// id, a 50 MB response, a response that never ends, a redirect to another
// host, a host without CORS, and a newer version past its expiry date. After
// each step: which pack checks a draft, what the options page shows, and which
// requests the server saw (nothing else, nothing at any other time).
//
// The policy names a copy of the extension with a key of its own (another
// id), so that Chromium sessions of other tests running meanwhile on this
// machine are not under the policy. The file is removed afterwards.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EXTENSION, launch, stopServiceWorker } from '../lib/harness.mjs';
import { OPTIONS, openOptions, until } from '../lib/postcheck.mjs';
import { checkForUpdates, codewordPack, CORS, extensionWithOwnKey, routeToServer, serverArgs, startHttpsServer, writePolicy } from '../lib/hosting.mjs';

const POLICY_NAME = 'postcheck-test.json';
const ORIGIN = 'https://policy.acme.example';
const ELSEWHERE = 'https://elsewhere.acme.example';
const PACK_URL = `${ORIGIN}/postcheck/group.json`;
/** Most the huge body ever sends (the server's own bound): 50 MB. */
const HUGE = 50 * 1000 * 1000;

/** A pack of the organisation: one rule per version that flags its code word, so a check shows which version is active. */
const pack = (version, { id = 'acme-group', word, expires } = {}) => codewordPack(version, { id, name: 'ACME group pack', word, expires });

const V1 = '2026.11.1';
const V2 = '2026.12.10';

/**
 * The pack server: answers what `state.mode` says, allows the extension by
 * CORS (preflight too: the validators are not simple headers), records every
 * request (method, address, validators).
 */
async function startServer() {
  const state = { mode: { body: pack(V1), etag: '"v1"' }, team: { body: pack('1.0', { id: 'acme-team' }), etag: '"t1"' }, requests: [], hugeSent: 0, hugeClosed: false, slowClosed: false };
  const handler = (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    state.requests.push({ method: req.method, url: `https://${host}${req.url}`, ifNoneMatch: req.headers['if-none-match'] ?? null });
    if (req.method === 'OPTIONS' && !state.mode.noCors) {
      res.writeHead(204, { ...CORS, 'access-control-max-age': '0' });
      return res.end();
    }
    if (host === 'team.acme.example') {
      // The employee's own link: a plain file server, no CORS headers (the extension holds this origin's permission).
      const team = state.team;
      if (team.etag && req.headers['if-none-match'] === team.etag) return res.writeHead(304, { etag: team.etag }).end();
      res.writeHead(200, { 'content-type': 'application/json', ...(team.etag ? { etag: team.etag } : {}) });
      return res.end(team.body);
    }
    if (host === 'elsewhere.acme.example') {
      res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
      return res.end(pack('2027.1.1'));
    }
    if (req.url !== '/postcheck/group.json') {
      res.writeHead(404, CORS);
      return res.end();
    }
    const mode = state.mode;
    if (mode.etag && req.headers['if-none-match'] === mode.etag) {
      res.writeHead(304, { ...CORS, etag: mode.etag });
      return res.end();
    }
    if (mode.noCors) {
      // A host that does not allow the extension: no CORS headers at all.
      if (req.method === 'OPTIONS') return res.writeHead(204).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(mode.body);
    }
    if (mode.redirect) {
      res.writeHead(302, { ...CORS, location: mode.redirect });
      return res.end();
    }
    if (mode.slow) {
      res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
      res.write('{"schema": "postcheck/pack/v1",');
      res.on('close', () => (state.slowClosed = true));
      return undefined;
    }
    if (mode.huge) {
      res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      res.write('{"pad": "');
      const pump = () => {
        while (state.hugeSent < HUGE && !res.destroyed) {
          state.hugeSent += chunk.length;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        if (!res.destroyed) res.end('"}');
        return undefined;
      };
      res.on('close', () => (state.hugeClosed = true));
      return pump();
    }
    res.writeHead(200, { ...CORS, 'content-type': 'application/json', ...(mode.etag ? { etag: mode.etag } : {}) });
    return res.end(mode.body);
  };
  const server = await startHttpsServer({ hosts: ['policy.acme.example', 'elsewhere.acme.example', 'team.acme.example'], handler });
  return { port: server.port, state, stop: server.stop };
}

describe('IT policy: a pack set by the organisation, kept up to date by the worker', () => {
  let server;
  let session;
  let copy;
  let policyFile;
  let options;
  before(async () => {
    server = await startServer();
    copy = extensionWithOwnKey();
    policyFile = writePolicy(POLICY_NAME, copy.id, { packs: [{ url: PACK_URL }], allowUserPacks: false, updateIntervalHours: 24 });
    session = await launch({ extensionDir: copy.dir, name: 'updates', args: serverArgs(server.port, ['policy.acme.example', 'elsewhere.acme.example']) });
    assert.equal(session.extensionId, copy.id);
    await routeToServer(session, [ORIGIN, ELSEWHERE]);
  });
  after(async () => {
    await session?.close();
    await server?.stop();
    copy?.remove();
    policyFile?.remove();
  });

  /** Runs one round of update checks in the worker (the test-only path): what happened, by address. */
  const runUpdates = () => checkForUpdates(session);

  /** The rules that flag the code words of every version in a draft checked now. */
  async function activeRules() {
    const text = ['Codeword2026111', 'Codeword20261210', 'Codeword2026115', 'Codeword202711'].join(' and ');
    const answer = await options.evaluate((t) => chrome.runtime.sendMessage({ kind: 'check', text: t, platform: 'linkedin' }), text);
    assert.equal(answer.ok, true, JSON.stringify(answer));
    return answer.result.hints.map((h) => h.rule).filter((r) => r.startsWith('codeword-'));
  }

  /** The policy pack's entry on the options page (after a reload). */
  async function shownLayer() {
    await options.reload();
    const layer = options.locator('[data-postcheck="layer"][data-type="policy"]');
    await until(async () => (await layer.count()) === 1, { message: 'the policy pack on the options page' });
    const text = async (key) => {
      const l = layer.locator(`[data-postcheck="${key}"]`);
      return (await l.count()) ? ((await l.textContent()) ?? '').trim() : null;
    };
    return {
      name: await text('layer-name'),
      version: await text('layer-version'),
      policy: await text('layer-policy'),
      lastCheck: await text('layer-last-check'),
      error: await text('layer-error'),
      removable: (await layer.locator('[data-postcheck="layer-remove"]').count()) > 0,
      rules: await layer.locator('[data-postcheck="layer-rule"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule'))),
    };
  }

  /** The requests the server saw since `mark` (its index). */
  const requestsSince = (mark) => server.state.requests.slice(mark).map((r) => `${r.method} ${r.url}`);

  test('at install the worker downloads the policy pack by itself (CORS, no host permission); it checks drafts and cannot be removed', async () => {
    await until(() => server.state.requests.some((r) => r.method === 'GET'), { timeout: 20_000, message: 'the worker to download the policy pack' });
    options = await openOptions(session);
    await until(async () => (await activeRules()).length > 0, { timeout: 20_000, message: 'the policy pack to check drafts' });
    assert.deepEqual(await activeRules(), ['codeword-2026-11-1']);
    const shown = await shownLayer();
    assert.equal(shown.name, 'ACME group pack');
    assert.equal(shown.version, V1);
    assert.equal(shown.policy, 'Set by your organisation');
    assert.equal(shown.error, null);
    assert.equal(shown.removable, false, 'no Remove for a pack set by the organisation');
    assert.deepEqual(shown.rules, ['codeword-2026-11-1'], 'its rules can be read in full');
    // Nothing but the pack's own address was asked; no host permission was granted for it.
    assert.deepEqual([...new Set(server.state.requests.map((r) => r.url))], [PACK_URL]);
    const origins = await options.evaluate(async () => (await chrome.permissions.getAll()).origins);
    assert.ok(!origins.some((o) => o.startsWith(ORIGIN)), `no host permission: ${origins}`);
    // The employee cannot remove it by message either.
    const removed = await options.evaluate(() => chrome.runtime.sendMessage({ kind: 'pack-remove', id: 'acme-group' }));
    assert.equal(removed.error?.code, 'not-allowed');
  });

  test('allowUserPacks false: the import is switched off on the page and refused by the worker; an own pack stored before is switched off', async () => {
    assert.equal(await options.locator('[data-postcheck="user-packs-off"]').isVisible(), true);
    assert.equal(await options.locator('input#pack-file').isDisabled(), true);
    const refused = await options.evaluate((json) => chrome.runtime.sendMessage({ kind: 'pack-import', json, source: { type: 'file', name: 'mine.json' } }), pack('1.0', { id: 'mine' }));
    assert.equal(refused.error?.code, 'not-allowed');
    assert.deepEqual(await activeRules(), ['codeword-2026-11-1']);
    // A pack of the employee's own stored before the policy (written here as the
    // import would have): it stays stored, shown as switched off, and checks nothing.
    const mine = pack('1.0', { id: 'mine', word: 'Mineword' });
    await options.evaluate(async (json) => {
      const { packs } = await chrome.storage.local.get('packs');
      await chrome.storage.local.set({ packs: [...packs, { json, source: { type: 'file', name: 'mine.json' }, importedAt: new Date().toISOString(), id: 'mine' }] });
    }, mine);
    assert.equal(await stopServiceWorker(session), 1, 'the worker restarts and rebuilds the stack');
    const answer = await options.evaluate(() => chrome.runtime.sendMessage({ kind: 'check', text: 'Mineword and Codeword2026111', platform: 'x' }));
    assert.deepEqual(answer.result.hints.map((h) => h.rule), ['codeword-2026-11-1'], 'the own pack does not check');
    await options.reload();
    const own = options.locator('[data-postcheck="layer"][data-pack-id="mine"]');
    await until(async () => (await own.count()) === 1, { message: 'the own pack on the options page' });
    assert.equal((await own.locator('[data-postcheck="layer-not-checking"]').textContent()).trim(), 'Switched off: your organisation does not allow packs of your own.');
    // The employee can still remove it.
    await own.locator('[data-postcheck="layer-remove"]').click();
    await until(async () => (await own.count()) === 0, { message: 'the own pack to be removed' });
    assert.deepEqual(await options.evaluate(() => chrome.storage.local.get('packs').then((i) => i.packs.map((p) => p.id))), ['acme-group']);
  });

  test('304 Not Modified: the check is recorded, the pack stays', async () => {
    const mark = server.state.requests.length;
    const before = await shownLayer();
    assert.deepEqual(await runUpdates(), { [PACK_URL]: 'not-modified' });
    const gets = server.state.requests.slice(mark).filter((r) => r.method === 'GET');
    assert.deepEqual(gets.map((r) => r.ifNoneMatch), ['"v1"'], 'one request, with the validator of the pack held');
    assert.deepEqual(new Set(requestsSince(mark).map((r) => r.split(' ')[1])), new Set([PACK_URL]));
    assert.deepEqual(await activeRules(), ['codeword-2026-11-1']);
    const shown = await shownLayer();
    assert.equal(shown.version, V1);
    assert.equal(shown.error, null);
    assert.ok(shown.lastCheck && shown.lastCheck !== 'Last successful check for an update: not yet', shown.lastCheck);
    assert.ok(before.lastCheck);
  });

  test('a newer version replaces the pack', async () => {
    server.state.mode = { body: pack(V2), etag: '"v2"' };
    const mark = server.state.requests.length;
    assert.deepEqual(await runUpdates(), { [PACK_URL]: 'updated' });
    assert.deepEqual(new Set(requestsSince(mark).map((r) => r.split(' ')[1])), new Set([PACK_URL]));
    assert.deepEqual(await activeRules(), ['codeword-2026-12-10']);
    const shown = await shownLayer();
    assert.equal(shown.version, V2);
    assert.equal(shown.error, null);
    assert.deepEqual(shown.rules, ['codeword-2026-12-10']);
  });

  /** Serves `mode`, runs the updates, and asserts the refusal: the pack held stays, the page says why. */
  async function refusedStep(mode, why, { timeout } = {}) {
    server.state.mode = mode;
    const mark = server.state.requests.length;
    const outcome = timeout ? await Promise.race([runUpdates(), new Promise((_, reject) => setTimeout(() => reject(new Error('no outcome')), timeout))]) : await runUpdates();
    assert.deepEqual(outcome, { [PACK_URL]: 'failed' });
    assert.deepEqual(await activeRules(), ['codeword-2026-12-10'], 'the previous pack still checks');
    const shown = await shownLayer();
    assert.equal(shown.version, V2, 'the previous version is shown');
    assert.match(shown.error ?? '', why);
    return requestsSince(mark);
  }

  test('an older version is refused as not newer', async () => {
    const seen = await refusedStep({ body: pack('2026.11.5'), etag: '"old"' }, /The last update failed: the pack served \(version 2026\.11\.5\) is not newer than the one held \(version 2026\.12\.10\)/);
    assert.deepEqual(new Set(seen.map((r) => r.split(' ')[1])), new Set([PACK_URL]));
  });

  test('another pack id at the same address is refused', async () => {
    const seen = await refusedStep({ body: pack('2027.1.1', { id: 'someone-else' }), etag: '"other"' }, /another pack \(id someone-else, not acme-group\)/);
    assert.deepEqual(new Set(seen.map((r) => r.split(' ')[1])), new Set([PACK_URL]));
  });

  test('a 50 MB response is given up soon after 16 MiB', async (t) => {
    const seen = await refusedStep({ huge: true }, /more than 16 MB/);
    await until(() => server.state.hugeClosed, { timeout: 10_000, message: 'the browser to close the huge download' });
    t.diagnostic(`bytes the server could send before the worker stopped reading: ${server.state.hugeSent}`);
    assert.ok(server.state.hugeSent < 40 * 1000 * 1000, `stopped soon after the cap, not at ${HUGE}: ${server.state.hugeSent}`);
    assert.deepEqual(new Set(seen.map((r) => r.split(' ')[1])), new Set([PACK_URL]));
  });

  test('a response that never ends is stopped after 30 s', async () => {
    const started = Date.now();
    const seen = await refusedStep({ slow: true }, /did not send the whole pack within 30 seconds/, { timeout: 90_000 });
    assert.ok(Date.now() - started >= 29_000, 'not before the time limit');
    await until(() => server.state.slowClosed, { timeout: 5_000, message: 'the browser to close the slow download' });
    assert.deepEqual(new Set(seen.map((r) => r.split(' ')[1])), new Set([PACK_URL]));
  });

  test('a redirect to another host is refused; the pack found there is not taken', async () => {
    const seen = await refusedStep({ redirect: `${ELSEWHERE}/group.json` }, /sends the download on to another address \(a redirect\), which postcheck does not follow/);
    // The redirect is not followed: no request reaches the other host.
    assert.deepEqual(new Set(seen.map((r) => r.split(' ')[1])), new Set([PACK_URL]));
  });

  test('a host that does not allow the extension by CORS: the download fails, the pack held stays, the page says why', async () => {
    const seen = await refusedStep({ noCors: true, body: pack('2027.1.1') }, /could not be reached .*needs its server to allow this extension \(CORS\)/);
    assert.deepEqual(new Set(seen.map((r) => r.split(' ')[1])), new Set([PACK_URL]));
  });

  test('no request at any other time: checks, the options page and the popup ask nothing', async () => {
    const mark = server.state.requests.length;
    const logMark = session.log.mark();
    for (let i = 0; i < 3; i++) assert.deepEqual(await activeRules(), ['codeword-2026-12-10']);
    await shownLayer();
    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await until(async () => ((await popup.locator('#pack-name').textContent()) ?? '').includes('ACME group pack'), { message: 'the popup to name the policy pack' });
    await popup.close();
    assert.deepEqual(requestsSince(mark), []);
    assert.deepEqual(session.log.networkSince(logMark), []);
    // The alarm of the next check is set to the policy's interval.
    const alarm = await session.currentWorker().evaluate(() => chrome.alarms.get('postcheck-updates'));
    assert.equal(alarm?.periodInMinutes, 24 * 60);
  });

  test('a newer version past its expiry date replaces the pack and is shown as out of date (it still checks)', async () => {
    server.state.mode = { body: pack('2027.1.1', { expires: '2026-01-31' }), etag: '"v3"' };
    assert.deepEqual(await runUpdates(), { [PACK_URL]: 'updated' });
    assert.deepEqual(await activeRules(), ['codeword-2027-1-1']);
    await shownLayer();
    const expired = options.locator('[data-postcheck="layer"][data-type="policy"] [data-postcheck="layer-expired"]');
    assert.equal((await expired.textContent()).trim(), 'Out of date since 2026-01-31: please ask its publisher for the current version.');
    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await until(async () => ((await popup.locator('#pack-name').textContent()) ?? '').includes('ACME group pack 2027.1.1 (out of date)'), { message: 'the popup to say the pack is out of date' });
    await popup.close();
  });
});

describe("automatic updates of a pack the employee imported from a link", () => {
  const TEAM = 'https://team.acme.example';
  const TEAM_URL = `${TEAM}/team.json`;
  let server;
  let session;
  let options;
  before(async () => {
    server = await startServer();
    session = await launch({
      extensionDir: EXTENSION,
      // Pre-granted in the profile (no native prompt; see lib/harness.mjs), active once the import requests it.
      grantOrigins: [TEAM],
      name: 'updates-own',
      args: serverArgs(server.port, ['team.acme.example']),
    });
    await routeToServer(session, [TEAM]);
    options = await openOptions(session);
  });
  after(async () => {
    await session?.close();
    await server?.stop();
  });

  const runUpdates = () => checkForUpdates(session);
  const teamVersion = async () => {
    await options.reload();
    const layer = options.locator('[data-postcheck="layer"][data-type="url"]');
    await until(async () => (await layer.count()) === 1, { message: 'the link pack on the options page' });
    const error = layer.locator('[data-postcheck="layer-error"]');
    return { version: (await layer.locator('[data-postcheck="layer-version"]').textContent()).trim(), error: (await error.count()) ? (await error.textContent()).trim() : null };
  };

  test('imported from a link, then: 304, a newer version, an older one; the worker uses the permission granted at the import (no CORS needed)', async () => {
    await options.locator(OPTIONS.url).fill(TEAM_URL);
    await options.locator(OPTIONS.urlImport).click();
    await until(async () => (await options.locator(OPTIONS.ok).count()) > 0, { message: 'the import from the link' });
    assert.deepEqual(await teamVersion(), { version: '1.0', error: null });
    // The layer of the baseline stays listed beneath it.
    assert.equal(await options.locator('[data-postcheck="layer"][data-type="baseline"]').count(), 1);

    const mark = server.state.requests.length;
    assert.deepEqual(await runUpdates(), { [TEAM_URL]: 'not-modified' });
    server.state.team = { body: pack('1.1', { id: 'acme-team' }), etag: '"t2"' };
    assert.deepEqual(await runUpdates(), { [TEAM_URL]: 'updated' });
    assert.deepEqual(await teamVersion(), { version: '1.1', error: null });
    server.state.team = { body: pack('1.0.9', { id: 'acme-team' }), etag: '"t3"' };
    assert.deepEqual(await runUpdates(), { [TEAM_URL]: 'failed' });
    const shown = await teamVersion();
    assert.equal(shown.version, '1.1');
    assert.match(shown.error, /version 1\.0\.9\) is not newer than the one held \(version 1\.1\)/);
    const answer = await options.evaluate(() => chrome.runtime.sendMessage({ kind: 'check', text: 'Codeword11 and Codeword109', platform: 'x' }));
    assert.deepEqual(answer.result.hints.map((h) => h.rule), ['codeword-1-1']);
    // Three checks: three GETs to the link, the first two with the validator held; no preflight, nothing else.
    const seen = server.state.requests.slice(mark);
    assert.deepEqual(seen.map((r) => [r.method, r.url, r.ifNoneMatch]), [
      ['GET', TEAM_URL, '"t1"'],
      ['GET', TEAM_URL, '"t1"'],
      ['GET', TEAM_URL, '"t2"'],
    ]);
    const origins = await options.evaluate(async () => (await chrome.permissions.getAll()).origins);
    assert.ok(origins.includes(`${TEAM}/*`), 'the link pack keeps its origin');
  });
});
