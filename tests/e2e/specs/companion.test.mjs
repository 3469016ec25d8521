// The companion in real Chromium: a native messaging host manifest in the test
// profile (`<user-data-dir>/NativeMessagingHosts/ch.postcheck.companion.json`)
// whose `path` is a small wrapper that records everything the browser writes
// to the host's standard input, then runs the real `postcheck companion serve`
// (target/debug/postcheck) on a temporary packs folder holding one machine pack.
// The optional nativeMessaging permission is pre-granted in the profile (as
// harness.mjs does for origins: no native prompt) and asked for by the options
// page's button (Chromium's running worker gets connectNative only when it
// restarts: the test stops it as the browser does an idle one). Then: the machine pack is in the stack "From this computer",
// its rule fires on an X draft, and the recording holds only the three
// requests with their fields, never the draft. Without the host: the options
// page says so quietly and checks go on as before.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EXTENSION, launch, REPO, stopServiceWorker, unpackedExtensionId } from '../lib/harness.mjs';
import { SEL, URLS } from '../lib/fixtures.mjs';
import { codewordPack, minisignKeyPair, minisignSign } from '../lib/hosting.mjs';
import { openOptions, runCheck, until } from '../lib/postcheck.mjs';

/** The companion: POSTCHECK_BIN, else the debug build (the Rust tests make it), else the release build (./build.sh makes it). */
const BINARY = [process.env.POSTCHECK_BIN, join(REPO, 'target', 'debug', 'postcheck'), join(REPO, 'target', 'release', 'postcheck')].find((p) => p && existsSync(p)) ?? join(REPO, 'target', 'debug', 'postcheck');
const HOST = 'ch.postcheck.companion';
const WORD = 'Machineword';
/** A secret word in the draft: it must never reach the companion. */
const SECRET = 'Zebrasecret4711';
const FIELDS = { hello: ['type', 'version'], list: ['type'], get: ['chunk', 'id', 'type'] };

/** The frames the browser wrote to the host: 32-bit little-endian length, then JSON. */
function frames(bytes) {
  const out = [];
  let at = 0;
  while (at + 4 <= bytes.length) {
    const length = bytes.readUInt32LE(at);
    out.push(JSON.parse(bytes.subarray(at + 4, at + 4 + length).toString('utf8')));
    at += 4 + length;
  }
  assert.equal(at, bytes.length, 'whole frames only');
  return out;
}

/** The companion state line and the machine layers of the options page. */
const companionState = (page) => page.locator('[data-postcheck="companion-state"]').getAttribute('data-state');
const machineLayer = (page, id) => page.locator(`[data-postcheck="layer"][data-type="companion"][data-pack-id="${id}"]`);

/**
 * Gives the permission with the options page's button and has the companion
 * read. Chromium gives the running worker no connectNative after the grant
 * (state `waiting`): the worker is stopped as the browser stops an idle one,
 * and "Read them again" starts a fresh one, which can. Resolves with the state.
 */
async function allowAndRead(session, options, until_) {
  await options.locator('#companion-allow').click();
  await until(async () => ['waiting', 'connected', 'absent'].includes(await companionState(options)), { message: 'the permission to be given' });
  if ((await companionState(options)) === 'waiting') {
    await stopServiceWorker(session);
    await options.locator('#companion-read').click();
  }
  await until(async () => (await companionState(options)) === until_, { timeout: 30_000, message: `the companion state ${until_}` });
}

/**
 * A host in `dir`: folders `packs` and `cache`, and `host.sh`, which records
 * what the browser writes to the host (`stdin.bin`) and runs the real
 * `postcheck companion serve` on those folders.
 */
function writeHost(dir) {
  mkdirSync(join(dir, 'packs'));
  mkdirSync(join(dir, 'cache'));
  const q = (s) => `'${s.replaceAll("'", "'\\''")}'`;
  writeFileSync(
    join(dir, 'host.sh'),
    [
      '#!/bin/sh',
      `POSTCHECK_PACKS_DIR=${q(join(dir, 'packs'))}`,
      `POSTCHECK_CACHE_DIR=${q(join(dir, 'cache'))}`,
      'export POSTCHECK_PACKS_DIR POSTCHECK_CACHE_DIR',
      `tee -a ${q(join(dir, 'stdin.bin'))} | ${q(BINARY)} companion serve`,
      '',
    ].join('\n'),
  );
  chmodSync(join(dir, 'host.sh'), 0o755);
}

/** The host manifest of `dir`'s host in a Chromium profile, for the extension `id`. */
function registerHost(userDataDir, dir, id) {
  mkdirSync(join(userDataDir, 'NativeMessagingHosts'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'NativeMessagingHosts', `${HOST}.json`),
    JSON.stringify({ name: HOST, description: 'postcheck companion (test)', path: join(dir, 'host.sh'), type: 'stdio', allowed_origins: [`chrome-extension://${id}/`] }),
  );
}

/** Types `text` into X's composer on a new page and checks it: the rules that fired. */
async function rulesOnX(session, text) {
  const page = await session.context.newPage();
  try {
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.waitFor();
    await editor.click();
    await page.keyboard.type(text);
    const { data } = await runCheck(page, editor);
    assert.equal(data.error, null, 'the check ran');
    return data.hints.map((h) => h.rule);
  } finally {
    await page.close();
  }
}

// Outside CI a missing binary skips (with the command that builds it); in CI it fails.
const SKIP = existsSync(BINARY) || process.env.CI ? false : `no ${BINARY}: cargo build -p postcheck-cli`;
describe('the companion: machine packs through native messaging', { skip: SKIP }, () => {
  let dir;
  let record;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'postcheck-companion-'));
    writeHost(dir);
    writeFileSync(join(dir, 'packs', 'acme-machine.json'), codewordPack('2026.12.1', { id: 'acme-machine', name: 'ACME machine pack', word: WORD }));
    record = join(dir, 'stdin.bin');
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the machine pack is in the stack from this computer, its rule fires, and no draft reaches the companion', async () => {
    const id = unpackedExtensionId(EXTENSION);
    const session = await launch({
      name: 'companion',
      grantApis: ['nativeMessaging'],
      profile: (userDataDir) => registerHost(userDataDir, dir, id),
    });
    try {
      const options = await openOptions(session);
      assert.equal(await companionState(options), 'off', 'nothing is read before the permission is asked for');
      await allowAndRead(session, options, 'connected');
      const layer = machineLayer(options, 'acme-machine');
      await until(() => layer.isVisible(), { message: 'the machine pack in the stack' });
      assert.equal((await layer.locator('[data-postcheck="layer-companion"]').textContent()).trim(), 'From this computer');
      assert.equal(await layer.locator('[data-postcheck="layer-remove"]').count(), 0, 'a machine pack is not removed here');

      const page = await session.context.newPage();
      await page.goto(URLS.x);
      const editor = page.locator(SEL.x.inlineEditor);
      await editor.waitFor();
      await editor.click();
      await page.keyboard.type(`About ${WORD} today, ${SECRET}`);
      const { data } = await runCheck(page, editor);
      assert.ok(
        data.hints.some((h) => h.rule === 'codeword-2026-12-1'),
        `the machine pack's rule fires: ${JSON.stringify(data.hints.map((h) => h.rule))}`,
      );

      const sent = frames(readFileSync(record));
      assert.ok(sent.some((m) => m.type === 'get'), 'the pack was fetched');
      for (const m of sent) {
        assert.ok(Object.hasOwn(FIELDS, m.type), JSON.stringify(m));
        assert.deepEqual(Object.keys(m).sort(), FIELDS[m.type], JSON.stringify(m));
      }
      const raw = readFileSync(record, 'utf8');
      assert.ok(!raw.includes(SECRET) && !raw.includes('today'), 'no draft text reached the companion');
    } finally {
      await session.close();
    }
  });

  test('signed machine packs: a newer version is taken, a tampered file is refused and the last good copy stays', async () => {
    const signedDir = mkdtempSync(join(tmpdir(), 'postcheck-companion-signed-'));
    try {
      writeHost(signedDir);
      const key = minisignKeyPair(signedDir, 'it');
      const keyLine = key.pub.split('\n').find((l) => l.startsWith('RW'));
      writeFileSync(join(signedDir, 'packs', 'config.json'), JSON.stringify({ publishers: { 'acme-signed': keyLine } }));
      const put = (text, signature) => {
        writeFileSync(join(signedDir, 'packs', 'acme-signed.json'), text);
        writeFileSync(join(signedDir, 'packs', 'acme-signed.json.minisig'), signature);
      };
      const v1 = codewordPack('2026.12.1', { id: 'acme-signed', name: 'ACME signed machine pack', word: 'Signedone' });
      put(v1, minisignSign(signedDir, v1, key));

      const id = unpackedExtensionId(EXTENSION);
      const session = await launch({ name: 'companion-signed', grantApis: ['nativeMessaging'], profile: (userDataDir) => registerHost(userDataDir, signedDir, id) });
      try {
        const options = await openOptions(session);
        await allowAndRead(session, options, 'connected');
        const layer = machineLayer(options, 'acme-signed');
        const version = () => layer.locator('[data-postcheck="layer-version"]').textContent();
        await until(async () => (await layer.count()) === 1 && (await version()) === '2026.12.1', { message: 'version 1 in the stack' });
        assert.equal(await layer.locator('[data-postcheck="layer-signed"]').getAttribute('data-key-id'), key.id, 'the signer is shown');

        // IT puts a newer signed version in the folder: read again, it is taken.
        const v2 = codewordPack('2026.12.2', { id: 'acme-signed', name: 'ACME signed machine pack', word: 'Signedtwo' });
        put(v2, minisignSign(signedDir, v2, key));
        await options.locator('#companion-read').click();
        await until(async () => (await version()) === '2026.12.2', { message: 'version 2 in the stack' });
        assert.deepEqual((await rulesOnX(session, 'About Signedone and Signedtwo')).filter((r) => r.startsWith('codeword-')), ['codeword-2026-12-2']);

        // The file is changed after signing (its signature is version 2's): refused, version 2 stays, and why is shown.
        put(v2.replace('Signedtwo', 'Signedbad'), minisignSign(signedDir, v2, key));
        await options.locator('#companion-read').click();
        const refused = options.locator('[data-postcheck="companion-file"][data-state="previous"]');
        await until(() => refused.isVisible(), { message: 'the refused file named' });
        assert.match(await refused.textContent(), /acme-signed\.json was refused, so its last good copy is used/);
        assert.match(await refused.textContent(), /signature/i, `why: ${await refused.textContent()}`);
        assert.equal(await version(), '2026.12.2', 'the last good copy stays in the stack');
        assert.deepEqual((await rulesOnX(session, 'About Signedtwo and Signedbad')).filter((r) => r.startsWith('codeword-')), ['codeword-2026-12-2'], 'checks use the last good copy');
      } finally {
        await session.close();
      }
    } finally {
      rmSync(signedDir, { recursive: true, force: true });
    }
  });

  test('a companion that crashes mid-message or sends garbage changes nothing: the machine pack held stays and checks, no error on the page', async () => {
    const brokenDir = mkdtempSync(join(tmpdir(), 'postcheck-companion-broken-'));
    try {
      writeHost(brokenDir);
      writeFileSync(join(brokenDir, 'packs', 'acme-held.json'), codewordPack('2026.12.1', { id: 'acme-held', name: 'ACME held pack', word: 'Heldword' }));
      const id = unpackedExtensionId(EXTENSION);
      const session = await launch({ name: 'companion-broken', grantApis: ['nativeMessaging'], profile: (userDataDir) => registerHost(userDataDir, brokenDir, id) });
      try {
        const options = await openOptions(session);
        await allowAndRead(session, options, 'connected');
        const layer = machineLayer(options, 'acme-held');
        await until(() => layer.isVisible(), { message: 'the machine pack in the stack' });

        // The host now answers with a frame cut short (a length of 100, then 10 bytes, then it exits),
        // then with bytes that are no frame at all (a length prefix of about 1.6 GB).
        const hosts = {
          crashed: `#!/bin/sh\nhead -c 4 >/dev/null\nprintf '\\144\\000\\000\\000{"type":"h'\nexit 3\n`,
          garbage: `#!/bin/sh\nhead -c 4 >/dev/null\nprintf 'garbage, not a length prefix'\n`,
        };
        for (const [name, script] of Object.entries(hosts)) {
          writeFileSync(join(brokenDir, 'host.sh'), script);
          await options.locator('#companion-read').click();
          await until(async () => !['connected', 'never', 'waiting'].includes(await companionState(options)), { timeout: 30_000, message: `the ${name} companion noticed` });
          assert.ok(await layer.isVisible(), `${name}: the machine pack held stays in the stack`);
          assert.ok((await rulesOnX(session, 'About Heldword today')).includes('codeword-2026-12-1'), `${name}: checks still use it`);
        }
        const errors = session.consoleLog.entries.filter((e) => e.type === 'error' || e.type === 'pageerror');
        assert.deepEqual(errors, [], 'no error in any console');
      } finally {
        await session.close();
      }
    } finally {
      rmSync(brokenDir, { recursive: true, force: true });
    }
  });

  test('without the companion installed nothing breaks: the options page says so, checks go on', async () => {
    const session = await launch({ name: 'companion-missing', grantApis: ['nativeMessaging'] });
    try {
      const options = await openOptions(session);
      await allowAndRead(session, options, 'absent');
      assert.equal(await options.locator('[data-postcheck="layer"][data-type="companion"]').count(), 0);
      assert.equal(await options.locator('#notice .error').count(), 0, 'no error shown');

      const page = await session.context.newPage();
      await page.goto(URLS.x);
      const editor = page.locator(SEL.x.inlineEditor);
      await editor.waitFor();
      await editor.click();
      await page.keyboard.type(`About ${WORD} today`);
      const { data } = await runCheck(page, editor);
      assert.equal(data.error, null, 'the check ran');
      assert.ok(!data.hints.some((h) => h.rule === 'codeword-2026-12-1'));
      const errors = session.consoleLog.entries.filter((e) => e.type === 'error' || e.type === 'pageerror');
      assert.deepEqual(errors, [], 'no error in any console');
    } finally {
      await session.close();
    }
  });
});
