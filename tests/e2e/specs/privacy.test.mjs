// Never reports, never keeps: every request of the pages, their frames (the
// panel too), the extension's pages and its service worker is recorded while
// drafts are checked on every composer, while the panel is used, and over an
// idle period with composers and panels open: nothing but the fixtures' own
// files and the extension's own files. Afterwards the extension's storage (and
// the sites' storage) holds no draft, and no console (page, panel, extension
// pages, worker) ever printed one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isAllowedRequest, launch } from '../lib/harness.mjs';
import { SEL, URLS } from '../lib/fixtures.mjs';
import { activateE2EPack, clickPanelControl, panelControl, panelFor, readPanel, runCheck, until } from '../lib/postcheck.mjs';

/** Distinctive parts of the drafts: none may turn up in storage or a console. */
const MARKS = ['Zebrafink-7731', 'Quokka-Quartal-42', 'Narwal-Nordstern-9', 'Okapi-Oktober-5', 'Axolotl-Abend-18', 'anna.muster@acme.example'];
/** The drafts' marks (the e-mail address is also in the pack's own examples: not a draft-only text). */
const DRAFT_ONLY = MARKS.slice(0, 5);
const draft = (mark, extra = '') => `🇨🇭 ${mark}: die Zahlen sind streng vertraulich, Fragen an anna.muster@acme.example${extra}`;
const IDLE_MS = 10_000;

describe('never reports, never keeps a draft', () => {
  let session;
  let pages;
  let mark;
  before(async () => {
    session = await launch({ name: 'privacy' });
    await activateE2EPack(session);
    for (const origin of ['https://x.com', 'https://www.linkedin.com']) {
      await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    }
    // Three tabs with every composer open.
    pages = {};
    pages.x = await session.context.newPage();
    await pages.x.goto(URLS.x);
    pages.classic = await session.context.newPage();
    await pages.classic.goto(URLS.linkedinClassic);
    pages.new = await session.context.newPage();
    await pages.new.goto(URLS.linkedinNew);
    await pages.new.locator(SEL.linkedinNew.trigger).click();
    await pages.new.locator(SEL.linkedinNew.editor).waitFor();
    mark = session.log.mark();
  });
  after(async () => {
    await session?.close();
  });

  test('checks on every composer, panel use, the popup, then 10 s idle: no request but the extension\'s own files', async (t) => {
    /** The last composer's last check (its hints are dismissed at the end). */
    let last = null;
    const composers = [
      [pages.x, SEL.x.inlineEditor, draft(MARKS[0])],
      // The comment box first: the share box's modal covers it.
      [pages.classic, SEL.linkedinClassic.commentEditor, draft(MARKS[2])],
      [pages.classic, SEL.linkedinClassic.editor, draft(MARKS[1]), (p) => p.locator(SEL.linkedinClassic.trigger).click()],
      [pages.new, SEL.linkedinNew.editor, draft(MARKS[3])],
    ];
    for (const [page, selector, text, open] of composers) {
      await page.bringToFront();
      await open?.(page);
      const editor = page.locator(selector);
      await editor.click();
      await page.keyboard.type(text);
      const { panel } = await runCheck(page, editor);
      // Use the panel: "why?", close from inside, check again, Escape, check again (stays open).
      await (await panelControl(panel, '[data-postcheck="why"] summary')).click();
      await clickPanelControl(panel, '[data-postcheck="close"]');
      await until(async () => (await panelFor(page, editor)) === null, { timeout: 5_000, message: 'the panel to close' });
      await runCheck(page, editor);
      await page.keyboard.press('Escape');
      await until(async () => (await panelFor(page, editor)) === null, { timeout: 5_000, message: 'the panel to close on Escape' });
      await page.keyboard.type(' und mehr');
      last = await runCheck(page, editor);
    }
    // The popup with a pasted draft.
    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await popup.locator('textarea#draft').fill(draft(MARKS[4]));
    await popup.locator('button#check').click();
    await until(async () => (await popup.locator('[data-postcheck="hint"]').count()) > 0, { message: 'hints in the popup' });
    // On the last composer, its panel still open: every hint dismissed "not again" (kept on
    // the device: see the storage test; done last, as it leaves the same passages' hints everywhere).
    await pages.new.bringToFront();
    for (let n = last.data.hints.length; n > 0; n--) {
      await clickPanelControl(last.panel, '[data-postcheck="dismiss-again"]');
      await until(async () => (await readPanel(last.panel)).hints.length === n - 1, { timeout: 5_000, message: 'the hint dismissed' });
    }

    // Idle, with every composer and panel open (the worker, the content scripts
    // and the panels keep running: discovery rescans every 2 s).
    await new Promise((r) => setTimeout(r, IDLE_MS));

    const since = session.log.since(mark);
    const network = since.filter((e) => /^https?:/.test(e.url));
    assert.deepEqual(network.map((e) => e.url), [], 'no http(s) request during checks, panel use and idle');
    assert.deepEqual(session.log.blocked, [], 'no request was aborted');
    const outside = session.log.entries.filter((e) => !isAllowedRequest(e, session.extensionId, session.dynamicId));
    assert.deepEqual(outside.map((e) => e.url), [], 'over the whole session: nothing but fixture files and extension files');
    const own = since.filter((e) => e.url.startsWith('chrome-extension:'));
    for (const e of own) {
      assert.match(e.url, new RegExp(`^chrome-extension://(${session.extensionId}|${session.dynamicId})/(panel\\.(html|js|css)|popup\\.(html|js)|pages\\.css)(#[0-9a-f]{32})?$`), 'only the panel and popup pages loaded their own files');
    }
    // For the closing note of the hardening issue.
    const counts = { network: network.length, extensionFiles: own.length, wholeSession: session.log.entries.length, fixtureFiles: session.log.entries.filter((e) => /^https:/.test(e.url)).length };
    t.diagnostic(`requests: ${JSON.stringify(counts)}`);
    await popup.close();
  });

  test('no draft in the extension\'s storage, nor in the sites\' storage', async () => {
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/options.html`);
    const stored = await page.evaluate(async () => ({
      local: await chrome.storage.local.get(null),
      session: await chrome.storage.session.get(null),
      sync: await chrome.storage.sync.get(null),
      localStorage: { ...localStorage },
      sessionStorage: { ...sessionStorage },
      indexedDB: (await indexedDB.databases()).map((d) => d.name),
      caches: await caches.keys(),
    }));
    await page.close();
    // Positive control: the store does hold what postcheck keeps (the imported pack).
    assert.deepEqual(Object.keys(stored.local).sort(), ['dismissalKey', 'dismissals', 'packs', 'policyAllowsOwnPacks'], 'storage.local holds the list of packs, the dismissals and their key, the policy\'s answer last read, and nothing else');
    assert.equal(stored.local.policyAllowsOwnPacks, true, 'no policy here: own packs allowed (remembered for the next browser start)');
    // The hints dismissed "not again": rule, pack, category, time and a keyed hash; no passage.
    assert.match(stored.local.dismissalKey, /^[0-9a-f]{64}$/);
    assert.ok(stored.local.dismissals.length >= 2, `the dismissed hints are kept: ${JSON.stringify(stored.local.dismissals)}`);
    for (const d of stored.local.dismissals) {
      assert.deepEqual(Object.keys(d).sort(), ['at', 'category', 'hash', 'id', 'pack', 'rule']);
      assert.match(d.hash, /^[0-9a-f]{64}$/);
    }
    const dismissed = JSON.stringify(stored.local.dismissals);
    for (const passage of ['vertraulich', 'anna.muster', ...DRAFT_ONLY]) assert.ok(!dismissed.includes(passage), `no "${passage}" in the dismissals`);
    assert.equal(stored.local.packs.length, 1);
    const [entry] = stored.local.packs;
    assert.equal(JSON.parse(entry.json).name, 'ACME e2e pack');
    assert.deepEqual(Object.keys(entry).sort(), ['engine', 'id', 'importedAt', 'json', 'source']);
    assert.match(entry.engine, /^[0-9a-f]{64}$/, 'the engine that validated the pack: the SHA-256 of its wasm module');
    // storage.session (memory only): the secrets of panel frames not loaded yet, by tab, and nothing else.
    assert.deepEqual(Object.keys(stored.session), ['panelSecrets'], 'storage.session holds the panel frames\' secrets and nothing else');
    for (const list of Object.values(stored.session.panelSecrets)) for (const s of list) assert.match(s, /^[0-9a-f]{32}$/);
    assert.deepEqual([stored.sync, stored.localStorage, stored.sessionStorage], [{}, {}, {}]);
    assert.deepEqual([stored.indexedDB, stored.caches], [[], []]);
    const all = JSON.stringify(stored);
    for (const m of DRAFT_ONLY) assert.ok(!all.includes(m), `"${m}" is not stored`);
    assert.ok(!all.includes('und mehr'), 'no draft fragment is stored');

    for (const p of Object.values(pages)) {
      const site = await p.evaluate(() => JSON.stringify({ l: { ...localStorage }, s: { ...sessionStorage }, c: document.cookie }));
      for (const m of DRAFT_ONLY) assert.ok(!site.includes(m), `"${m}" is not in ${p.url()}'s storage`);
    }
  });

  test('no draft in any console: pages, panel frames, extension pages, the worker', async () => {
    // Positive controls: the log hears every kind of context.
    const x = pages.x;
    await x.evaluate(() => console.log('probe-page-console'));
    const frame = x.frames().find((f) => f.url().includes('/panel.html'));
    assert.ok(frame, 'a panel frame is open');
    await frame.evaluate(() => console.log('probe-panel-console'));
    const worker = session.currentWorker();
    await worker.evaluate(() => console.log('probe-worker-console'));
    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await popup.evaluate(() => console.log('probe-popup-console'));
    await popup.close();
    for (const probe of ['probe-page-console', 'probe-panel-console', 'probe-worker-console', 'probe-popup-console']) {
      await until(() => session.consoleLog.containing(probe).length > 0, { timeout: 5_000, message: `the console log to hear ${probe}` });
    }
    for (const m of MARKS) {
      assert.deepEqual(session.consoleLog.containing(m), [], `"${m}" never appeared in a console`);
    }
    const errors = session.consoleLog.entries.filter((e) => ['error', 'pageerror', 'weberror'].includes(e.type));
    assert.deepEqual(errors, [], 'no errors in any console');
  });
});
