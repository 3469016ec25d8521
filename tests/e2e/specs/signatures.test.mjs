// Signed packs, in real Chromium: keys made and packs signed here with the
// `minisign` tool (Debian's package; the same format as `postcheck pack
// sign`), served with their `.minisig` by a local https server.
//
// 1. A real managed policy (a JSON file in /etc/chromium/policies/managed/,
//    for a copy of the extension with an id of its own) names the pack with
//    its `publicKey`: a signed v1 installs; a newer version signed by the same
//    key replaces it; a newer version changed by one byte after signing, one
//    signed by another key, and one without a signature are refused, the
//    previous pack stays and checking keeps working; the options page shows
//    the key id and "pinned by your organisation".
// 2. A pack the employee imports from a link with the publisher's key: pinned
//    at import (the page shows the key id to compare); an update signed by
//    another key is refused, one by the pinned key is taken.
// 3. A pack the employee imports from a file, choosing its `.minisig` with it
//    and pasting the publisher's key: the page shows the signer; a wrong key,
//    a pack changed after signing, a signature without a key and a key
//    without a signature are refused, each in plain words, and the previous
//    pack stays and keeps checking.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EXTENSION, launch } from '../lib/harness.mjs';
import { OPTIONS, openOptions, until } from '../lib/postcheck.mjs';
import { checkForUpdates, codewordPack, CORS, extensionWithOwnKey, minisignKeyPair, minisignSign, routeToServer, serverArgs, startHttpsServer, writePolicy } from '../lib/hosting.mjs';

const POLICY_NAME = 'postcheck-signatures-test.json';
const ORIGIN = 'https://signed.acme.example';
const PACK_URL = `${ORIGIN}/postcheck/group.json`;
const TEAM = 'https://signedteam.acme.example';
const TEAM_URL = `${TEAM}/team.json`;

const HOSTS = ['signed.acme.example', 'signedteam.acme.example'];

const work = mkdtempSync(join(tmpdir(), 'postcheck-signatures-'));

const keyPair = (name) => minisignKeyPair(work, name);
const sign = (text, key, comment) => minisignSign(work, text, key, comment);

/** A pack with one rule flagging the code word of its version. */
const pack = (version, { id = 'acme-signed', publisherKey } = {}) => codewordPack(version, { id, name: 'ACME signed pack', publisherKey });

/** The server: `state.files` by path (`{body}`), CORS for the policy's origin; every request recorded. */
async function startServer() {
  const state = { files: {}, requests: [] };
  const handler = (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    const url = `https://${host}${req.url}`;
    state.requests.push(`${req.method} ${url}`);
    if (req.method === 'OPTIONS') return res.writeHead(204, { ...CORS, 'access-control-max-age': '0' }).end();
    const file = state.files[url];
    if (!file) return res.writeHead(404, CORS).end();
    res.writeHead(200, { ...CORS, 'content-type': url.endsWith('.minisig') ? 'application/octet-stream' : 'application/json' });
    return res.end(file);
  };
  const server = await startHttpsServer({ hosts: HOSTS, handler });
  return {
    port: server.port,
    state,
    /** Serves `text` at `url`, with `signature` next to it (none: no signature file). */
    serve(url, text, signature) {
      state.files[url] = text;
      if (signature) state.files[`${url}.minisig`] = signature;
      else delete state.files[`${url}.minisig`];
    },
    stop: server.stop,
  };
}

const K1 = keyPair('publisher');
const K2 = keyPair('stranger');

/** The rules that flag the code words of every version used here, in a draft checked now. */
async function activeRules(options) {
  const text = ['Codeword10', 'Codeword11', 'Codeword12', 'Codeword13'].join(' and ');
  const answer = await options.evaluate((t) => chrome.runtime.sendMessage({ kind: 'check', text: t, platform: 'linkedin' }), text);
  assert.equal(answer.ok, true, JSON.stringify(answer));
  return answer.result.hints.map((h) => h.rule).filter((r) => r.startsWith('codeword-'));
}

/** The layer of `type` on the options page (after a reload): version, signature line, last error. */
async function shownLayer(options, type) {
  await options.reload();
  const layer = options.locator(`[data-postcheck="layer"][data-type="${type}"]`);
  await until(async () => (await layer.count()) === 1, { message: `the ${type} pack on the options page` });
  const text = async (key) => {
    const l = layer.locator(`[data-postcheck="${key}"]`);
    return (await l.count()) ? ((await l.textContent()) ?? '').trim() : null;
  };
  return { version: await text('layer-version'), signed: await text('layer-signed'), unsigned: await text('layer-unsigned'), error: await text('layer-error') };
}

after(() => rmSync(work, { recursive: true, force: true }));

describe('a policy pack with a pinned publicKey', () => {
  let server;
  let session;
  let copy;
  let policyFile;
  let options;
  before(async () => {
    server = await startServer();
    server.serve(PACK_URL, pack('1.0'), sign(pack('1.0'), K1));
    // A key of its own (another id): the policy concerns this test's browser only.
    copy = extensionWithOwnKey();
    policyFile = writePolicy(POLICY_NAME, copy.id, { packs: [{ url: PACK_URL, publicKey: K1.pub }] });
    session = await launch({ extensionDir: copy.dir, name: 'signatures', args: serverArgs(server.port, HOSTS) });
    assert.equal(session.extensionId, copy.id);
    await routeToServer(session, [ORIGIN]);
  });
  after(async () => {
    await session?.close();
    await server?.stop();
    copy?.remove();
    policyFile?.remove();
  });

  const runUpdates = () => checkForUpdates(session);

  test('a signed v1 installs; the options page shows the key id, pinned by the organisation', async () => {
    await until(() => server.state.requests.includes(`GET ${PACK_URL}.minisig`), { timeout: 20_000, message: 'the worker to fetch the signature' });
    options = await openOptions(session);
    await until(async () => (await activeRules(options)).length > 0, { timeout: 20_000, message: 'the signed pack to check drafts' });
    assert.deepEqual(await activeRules(options), ['codeword-1-0']);
    const shown = await shownLayer(options, 'policy');
    assert.equal(shown.version, '1.0');
    assert.equal(shown.signed, `Signed by key ${K1.id} (pinned by your organisation).`);
    assert.equal(shown.error, null);
    assert.deepEqual([...new Set(server.state.requests.map((r) => r.split(' ')[1]))].sort(), [PACK_URL, `${PACK_URL}.minisig`]);
  });

  test('a newer version signed by the same key replaces it', async () => {
    server.serve(PACK_URL, pack('1.1'), sign(pack('1.1'), K1));
    assert.deepEqual(await runUpdates(), { [PACK_URL]: 'updated' });
    assert.deepEqual(await activeRules(options), ['codeword-1-1']);
    const shown = await shownLayer(options, 'policy');
    assert.equal(shown.version, '1.1');
    assert.equal(shown.signed, `Signed by key ${K1.id} (pinned by your organisation).`);
  });

  /** Serves a refused newer version: the previous pack stays, checking works, the page says why. */
  async function refused(text, signature, why) {
    server.serve(PACK_URL, text, signature);
    const mark = server.state.requests.length;
    assert.deepEqual(await runUpdates(), { [PACK_URL]: 'failed' });
    assert.deepEqual(await activeRules(options), ['codeword-1-1'], 'the previous pack still checks');
    const shown = await shownLayer(options, 'policy');
    assert.equal(shown.version, '1.1', 'the previous version is shown');
    assert.equal(shown.signed, `Signed by key ${K1.id} (pinned by your organisation).`);
    assert.match(shown.error ?? '', why);
    const asked = new Set(server.state.requests.slice(mark).map((r) => r.split(' ')[1]));
    assert.ok([...asked].every((u) => u === PACK_URL || u === `${PACK_URL}.minisig`), [...asked].join(', '));
  }

  test('a newer version changed by one byte after signing is refused', async () => {
    const signed = pack('1.2');
    const signature = sign(signed, K1);
    const tampered = signed.replace('internal code word', 'internal code wore');
    assert.equal(tampered.length, signed.length);
    await refused(tampered, signature, /The last update failed: the signature is not valid: the signature does not match the pack: the pack .* was changed after it was signed/);
  });

  test('a newer version signed by another key is refused', async () => {
    await refused(pack('1.2'), sign(pack('1.2'), K2), new RegExp(`signed by another key: the signature is by key ${K2.id}, the public key given is key ${K1.id}`));
  });

  test('a newer version without a signature, or whose signature names another version, is refused', async () => {
    await refused(pack('1.2'), null, /signature \(https:\/\/signed\.acme\.example\/postcheck\/group\.json\.minisig\) could not be downloaded: the server answered HTTP 404/);
    await refused(pack('1.2'), sign(pack('1.2'), K1, 'postcheck-pack id=acme-signed version=1.1'), /the signature is for pack acme-signed version 1\.1, not for this pack \(acme-signed version 1\.2\)/);
  });

  test('then a newer version signed by the pinned key is taken again', async () => {
    server.serve(PACK_URL, pack('1.3'), sign(pack('1.3'), K1));
    assert.deepEqual(await runUpdates(), { [PACK_URL]: 'updated' });
    assert.deepEqual(await activeRules(options), ['codeword-1-3']);
    assert.equal((await shownLayer(options, 'policy')).error, null);
  });
});

describe('a pack the employee imports from a link with the publisher key: pinned at import', () => {
  let server;
  let session;
  let options;
  before(async () => {
    server = await startServer();
    session = await launch({ extensionDir: EXTENSION, grantOrigins: [TEAM], name: 'signatures-own', args: serverArgs(server.port, HOSTS) });
    await routeToServer(session, [TEAM]);
    options = await openOptions(session);
  });
  after(async () => {
    await session?.close();
    await server?.stop();
  });

  const runUpdates = () => checkForUpdates(session);

  test('a wrong key at import is refused; the right one pins the pack, shown with its key id', async () => {
    server.serve(TEAM_URL, pack('1.0', { id: 'acme-team' }), sign(pack('1.0', { id: 'acme-team' }), K1));
    await options.locator(OPTIONS.url).fill(TEAM_URL);
    await options.locator('#pack-url-key').fill(K2.pub.trim().split('\n').at(-1));
    await options.locator(OPTIONS.urlImport).click();
    await until(async () => (await options.locator('[data-postcheck="pack-error"]').count()) > 0, { message: 'the refusal' });
    assert.match(await options.locator('#notice').textContent(), /its signature is missing or does not match the publisher key[\s\S]*signed by another key/);
    assert.equal(await options.locator('[data-postcheck="layer"][data-type="url"]').count(), 0, 'nothing imported');

    await options.locator('#pack-url-key').fill(K1.pub);
    await options.locator(OPTIONS.urlImport).click();
    await until(async () => (await options.locator(OPTIONS.ok).count()) > 0, { message: 'the import from the link' });
    const shown = await shownLayer(options, 'url');
    assert.equal(shown.version, '1.0');
    assert.equal(shown.signed, `Signed by key ${K1.id} (pinned at import: compare this key id with the one your publisher gives).`);
  });

  test('an update signed by another key is refused; one by the pinned key is taken; a pack without a key shows "Not signed"', async () => {
    server.serve(TEAM_URL, pack('1.1', { id: 'acme-team' }), sign(pack('1.1', { id: 'acme-team' }), K2));
    assert.deepEqual(await runUpdates(), { [TEAM_URL]: 'failed' });
    let shown = await shownLayer(options, 'url');
    assert.equal(shown.version, '1.0');
    assert.match(shown.error ?? '', /signed by another key/);
    assert.deepEqual(await activeRules(options), ['codeword-1-0']);
    server.serve(TEAM_URL, pack('1.1', { id: 'acme-team' }), sign(pack('1.1', { id: 'acme-team' }), K1));
    assert.deepEqual(await runUpdates(), { [TEAM_URL]: 'updated' });
    shown = await shownLayer(options, 'url');
    assert.equal(shown.version, '1.1');
    assert.equal(shown.error, null);
    assert.equal(shown.signed, `Signed by key ${K1.id} (pinned at import: compare this key id with the one your publisher gives).`);
    // The same pack id from a file (no signature) cannot replace the pinned pack.
    const fromFile = await options.evaluate((json) => chrome.runtime.sendMessage({ kind: 'pack-import', json, source: { type: 'file', name: 'team.json' } }), pack('1.2', { id: 'acme-team' }));
    assert.equal(fromFile.error?.code, 'signature');
    assert.match(fromFile.error.problems[0].message, new RegExp(`pinned to the publisher key ${K1.id}: choose its signature file \\(team\\.json\\.minisig\\) together with the pack, or import it from its link`));
    // A pack imported without a key is shown as not signed.
    const unsigned = await options.evaluate((json) => chrome.runtime.sendMessage({ kind: 'pack-import', json, source: { type: 'file', name: 'other.json' } }), pack('1.0', { id: 'other' }));
    assert.equal(unsigned.ok, true, JSON.stringify(unsigned.error));
    await options.reload();
    const other = options.locator('[data-postcheck="layer"][data-pack-id="other"] [data-postcheck="layer-unsigned"]');
    await until(async () => (await other.count()) === 1, { message: 'the unsigned pack' });
    assert.equal((await other.textContent()).trim(), 'Not signed.');
  });

  test('trust on first use: a pack that names its publisher key is pinned to it at its first import from a link', async () => {
    const url = `${TEAM}/tofu.json`;
    const keyLine = (k) => k.pub.trim().split('\n').at(-1);
    const v1 = pack('1.0', { id: 'acme-tofu', publisherKey: keyLine(K1) });
    // Named but not signed by it: refused.
    server.serve(url, v1, sign(v1, K2));
    await options.locator(OPTIONS.url).fill(url);
    await options.locator('#pack-url-key').fill('');
    await options.locator(OPTIONS.urlImport).click();
    await until(async () => (await options.locator('[data-postcheck="layer"][data-pack-id="acme-tofu"]').count()) === 0 && (await options.locator('[data-postcheck="pack-error"]').count()) > 0 ? true : null, { message: 'the refusal' });
    // Signed by the key it names: taken, and the key is pinned.
    server.serve(url, v1, sign(v1, K1));
    await options.locator(OPTIONS.urlImport).click();
    const layer = options.locator('[data-postcheck="layer"][data-pack-id="acme-tofu"] [data-postcheck="layer-signed"]');
    await until(async () => ((await layer.count()) === 1 ? true : null), { message: 'the pinned pack' });
    assert.equal((await layer.textContent()).trim(), `Signed by key ${K1.id} (pinned at import: compare this key id with the one your publisher gives).`);
    // A newer version that names another key and is signed by it is refused: the first key stays pinned.
    const v2 = pack('1.1', { id: 'acme-tofu', publisherKey: keyLine(K2) });
    server.serve(url, v2, sign(v2, K2));
    const result = await runUpdates();
    assert.equal(result[url], 'failed', JSON.stringify(result));
  });
});

describe('a pack the employee imports from a file with its .minisig and the publisher key', () => {
  let session;
  let options;
  before(async () => {
    session = await launch({ extensionDir: EXTENSION, name: 'signatures-file' });
    options = await openOptions(session);
  });
  after(async () => {
    await session?.close();
  });

  const ID = 'acme-file';
  const asFile = (name, text) => ({ name, mimeType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream', buffer: Buffer.from(text) });
  /** Chooses `files` in the file input, with `key` (or none) in the key box; waits for the outcome; the notice's text. */
  async function importFiles(files, key) {
    await options.locator('#pack-url-key').fill(key ?? '');
    await options.evaluate(() => document.querySelector('#notice').replaceChildren());
    await options.locator(OPTIONS.file).setInputFiles(files);
    await until(async () => (await options.locator('#notice').textContent()).trim() !== '', { message: 'the outcome of the import' });
    return (await options.locator('#notice').textContent()).trim();
  }
  const layer = () => options.locator(`[data-postcheck="layer"][data-pack-id="${ID}"]`);
  const shownVersion = async () => ((await layer().count()) ? (await layer().locator('[data-postcheck="layer-version"]').textContent()).trim() : null);
  const refusedFor = /The pack was refused: its signature is missing or does not match the publisher key\. The active pack is unchanged\./;

  test('a wrong key is refused and nothing is imported', async () => {
    const v1 = pack('1.0', { id: ID });
    const notice = await importFiles([asFile('acme.json', v1), asFile('acme.json.minisig', sign(v1, K1))], K2.pub);
    assert.match(notice, refusedFor);
    assert.match(notice, new RegExp(`signed by another key: the signature is by key ${K1.id}, the public key given is key ${K2.id}`));
    assert.equal(await layer().count(), 0, 'nothing imported');
  });

  test('a good signature: imported, and the options page shows the signer', async () => {
    const v1 = pack('1.0', { id: ID });
    const notice = await importFiles([asFile('acme.json', v1), asFile('acme.json.minisig', sign(v1, K1))], K1.pub);
    assert.match(notice, /Imported/);
    assert.equal(await shownVersion(), '1.0');
    const signed = layer().locator('[data-postcheck="layer-signed"]');
    assert.equal((await signed.textContent()).trim(), `Signed by key ${K1.id} (pinned at import: compare this key id with the one your publisher gives).`);
    assert.equal(await signed.getAttribute('data-key-id'), K1.id);
    assert.deepEqual(await activeRules(options), ['codeword-1-0']);
  });

  /** A refused import of a newer version: the notice says `why`; 1.0 stays, signed, and checks. */
  async function refused(files, key, why) {
    const notice = await importFiles(files, key);
    assert.match(notice, why);
    assert.equal(await shownVersion(), '1.0', 'the previous pack stays');
    assert.equal(await layer().locator('[data-postcheck="layer-signed"]').getAttribute('data-key-id'), K1.id);
    assert.deepEqual(await activeRules(options), ['codeword-1-0'], 'the previous pack still checks');
  }

  test('a pack changed by one byte after signing is refused; the previous pack stays', async () => {
    const v11 = pack('1.1', { id: ID });
    const signature = sign(v11, K1);
    const tampered = v11.replace('internal code word', 'internal code wore');
    await refused([asFile('acme.json', tampered), asFile('acme.json.minisig', signature)], K1.pub, /the pack .* was changed after it was signed/);
  });

  test('with the key pinned: a signature by another key, or none, is refused', async () => {
    const v11 = pack('1.1', { id: ID });
    await refused([asFile('acme.json', v11), asFile('acme.json.minisig', sign(v11, K2))], null, new RegExp(`signed by another key: the signature is by key ${K2.id}, the public key given is key ${K1.id}`));
    await refused([asFile('acme.json', v11), asFile('acme.json.minisig', sign(v11, K2))], K2.pub, new RegExp(`pinned to the publisher key ${K1.id}, not ${K2.id}`));
    await refused([asFile('acme.json', v11)], null, new RegExp(`pinned to the publisher key ${K1.id}: choose its signature file \\(acme\\.json\\.minisig\\)`));
  });

  test('a signature alone, or two packs, are not imported; the previous pack stays', async () => {
    const v11 = pack('1.1', { id: ID });
    await refused([asFile('acme.json.minisig', sign(v11, K1))], K1.pub, /Choose the pack file \(\.json\) together with its signature/);
    await refused([asFile('a.json', v11), asFile('b.json', v11)], K1.pub, /Choose one pack file/);
  });

  test('a newer version signed by the pinned key is taken, the key box left empty', async () => {
    const v11 = pack('1.1', { id: ID });
    const notice = await importFiles([asFile('acme-1.1.minisig', sign(v11, K1)), asFile('acme-1.1.json', v11)], null);
    assert.match(notice, /Imported/);
    assert.equal(await shownVersion(), '1.1');
    assert.equal(await layer().locator('[data-postcheck="layer-signed"]').getAttribute('data-key-id'), K1.id);
    assert.deepEqual(await activeRules(options), ['codeword-1-1']);
  });

  test('a signature without a key means nothing: refused, unless the pack names its publisher_key; a key without a signature is refused', async () => {
    const plain = pack('1.0', { id: 'acme-nokey' });
    let notice = await importFiles([asFile('nokey.json', plain), asFile('nokey.json.minisig', sign(plain, K1))], null);
    assert.match(notice, /a signature means something only with the publisher's key/);
    assert.equal(await options.locator('[data-postcheck="layer"][data-pack-id="acme-nokey"]').count(), 0);
    notice = await importFiles([asFile('nokey.json', plain)], K1.pub);
    assert.match(notice, /a publisher key was given but no signature: choose the pack's signature file \(nokey\.json\.minisig\)/);
    assert.equal(await options.locator('[data-postcheck="layer"][data-pack-id="acme-nokey"]').count(), 0);
    // The pack names its key: the .minisig alone is checked with it, and the key pinned.
    const named = pack('1.0', { id: 'acme-named', publisherKey: K1.pub.trim().split('\n').at(-1) });
    notice = await importFiles([asFile('named.json', named), asFile('named.json.minisig', sign(named, K2))], null);
    assert.match(notice, /signed by another key/);
    notice = await importFiles([asFile('named.json', named), asFile('named.json.minisig', sign(named, K1))], null);
    assert.match(notice, /Imported/);
    const signed = options.locator('[data-postcheck="layer"][data-pack-id="acme-named"] [data-postcheck="layer-signed"]');
    assert.equal(await signed.getAttribute('data-key-id'), K1.id);
  });
});
