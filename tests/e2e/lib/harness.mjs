// The browser harness: Debian's Chromium driven by playwright-core, with the
// unpacked extension loaded into a fresh profile, and every request routed:
// the fixture pages are served at the real origins (x.com, www.linkedin.com)
// with a strict CSP that has no 'wasm-unsafe-eval'; pack downloads are served
// at a company origin; anything else is aborted and recorded.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const E2E = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = resolve(E2E, '..', '..');
export const FIXTURES = join(E2E, 'dist', 'fixtures');
export const PACKS = join(E2E, 'packs');
export const SCREENSHOTS = join(REPO, 'docs', 'screenshots');
export const EXTENSION = resolve(process.env.POSTCHECK_EXTENSION_DIR || join(REPO, 'extension', 'dist', 'chromium'));
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** The page CSP: the shape of X's captured policy, and no 'wasm-unsafe-eval' (nor 'unsafe-eval'). */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self'",
  "frame-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

export const X = 'https://x.com';
export const LINKEDIN = 'https://www.linkedin.com';
/** Where the tests' company publishes its pack (a reserved .example name: never resolvable). */
export const PACK_ORIGIN = 'https://comms.acme.example';

/** Fixture pages by URL; their assets are served from /__fixture/ on the same origin. */
export const PAGES = {
  [`${X}/home`]: 'x.html',
  [`${LINKEDIN}/feed/`]: 'linkedin-classic.html',
  [`${LINKEDIN}/feed/new/`]: 'linkedin-new.html',
  [`${LINKEDIN}/preload/`]: 'linkedin-preload.html',
  [`${LINKEDIN}/feed/update/urn:li:activity:7400000000000000002/`]: 'linkedin-post.html',
  [`${LINKEDIN}/article/new/`]: 'linkedin-article.html',
  [`${X}/messages/1234-5678`]: 'x-messages.html',
  [`${X}/explore`]: 'x-messages.html',
};

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json' };

/**
 * The id Chromium gives an unpacked extension: from the manifest's `key` if it
 * has one, else from the absolute path of its folder (SHA-256, first 32 hex
 * digits written with the letters a-p).
 */
export function unpackedExtensionId(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const input = manifest.key ? Buffer.from(manifest.key, 'base64') : Buffer.from(realpathSync(dir));
  const hex = createHash('sha256').update(input).digest('hex').slice(0, 32);
  return [...hex].map((d) => String.fromCharCode(97 + parseInt(d, 16))).join('');
}

/**
 * Chromium shows a native prompt for `chrome.permissions.request()` and has no
 * switch to accept it outside its own browser tests. It does not prompt for
 * optional permissions the profile already granted at runtime (as after
 * `permissions.remove()`): they sit in Preferences under
 * extensions.settings.<id>.runtime_granted_permissions. The harness writes that
 * into the fresh profile for the given origins; the permission is still NOT
 * active until the extension itself calls permissions.request() (with a user
 * gesture), so tests can see that it asked, and for which origin.
 */
function seedGrantedOrigins(userDataDir, extensionId, origins, apis = []) {
  const set = { api: apis, explicit_host: origins.map((o) => `${o}/*`), manifest_permissions: [], scriptable_host: [] };
  mkdirSync(join(userDataDir, 'Default'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'Default', 'Preferences'),
    JSON.stringify({ extensions: { settings: { [extensionId]: { granted_permissions: set, runtime_granted_permissions: set } } } }),
  );
}

/** Every request the browser context made: pages, frames, extension pages and the service worker. */
export class RequestLog {
  constructor(context) {
    this.entries = [];
    this.blocked = [];
    context.on('request', (r) => {
      let frame = null;
      try {
        frame = r.frame().url();
      } catch {
        frame = null;
      }
      this.entries.push({ url: r.url(), method: r.method(), type: r.resourceType(), worker: r.serviceWorker() ? r.serviceWorker().url() : null, frame });
    });
  }
  mark() {
    return this.entries.length;
  }
  since(mark) {
    return this.entries.slice(mark);
  }
  /** Requests that left the browser for the network (http/https), since `mark`. */
  networkSince(mark) {
    return this.since(mark).filter((e) => /^https?:/.test(e.url));
  }
}

/**
 * Every console message and uncaught error of the browser context: pages, their
 * frames (the panel frame too), extension pages and the service worker.
 */
export class ConsoleLog {
  constructor(context) {
    this.entries = [];
    const record = (source, type, text, url) => this.entries.push({ source, type, text, url });
    const watchPage = (page) => {
      page.on('console', (m) => record('page', m.type(), m.text(), m.location()?.url ?? null));
      page.on('pageerror', (e) => record('page', 'pageerror', `${e.name}: ${e.message}\n${e.stack ?? ''}`, page.url()));
    };
    const watchWorker = (w) => {
      w.on('console', (m) => record('worker', m.type(), m.text(), w.url()));
    };
    for (const p of context.pages()) watchPage(p);
    for (const w of context.serviceWorkers()) watchWorker(w);
    context.on('page', watchPage);
    context.on('serviceworker', watchWorker);
    context.on('weberror', (e) => record('context', 'weberror', String(e.error()?.stack ?? e.error()), e.page()?.url() ?? null));
  }
  /** Entries whose text contains `needle`. */
  containing(needle) {
    return this.entries.filter((e) => e.text.includes(needle));
  }
}

/** The response for a fixture URL: the page or asset with the strict CSP, or a 404 (same shape for Playwright and Puppeteer). */
export function fixtureResponse(url) {
  const u = new URL(url);
  const page = PAGES[`${u.origin}${u.pathname}`];
  let file = null;
  if (page) file = join(FIXTURES, page);
  else if (u.pathname.startsWith('/__fixture/')) {
    const name = u.pathname.slice('/__fixture/'.length);
    if (/^[\w.-]+$/.test(name)) file = join(FIXTURES, name);
  }
  if (!file || !existsSync(file)) return { status: 404, headers: { 'content-security-policy': PAGE_CSP }, contentType: 'text/plain', body: 'not found' };
  return {
    status: 200,
    headers: { 'content-security-policy': PAGE_CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' },
    contentType: TYPES[extname(file)] || 'application/octet-stream',
    body: readFileSync(file),
  };
}

/**
 * Starts Chromium with the extension (unless `extension: false`); `args` are
 * more command-line switches (pack-server.test.mjs maps a host to its own server);
 * `grantApis` optional API permissions pre-granted as `grantOrigins` are (e.g.
 * nativeMessaging); `profile(userDataDir)` prepares the fresh profile before
 * the browser starts (companion.test.mjs puts a native messaging host in it);
 * `locale` the browser's language (its UI, `navigator.languages`, Accept-Language).
 * Returns { context, log, extensionId, dynamicId (the panel's dynamic URL's host), serve(url, response), served, close() }.
 */
export async function launch({ extension = true, extensionDir = EXTENSION, grantOrigins = [], grantApis = [], profile = null, name = null, args: extraArgs = [], locale = 'en-US' } = {}) {
  if (!existsSync(FIXTURES)) throw new Error(`fixtures are not built: run \`node fixtures/build.mjs\` in ${E2E}`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'postcheck-e2e-'));
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--lang=${locale}`,
    ...extraArgs,
  ];
  let expectedId = null;
  if (extension) {
    if (!existsSync(join(extensionDir, 'manifest.json'))) throw new Error(`no built extension at ${extensionDir}: run extension/build.sh build`);
    expectedId = unpackedExtensionId(extensionDir);
    if (grantOrigins.length || grantApis.length) seedGrantedOrigins(userDataDir, expectedId, grantOrigins, grantApis);
    args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`);
  }
  if (profile) profile(userDataDir);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    locale,
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
  });
  const log = new RequestLog(context);
  const consoleLog = new ConsoleLog(context);
  const extra = new Map(); // url -> response (packs at PACK_ORIGIN)
  const served = []; // urls answered from `extra`

  // Routes registered later run first: the catch-all goes in first.
  await context.route(
    (u) => u.protocol === 'http:' || u.protocol === 'https:',
    (route) => {
      log.blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  for (const origin of [X, LINKEDIN]) {
    await context.route(`${origin}/**`, (route) => route.fulfill(fixtureResponse(route.request().url())));
  }
  await context.route(`${PACK_ORIGIN}/**`, (route) => {
    const url = route.request().url();
    const response = extra.get(url);
    if (!response) return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
    served.push(url);
    return route.fulfill(typeof response === 'function' ? response() : response);
  });

  let extensionId = null;
  let dynamicId = null;
  let worker = null;
  if (extension) {
    const isOurs = (w) => w.url().startsWith('chrome-extension://');
    worker = context.serviceWorkers().find(isOurs) || (await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 30_000 }));
    extensionId = new URL(worker.url()).host;
    // The panel's dynamic URL (use_dynamic_url: a random id per browser session).
    dynamicId = new URL(await withDeadline(worker.evaluate(() => chrome.runtime.getURL('panel.html')), 30_000, 'the service worker to answer')).host;
  }
  return {
    context,
    log,
    consoleLog,
    extensionId,
    dynamicId,
    expectedId,
    worker,
    served,
    /** Serves `response` (a Playwright fulfill object, or a function returning one) at `url`. */
    serve(url, response) {
      extra.set(url, response);
    },
    /** The extension's service worker now (it may have been restarted). */
    currentWorker() {
      return context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)) || worker;
    },
    async close() {
      await closeBounded(context, userDataDir);
      rmSync(userDataDir, { recursive: true, force: true });
      if (name) {
        // Every request the session saw, for the record (tests/e2e/out/, not committed).
        mkdirSync(join(E2E, 'out'), { recursive: true });
        writeFileSync(join(E2E, 'out', `requests-${name}.json`), `${JSON.stringify({ extensionId, blocked: log.blocked, requests: log.entries }, null, 1)}\n`);
      }
    },
  };
}

/** `promise`, or a rejection naming `what` once `ms` have passed without an answer. */
export function withDeadline(promise, ms, what = 'an answer') {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms while waiting for ${what}`)), ms);
  });
  return Promise.race([Promise.resolve(promise), deadline]).finally(() => clearTimeout(timer));
}

/**
 * Closes the browser of a persistent context, and never waits for ever: a
 * browser that has not exited after `ms` is killed (every process started
 * with this profile folder), so that a stuck browser costs a spec seconds,
 * not the CI run.
 */
export async function closeBounded(context, userDataDir, ms = 20_000) {
  const closing = context.close().catch(() => {});
  const closed = await withDeadline(closing, ms, 'the browser to close').then(
    () => true,
    () => false,
  );
  if (!closed) {
    console.error(`e2e: the browser with profile ${userDataDir} did not close within ${ms} ms: killed`);
    killProfileProcesses(userDataDir);
  }
}

/** Sends SIGKILL to every other process whose command line names `userDataDir` (Linux: /proc). */
export function killProfileProcesses(userDataDir) {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid)) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(userDataDir)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone already, or not ours to read
    }
  }
}

/** Allowed requests: the fixture origins' own files, and the extension's own files. */
export function isAllowedRequest(entry, extensionId, dynamicId = null) {
  const u = new URL(entry.url);
  if (u.protocol === 'chrome-extension:') return u.host === extensionId || (dynamicId !== null && u.host === dynamicId);
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
  if (u.origin === X || u.origin === LINKEDIN) {
    return Boolean(PAGES[`${u.origin}${u.pathname}`]) || u.pathname.startsWith('/__fixture/');
  }
  return false;
}

export function readPack(name) {
  return JSON.parse(readFileSync(join(PACKS, name), 'utf8'));
}

/**
 * Stops the extension's service worker the way the browser does when it is idle:
 * CDP Target.closeTarget on its target (from a page session: Target.getTargets
 * lists the worker there). CDP's ServiceWorker.stopAllWorkers does not stop an
 * extension's worker; closing its target does, and the next message starts a
 * fresh one (new global scope, compiled pack rebuilt from storage).
 * Returns the number of workers stopped.
 */
export async function stopServiceWorker(session) {
  const page = await session.context.newPage();
  const cdp = await session.context.newCDPSession(page);
  const ours = async () =>
    (await cdp.send('Target.getTargets')).targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${session.extensionId}/`));
  try {
    const targets = await ours();
    for (const t of targets) await cdp.send('Target.closeTarget', { targetId: t.targetId });
    const end = Date.now() + 10_000;
    while ((await ours()).length > 0) {
      if (Date.now() > end) throw new Error('the service worker did not stop');
      await new Promise((r) => setTimeout(r, 50));
    }
    return targets.length;
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

/**
 * A copy of the built extension in a temporary folder, without the listed files
 * (e.g. the wasm engine, to test what happens when it cannot load). The copy
 * has another path, so Chromium gives it another id. Returns { dir, remove() }.
 */
export function copyExtension({ without = [], from = EXTENSION } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'postcheck-ext-'));
  cpSync(from, dir, { recursive: true });
  for (const file of without) rmSync(join(dir, file), { force: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
