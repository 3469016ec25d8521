// Hosting packs for the extension to download, as the specs that do it over
// real https share (updates, signatures, pack-server): a small https server
// on 127.0.0.1 with a throw-away self-signed certificate for the test's host
// names, Chromium's arguments to reach it under those names, the routing that
// lets those origins through the harness, a copy of the extension with an id
// of its own, the managed policy file that names that copy, and a pack whose
// one rule flags the code word of its version, and minisign keys and
// signatures made with Debian's `minisign` (the format of `postcheck pack sign`).
//
// Streaming needs a real socket (Playwright's routing fulfils a whole body at
// once), and the worker's own downloads (the automatic updates) are not seen
// by Playwright's routing at all: hence a real server. It only answers the
// test that started it and stops with it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyExtension, unpackedExtensionId } from './harness.mjs';

/** Where Chromium on Linux reads managed policies (the tests run as root). */
export const POLICY_DIR = '/etc/chromium/policies/managed';

/** CORS headers that allow the extension's worker to read a pack and its validators (preflight too: they are not simple headers). */
export const CORS = Object.freeze({
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'if-none-match, if-modified-since',
  'access-control-expose-headers': 'etag',
});

/**
 * Starts an https server on 127.0.0.1 (a free port) with a certificate for
 * `hosts` (made here, valid one day, removed at `stop`), answering with
 * `handler(req, res)`. `stop` ends every open connection, so that a response
 * that never ends does not keep the test alive.
 * @param {{hosts: string[], handler: import('node:http').RequestListener}} options
 * @returns {Promise<{port: number, stop: () => Promise<void>}>}
 */
export async function startHttpsServer({ hosts, handler }) {
  const dir = mkdtempSync(join(tmpdir(), 'postcheck-https-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', `/CN=${hosts[0]}`, '-addext', `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
  ], { stdio: 'ignore' });
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, handler);
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium's arguments to reach the server at `port` under `hosts`: the host
 * mapping, and trust in its certificate (made for this test only).
 * @param {number} port
 * @param {string[]} hosts
 */
export const serverArgs = (port, hosts) => [
  `--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ')}`,
  '--ignore-certificate-errors',
];

/**
 * Lets the page requests to `origins` go to the real server (the harness
 * aborts every other request).
 * @param {{context: import('playwright-core').BrowserContext}} session
 * @param {string[]} origins
 */
export const routeToServer = (session, origins) => session.context.route((u) => origins.includes(u.origin), (route) => route.continue());

/**
 * A copy of the built extension with a key of its own: another id, so that a
 * policy for it concerns this test's browser only (not the sessions of other
 * tests running meanwhile on this machine).
 * @returns {{dir: string, id: string, remove: () => void}}
 */
export function extensionWithOwnKey() {
  const copy = copyExtension();
  const der = execFileSync('sh', ['-c', 'openssl genrsa 2048 2>/dev/null | openssl rsa -pubout -outform DER 2>/dev/null']);
  const manifestPath = join(copy.dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.key = der.toString('base64');
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return { ...copy, id: unpackedExtensionId(copy.dir) };
}

/**
 * Writes a managed policy for the extension `extensionId` (its
 * `3rdparty.extensions.<id>` settings) to POLICY_DIR/`name`; `remove` deletes it.
 * @param {string} name the file name, one per spec
 * @param {string} extensionId
 * @param {object} settings what the policy sets (packs, allowUserPacks, updateIntervalHours)
 */
export function writePolicy(name, extensionId, settings) {
  const file = join(POLICY_DIR, name);
  mkdirSync(POLICY_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: settings } } }));
  return { file, remove: () => rmSync(file, { force: true }) };
}

/**
 * A pack with one rule that flags the code word of its version
 * (`Codeword` and the version without dots, unless `word` is given), so that
 * a check shows which version is active.
 * @param {string} version
 * @param {{id: string, name: string, word?: string, expires?: string, publisherKey?: string}} options
 */
export function codewordPack(version, { id, name, word = `Codeword${version.replaceAll('.', '')}`, expires, publisherKey }) {
  return JSON.stringify({
    schema: 'postcheck/pack/v1',
    id,
    ...(publisherKey ? { publisher_key: publisherKey } : {}),
    name,
    version,
    publisher: 'ACME Group IT (test)',
    date: '2026-11-25',
    default_locale: 'en',
    languages: ['en'],
    ...(expires ? { expires } : {}),
    rules: [
      {
        id: `codeword-${version.replaceAll('.', '-')}`,
        kind: 'terms',
        category: 'confidential',
        level: 'important',
        message: '"{match}" is an internal code word.',
        terms: [word],
        examples: { hit: [`About ${word} today`], miss: ['About the weather'] },
      },
    ],
  });
}

/**
 * Runs one round of the worker's update checks now (a test-only function on
 * the worker's global, which no page can reach): what happened, by address.
 * @param {{currentWorker: () => import('playwright-core').Worker}} session
 * @returns {Promise<Record<string, string>>}
 */
export const checkForUpdates = (session) => session.currentWorker().evaluate(() => globalThis.postcheckCheckForUpdates());

/**
 * A minisign key pair (no password) made in `dir`: its public key file's text,
 * the secret key's path and the key id as postcheck shows it (16 digits).
 * @param {string} dir
 * @param {string} name
 */
export function minisignKeyPair(dir, name) {
  const pub = join(dir, `${name}.pub`);
  const sec = join(dir, `${name}.key`);
  execFileSync('minisign', ['-G', '-W', '-p', pub, '-s', sec], { stdio: 'ignore' });
  const text = readFileSync(pub, 'utf8');
  // minisign leaves leading zeros out of the id in its comment; postcheck shows 16 digits.
  const id = /minisign public key ([0-9A-F]{1,16})\b/.exec(text)[1].padStart(16, '0');
  return { pub: text, sec, id };
}

/**
 * The minisign signature of a pack's `text` (signed in a file in `dir`), with
 * the trusted comment naming the pack's id and version (or `comment`).
 * @param {string} dir
 * @param {string} text
 * @param {{sec: string}} key
 * @param {string} [comment]
 */
export function minisignSign(dir, text, key, comment) {
  const file = join(dir, `pack-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, text);
  const { id, version } = JSON.parse(text);
  execFileSync('minisign', ['-S', '-s', key.sec, '-m', file, '-t', comment ?? `postcheck-pack id=${id} version=${version}`], { stdio: 'ignore' });
  return readFileSync(`${file}.minisig`, 'utf8');
}
