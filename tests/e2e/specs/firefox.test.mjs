// The Firefox build (extension/dist/firefox) in a real Firefox: Debian's
// firefox-esr, headless, driven by puppeteer-core over WebDriver BiDi (no
// browser is downloaded). A smoke test of what only a real Firefox can show:
//   - the unpacked build installs as a temporary add-on (BiDi webExtension.install)
//     under its gecko id, with its background scripts (event page) and the wasm engine;
//   - on the X fixture (Draft.js), the new LinkedIn share box (Tiptap in a
//     <dialog>) and the classic one (Quill in an open shadow root), served at https://x.com and https://www.linkedin.com by request
//     interception: the content script puts "Check my draft" next to the
//     composer (not inside it), a click shows the panel (the extension's
//     panel.html in a closed shadow root) with the starter pack's hints for an
//     IBAN and "streng vertraulich" (rule and category), the page sees no open
//     shadow root and no hint text, nothing is written into the editor and
//     Post still submits the typed text;
//   - the options page (moz-extension://<uuid>/options.html) loads and shows
//     the built-in starter pack as the whole stack; the popup page checks a
//     pasted draft and its link opens the options page; a pack imported there from
//     a file goes on top of it and checks drafts, also after the event page
//     was suspended (idle timeout set to 1 s; runtime.getContexts lists no
//     background context) and woken up by the check;
//   - no request leaves the machine: the pages' requests are intercepted (only
//     fixture files are answered, anything else is aborted and recorded), and
//     every other request of the browser (the extension's background page
//     included) goes to a local proxy that refuses and records it; both lists
//     must be empty at the end, and no page printed an error (each with a
//     positive control).
// The Chromium specs cover the rest in depth; this one proves the Firefox
// build runs at all. How each part works in Firefox: tests/e2e/README.md, "Firefox".
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { fixtureResponse, LINKEDIN, PACKS, REPO, X } from '../lib/harness.mjs';
import { SEL, URLS } from '../lib/fixtures.mjs';
import { until, withDeadline } from '../lib/postcheck.mjs';

const FIREFOX = process.env.FIREFOX || (existsSync('/usr/bin/firefox-esr') ? '/usr/bin/firefox-esr' : '/usr/bin/firefox');
const EXTENSION = process.env.POSTCHECK_FIREFOX_EXTENSION_DIR || join(REPO, 'extension', 'dist', 'firefox');
const GECKO_ID = 'postcheck@postcheck.invalid';
/** The extension's moz-extension:// host, fixed through the profile (Firefox otherwise picks a random one per profile). */
const UUID = '0f1e2d3c-4b5a-4687-9a8b-7c6d5e4f3a2b';
const ORIGIN = `moz-extension://${UUID}`;

const EXPECTED = [
  { rule: 'bank-account', category: 'personal-data', excerpt: 'CH93 0076 2011 6238 5295 7' },
  { rule: 'internal-marker', category: 'confidential', excerpt: 'streng vertraulich' },
];

/**
 * A local proxy that every request of the browser not answered by interception
 * goes to: it records and refuses each one (a plain request or a CONNECT), so
 * nothing reaches the network and the test can see what would have.
 */
function refusingProxy() {
  const seen = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(403, { connection: 'close' }).end();
  });
  server.on('connect', (req, socket) => {
    seen.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
  });
  // close() also ends open connections: a kept-alive one would keep the test process running.
  const close = () => {
    server.close();
    server.closeAllConnections();
  };
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ seen, port: server.address().port, close })));
}

/** Profile preferences: every connection through the refusing proxy, no prefetching, the extension's fixed UUID. */
function prefs(port) {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': port,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': port,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.socks_remote_dns': true,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.http.speculative-parallel-limit': 0,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    // Firefox's own remote settings (blocklists and the like): not fetched at all
    // (the value Firefox's remote agent recommends; set here, before startup, and
    // honoured by a release build with MOZ_REMOTE_SETTINGS_DEVTOOLS=1).
    'services.settings.server': 'data:,#remote-settings-dummy/v1',
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
    // The event page is suspended after 1 s idle (Firefox's default: 30 s), so
    // that checks also wake it up and the suspension can be tested.
    'extensions.background.idle.timeout': 1000,
  };
}

/** Records what `page` prints; answers the fixture origins' requests from tests/e2e/dist/fixtures, aborts and records anything else. */
async function serveFixtures(page, record) {
  page.on('console', (m) => record.console.push({ type: m.type(), text: m.text(), url: page.url() }));
  page.on('pageerror', (e) => record.console.push({ type: 'pageerror', text: String(e?.stack ?? e), url: page.url() }));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return request.continue();
    if (u.origin === X || u.origin === LINKEDIN) {
      const response = fixtureResponse(url);
      record.served.push(`${response.status} ${url}`);
      return request.respond(response);
    }
    record.aborted.push(url);
    return request.abort('blockedbyclient');
  });
}

/** The panel frames of the extension in `page`: frames whose document is the extension's panel.html. */
async function panelFrames(page) {
  const out = [];
  for (const frame of page.frames()) {
    const href = await frame.evaluate(() => location.href).catch(() => null);
    if (href && href.startsWith(`${ORIGIN}/panel.html`)) out.push(frame);
  }
  return out;
}

/** The hints of the first panel frame showing an answer (hints, "no hints" or an error), or null. */
async function answeredPanel(page) {
  for (const frame of await panelFrames(page)) {
    const data = await frame
      .evaluate(() => {
        const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : null);
        const shown = (el) => el.checkVisibility();
        return {
          hints: [...document.querySelectorAll('[data-postcheck="hint"]')].map((h) => ({
            rule: h.dataset.rule ?? null,
            category: h.dataset.category ?? null,
            excerpt: text(h.querySelector('[data-postcheck="excerpt"]')),
            message: text(h.querySelector('[data-postcheck="message"]')),
          })),
          noHints: [...document.querySelectorAll('[data-postcheck="no-hints"]')].some(shown),
          error: [...document.querySelectorAll('[data-postcheck="error"]')].filter(shown).map(text).join(' ') || null,
        };
      })
      .catch(() => null);
    if (data && (data.hints.length > 0 || data.noHints || data.error)) return data;
  }
  return null;
}

/**
 * What the page's own scripts see of postcheck's elements (across the site's
 * own open shadow roots): visible buttons and panels, buttons inside an
 * editor, postcheck elements with a shadow root open to the page, hint text.
 */
function pageView(page) {
  return page.evaluate(() => {
    const all = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.matches('[data-postcheck]')) all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    const composedClosest = (el, sel) => {
      for (let n = el.parentNode; n; n = n.parentNode || n.host || null) if (n.nodeType === 1 && n.matches(sel)) return n;
      return null;
    };
    const of = (kind) => all.filter((el) => el.dataset.postcheck === kind);
    return {
      checkButtons: of('check').filter((b) => b.checkVisibility()).length,
      buttonsInEditor: of('check').filter((b) => composedClosest(b, '[contenteditable="true"]')).length,
      panels: of('panel').filter((p) => p.checkVisibility()).length,
      openShadowRoots: all.filter((el) => el.shadowRoot !== null).length,
      // The starter pack's message for an IBAN ("… is an IBAN, a bank account number.").
      hintTextInPage: document.documentElement.innerText.includes('bank account number'),
    };
  });
}

/**
 * The visible check button of the composer whose editor is `editor`: of all
 * postcheck buttons (across open shadow roots), the one that shares the
 * deepest ancestor with the editor (another composer's button shares only a
 * higher one). Null while there is none.
 */
async function checkButtonFor(page, editor) {
  const handle = await page.evaluateHandle((ed) => {
    const up = (n) => n.parentNode || n.host || null;
    const chain = [];
    for (let n = ed; n; n = up(n)) chain.push(n);
    const buttons = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.matches('[data-postcheck="check"]') && el.checkVisibility()) buttons.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    let best = null;
    let bestDepth = Infinity;
    for (const b of buttons) {
      for (let n = b; n; n = up(n)) {
        const i = chain.indexOf(n);
        if (i < 0) continue;
        if (i < bestDepth) [best, bestDepth] = [b, i];
        break;
      }
    }
    return best;
  }, editor);
  return handle.asElement();
}

/** Types `draft` into `editorSelector`, clicks its composer's check button and returns the panel's answer. */
async function typeAndCheck(page, editorSelector, draft) {
  const editor = await page.waitForSelector(editorSelector, { timeout: 20_000 });
  await editor.click();
  await page.keyboard.type(draft);
  const button = await until(() => checkButtonFor(page, editor), { timeout: 20_000, message: 'the check button of the composer' });
  await button.click();
  return until(() => answeredPanel(page), { timeout: 30_000, message: 'the panel to answer the check' });
}

/**
 * Opens an extension page (`path`, e.g. "options.html") in a new tab and waits
 * until its document is there. The page loads, but Firefox's BiDi reports
 * moz-extension:// documents as about:blank, so Puppeteer never sees the
 * navigation end: the test waits for the document itself instead (the
 * navigation promise settles when the tab closes).
 */
async function openExtensionPage(browser, path) {
  const page = await browser.newPage();
  page.goto(`${ORIGIN}/${path}`, { timeout: 60_000 }).catch(() => {});
  await until(async () => (await page.evaluate(() => location.href)) === `${ORIGIN}/${path}`, { timeout: 30_000, message: `${path} to load` });
  return page;
}

/** Waits until the options page `page` shows the active pack. */
async function optionsReady(page) {
  await until(async () => (await page.$eval('[data-postcheck="pack-name"]', (el) => el.textContent.trim()).catch(() => '')) || null, {
    timeout: 30_000,
    message: 'the options page to show the active pack',
  });
  return page;
}

/** Opens the options page and waits until it shows the active pack. */
async function openOptions(browser) {
  return optionsReady(await openExtensionPage(browser, 'options.html'));
}

/** The packs of the active stack, as the options page lists them. */
function layers(options) {
  return options.$$eval('[data-postcheck="layer"]', (ls) => ls.map((l) => l.dataset.packId));
}

/** Asserts the panel shows the expected hints (rule and category exactly; each excerpt and a message). */
function assertHints(data, expected) {
  assert.equal(data.error, null, `no error in the panel: ${data.error}`);
  const key = (h) => `${h.rule}/${h.category}`;
  assert.deepEqual(data.hints.map(key).sort(), expected.map(key).sort(), `hints (rule/category): ${JSON.stringify(data.hints)}`);
  for (const want of expected) {
    const got = data.hints.find((h) => h.rule === want.rule);
    assert.ok(got.excerpt?.includes(want.excerpt), `excerpt of ${want.rule}: ${got.excerpt}`);
    assert.ok(got.message && got.message.length > 0, `message of ${want.rule}`);
  }
}

describe('the Firefox build in Firefox ESR (WebDriver BiDi)', () => {
  let proxy;
  let browser;
  const record = { served: [], aborted: [], console: [] };

  before(async () => {
    assert.ok(existsSync(FIREFOX), `no Firefox at ${FIREFOX}: tests/e2e/run.sh installs Debian's firefox-esr`);
    assert.ok(existsSync(join(EXTENSION, 'manifest.json')), `no Firefox build at ${EXTENSION}: run extension/build.sh build`);
    proxy = await refusingProxy();
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      extraPrefsFirefox: prefs(proxy.port),
      defaultViewport: { width: 1280, height: 900 },
      // WebDriver BiDi navigates a tab to a moz-extension:// page (the options
      // page) only with this switch; without it only http(s), data: and about:blank.
      args: ['--remote-allow-system-access'],
      // Release builds ignore services.settings.server unless this is set.
      env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    });
  });
  after(async () => {
    // Never waits for ever: a Firefox that has not exited after 20 s is killed.
    const closing = browser?.close().catch(() => {});
    await withDeadline(closing, 20_000, 'Firefox to close').catch(() => browser?.process()?.kill('SIGKILL'));
    proxy?.close();
  });

  test('the unpacked build installs as a temporary add-on under its gecko id', async () => {
    assert.equal(await browser.installExtension(EXTENSION), GECKO_ID);
  });

  test('X (Draft.js): "Check my draft" shows the IBAN and "streng vertraulich" hints; Post still submits the typed text', async () => {
    const page = await browser.newPage();
    await serveFixtures(page, record);
    await page.goto(URLS.x);
    const draft = 'Die Zahlen sind streng vertraulich, Spesen bitte auf CH93 0076 2011 6238 5295 7.';
    const data = await typeAndCheck(page, SEL.x.inlineEditor, draft);
    assertHints(data, EXPECTED);
    assert.ok(data.hints.some((h) => h.message.includes('bank account number')), 'the panel shows the text the page must not see');
    const view = await pageView(page);
    assert.deepEqual(view, { checkButtons: 1, buttonsInEditor: 0, panels: 1, openShadowRoots: 0, hintTextInPage: false }, 'what the page sees');
    assert.equal(await page.evaluate(() => window.__fixture.text('inline')), draft, 'nothing was written into the editor');
    const post = await page.$(SEL.x.inlinePost);
    assert.equal(await post.evaluate((b) => b.getAttribute('aria-disabled')), null, 'Post is enabled');
    await post.click();
    assert.deepEqual(await page.evaluate(() => window.__posted), [{ composer: 'inline', texts: [draft] }]);
    await page.close();
  });

  test('LinkedIn new share box (Tiptap in a <dialog>): the same hints, the panel inside the dialog', async () => {
    const page = await browser.newPage();
    await serveFixtures(page, record);
    await page.goto(URLS.linkedinNew);
    await (await page.waitForSelector(SEL.linkedinNew.trigger)).click();
    const draft = 'Big news! Numbers are streng vertraulich until Monday, expenses to CH93 0076 2011 6238 5295 7.';
    const data = await typeAndCheck(page, SEL.linkedinNew.editor, draft);
    assertHints(data, EXPECTED);
    assert.equal(await page.$eval('[data-postcheck="panel"]', (p) => Boolean(p.closest('dialog'))), true, 'the panel is inside the <dialog>');
    const view = await pageView(page);
    assert.deepEqual(view, { checkButtons: 1, buttonsInEditor: 0, panels: 1, openShadowRoots: 0, hintTextInPage: false }, 'what the page sees');
    assert.equal(await page.evaluate(() => window.__fixture.text('share')), draft, 'nothing was written into the editor');
    await page.close();
  });

  test('LinkedIn classic (Quill in the open shadow root of #interop-outlet): the same hints, the button and panel with the share box', async () => {
    const page = await browser.newPage();
    await serveFixtures(page, record);
    await page.goto(URLS.linkedinClassic);
    await (await page.waitForSelector(SEL.linkedinClassic.trigger)).click();
    const draft = 'Streng vertraulich: expenses to CH93 0076 2011 6238 5295 7.';
    // Puppeteer's `>>>` pierces open shadow roots: the editor is in #interop-outlet's.
    const data = await typeAndCheck(page, '#interop-outlet >>> .ql-editor[contenteditable="true"][role="textbox"]', draft);
    assertHints(data, [
      { rule: 'bank-account', category: 'personal-data', excerpt: 'CH93 0076 2011 6238 5295 7' },
      { rule: 'internal-marker', category: 'confidential', excerpt: 'Streng vertraulich' },
    ]);
    const view = await pageView(page);
    const inDialog = await page.evaluate(() => {
      const outlet = document.querySelector('#interop-outlet').shadowRoot;
      const dialog = outlet.querySelector('[role="dialog"]');
      return ['check', 'panel'].map((kind) => [...outlet.querySelectorAll(`[data-postcheck="${kind}"]`)].filter((el) => el.checkVisibility() && dialog.contains(el)).length);
    });
    assert.deepEqual(inDialog, [1, 1], "the share box's button and the panel are inside its dialog, in the shadow root");
    // Two buttons: the share box's and the comment box's on the feed behind it.
    assert.deepEqual(view, { checkButtons: 2, buttonsInEditor: 0, panels: 1, openShadowRoots: 0, hintTextInPage: false }, 'what the page sees');
    assert.equal(await page.evaluate(() => window.__fixture.text('share')), draft, 'nothing was written into the editor');
    await page.close();
  });

  test('the options page loads at moz-extension://<uuid>/options.html and shows the starter pack', async () => {
    // The UUID the profile gave the extension is the host of its panel page in the X tab.
    const x = await browser.newPage();
    await serveFixtures(x, record);
    await x.goto(URLS.x);
    await (await x.waitForSelector(SEL.x.inlineEditor, { timeout: 20_000 })).click();
    const panel = await until(async () => (await panelFrames(x))[0], { timeout: 30_000, message: 'the panel page to load when the editor has the focus' });
    assert.equal(new URL(await panel.evaluate(() => location.href)).host, UUID, "the panel page is at the extension's moz-extension:// host");
    await x.close();

    const page = await openOptions(browser);
    assert.match(await page.$eval('[data-postcheck="pack-name"]', (el) => el.textContent), /starter/i, 'the active pack is the starter pack');
    assert.deepEqual(await layers(page), ['postcheck-starter'], 'the stack is the starter pack alone');
    const rules = Number(await page.$eval('[data-postcheck="pack-rules"]', (el) => el.textContent.trim()));
    assert.ok(rules > 10, `the starter pack's rule count: ${rules}`);
    await page.close();
  });

  test('the popup page checks a pasted draft, and its link opens the options page (runtime.openOptionsPage)', async () => {
    const popup = await openExtensionPage(browser, 'popup.html');
    await until(async () => /starter/i.test(await popup.$eval('#pack-name', (el) => el.textContent)), { timeout: 30_000, message: 'the popup to name the active pack' });
    await popup.type('#draft', 'Die Zahlen sind streng vertraulich, Spesen bitte auf CH93 0076 2011 6238 5295 7.');
    await popup.click('#check');
    const hints = await until(
      async () => {
        const got = await popup.$$eval('#results [data-postcheck="hint"]', (hs) => hs.map((h) => `${h.dataset.rule}/${h.dataset.category}`));
        return got.length ? got : null;
      },
      { timeout: 30_000, message: 'the popup to show hints' },
    );
    assert.deepEqual(hints.sort(), EXPECTED.map((h) => `${h.rule}/${h.category}`).sort());
    // The link calls runtime.openOptionsPage(): a tab with the options page opens.
    const before = new Set(await browser.pages());
    await popup.click('#open-options');
    const options = await until(
      async () => {
        for (const p of await browser.pages()) {
          if (before.has(p)) continue;
          if ((await p.evaluate(() => location.href).catch(() => '')) === `${ORIGIN}/options.html`) return p;
        }
        return null;
      },
      { timeout: 30_000, message: 'the options page to open from the popup' },
    );
    await optionsReady(options);
    await options.close();
    if (!popup.isClosed()) await popup.close();
  });

  test('a pack imported from a file on the options page checks drafts, also after the background page was suspended', async () => {
    const options = await openOptions(browser);
    await (await options.$('input#pack-file')).uploadFile(join(PACKS, 'e2e-iban.json'));
    await until(async () => JSON.stringify(await layers(options)) === JSON.stringify(['postcheck-starter', 'acme-e2e']), {
      timeout: 30_000,
      message: 'the imported pack on top of the starter pack',
    });
    // The event page stops after 1 s idle (extensions.background.idle.timeout):
    // wait until Firefox lists no background context of the extension.
    const background = () => options.evaluate(async () => (await browser.runtime.getContexts({ contextTypes: ['BACKGROUND'] })).length);
    await until(async () => (await background()) === 0, { timeout: 30_000, message: 'the background page to be suspended' });

    const page = await browser.newPage();
    await serveFixtures(page, record);
    await page.goto(URLS.x);
    const data = await typeAndCheck(page, SEL.x.inlineEditor, 'Die Zahlen sind streng vertraulich, Spesen bitte auf CH93 0076 2011 6238 5295 7.');
    // The same passages flagged by both layers give one hint each: the company pack's.
    assertHints(data, [
      { rule: 'iban', category: 'personal-data', excerpt: 'CH93 0076 2011 6238 5295 7' },
      { rule: 'confidential-markers', category: 'confidential', excerpt: 'streng vertraulich' },
    ]);
    await page.close();
    await options.close();
  });

  test('no request left the machine: nothing aborted, nothing reached the proxy; no error printed', async () => {
    assert.ok(record.served.some((s) => s.startsWith(`200 ${X}/home`)), `the X fixture was served: ${JSON.stringify(record.served)}`);
    assert.ok(record.served.some((s) => s.startsWith(`200 ${LINKEDIN}/feed/new/`)), 'the LinkedIn fixture was served');
    assert.deepEqual(record.aborted, [], 'requests of the pages to other origins (aborted)');
    assert.deepEqual(proxy.seen, [], 'requests of the browser that would have left the machine (refused by the proxy)');
    const errors = record.console.filter((e) => e.type === 'error' || e.type === 'pageerror');
    assert.deepEqual(errors, [], 'errors printed by the pages');

    // Positive controls: a page without interception reaches the proxy (and
    // only it), and what a page prints is recorded.
    const page = await browser.newPage();
    page.on('console', (m) => record.console.push({ type: m.type(), text: m.text(), url: page.url() }));
    await page.goto('http://proxy-control.invalid/').catch(() => {});
    assert.ok(proxy.seen.includes('GET http://proxy-control.invalid/'), `the control request went to the refusing proxy: ${JSON.stringify(proxy.seen)}`);
    // (Firefox may ask that host for its favicon too.)
    assert.deepEqual(proxy.seen.filter((r) => !r.startsWith('GET http://proxy-control.invalid/')), [], 'only the control reached the proxy');
    await page.evaluate(() => console.error('postcheck-e2e-control'));
    await until(() => record.console.some((e) => e.type === 'error' && e.text === 'postcheck-e2e-control'), { timeout: 10_000, message: "the control's console message" });
    await page.close();
  });
});
