// The Pack Studio (studio/dist, built by studio/build.sh build) in Chromium,
// opened from a folder (file://) as a pack author would: a broken pack opened
// from a file shows every problem located (line and column or path, an
// underline and a gutter mark in the editor, a list entry whose button moves
// the caret there); the author fixes each by typing; a draft gets the hint
// cards the panel shows; the examples, the ordinary posts, the hashed terms
// (the private examples file downloaded) and the guideline page work; Save
// downloads exactly the edited pack. axe-core finds no serious or critical
// violation (light and dark). No request leaves the page: the only requests
// are the studio's own three files (and the blob downloads), no console error.
// The same dist/ served from a static https host works too.
//
// Inside the extension (studio.html in extension/dist/chromium, built by
// extension/build.sh build): reached from the options page's link, the
// built-in pack, a mistake typed and located, a draft's hint card, axe-core
// clean; the page requests only the extension's own files (its wasm as its
// own file). (That the service worker never loads the studio's wasm is checked
// by construction in manifest.test.mjs: only studio.html and studio.js name it.)
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { REPO, SCREENSHOTS, isAllowedRequest, launch } from '../lib/harness.mjs';
import { until } from '../lib/postcheck.mjs';

const DIST = join(REPO, 'studio', 'dist');
const INDEX = pathToFileURL(join(DIST, 'index.html')).href;
const HOST = 'https://studio.acme.example';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
/** Generous bound for one whole test (the audit runs the pack on ~200 posts). */
const TEST_TIMEOUT = 180_000;

/** acme.json broken three ways: a missing comma, an unknown field in a rule, an example its rule does not find. */
const ACME = readFileSync(join(REPO, 'examples', 'packs', 'acme.json'), 'utf8');
const BROKEN = ACME.replace('"version": "2026.11.1",\n', '"version": "2026.11.1"\n')
  .replace('"kind": "hashed_terms",\n', '"colour": "red",\n      "kind": "hashed_terms",\n')
  .replace('"hit": [\n', '"hit": [\n          "nothing to see here",\n');
/** What the author's keys below make of it: the comma back, the two lines emptied (their indentation stays). */
const FIXED = BROKEN.replace('"version": "2026.11.1"\n', '"version": "2026.11.1",\n').replace('"colour": "red",', '').replace('"nothing to see here",', '');

const lineOf = (text, needle) => text.slice(0, text.indexOf(needle)).split('\n').length;
/** The 1-based column of the first `needle` in `text`, on its line. */
const columnOf = (text, needle) => text.split('\n')[lineOf(text, needle) - 1].indexOf(needle) + 1;

/** Runs axe on the page; asserts no serious or critical violation, prints the rest. */
async function assertAccessible(t, page, what) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async (tags) => {
    // preload: false: axe would fetch the style sheets again (a request, and a CSP refusal).
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], preload: false });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  }, TAGS);
  t.diagnostic(`${what}: ${violations.map((v) => `${v.impact} ${v.id} (${v.nodes}) ${v.where.join(', ')}`).join('; ') || 'no violation'}`);
  assert.deepEqual(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), [], `${what}: serious or critical violations`);
}

/** The problems the list shows: [{severity, text, where}]. */
const problems = (page) =>
  page.locator('[data-studio="problem"]').evaluateAll((items) =>
    items.map((li) => ({ severity: li.getAttribute('data-severity'), text: li.textContent, where: li.querySelector('[data-studio="where"]')?.textContent ?? '' })),
  );

/** Waits until the list shows exactly `n` problems (the lint runs when typing pauses). */
const untilProblems = (page, n) =>
  until(async () => (await problems(page)).length === n && (await page.locator('#problems-summary').textContent()) !== '', { timeout: 15_000, message: `${n} problems listed` });

/** Clicks the "Show in the pack" button of the problem whose text has `needle`. */
async function goToProblem(page, needle) {
  await page.locator('[data-studio="problem"]', { hasText: needle }).locator('[data-studio="go-to"]').click();
}

/** The file a download event saved, as text. */
async function downloaded(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

describe('Pack Studio', () => {
  let session;
  before(async () => {
    assert.ok(existsSync(join(DIST, 'index.html')), 'the studio is not built: run studio/build.sh build');
    session = await launch({ extension: false, name: 'studio' });
    // A static host for dist/ (routes registered later run first).
    await session.context.route(`${HOST}/**`, (route) => {
      const path = new URL(route.request().url()).pathname.replace(/^\/$/, '/index.html');
      const file = join(DIST, path);
      if (!file.startsWith(DIST) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
      const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' }[extname(file)] ?? 'application/octet-stream';
      return route.fulfill({ status: 200, contentType: type, body: readFileSync(file) });
    });
  });
  after(async () => {
    await session?.close();
  });

  test('from a folder: a broken pack located and fixed by typing, a draft, the tools, save; accessible; no request', { timeout: TEST_TIMEOUT }, async (t) => {
    const mark = session.log.mark();
    const page = await session.context.newPage();
    try {
      await page.goto(INDEX);
      await until(() => page.locator('body[data-ready="true"]').count(), { timeout: 30_000, message: 'the studio to start' });
      assert.match(await page.locator('#problems-summary').textContent(), /No problems/, 'the built-in pack loads');

      // Open the broken pack: the syntax error, located at its line and column.
      await page.setInputFiles('#open-file', { name: 'acme-broken.json', mimeType: 'application/json', buffer: Buffer.from(BROKEN) });
      await until(async () => (await problems(page)).some((p) => /column/.test(p.where)), { message: 'the syntax error listed' });
      let listed = await problems(page);
      t.diagnostic(`syntax: ${JSON.stringify(listed)}`);
      assert.equal(listed.length, 1);
      const publisherLine = lineOf(BROKEN, '"publisher"');
      assert.match(listed[0].where, new RegExp(`^line ${publisherLine}, column 3`));
      assert.equal(await page.locator('body').getAttribute('data-pack-loads'), 'false');
      await until(() => page.locator('.cm-lintRange-error').count(), { message: 'the underline of the syntax error' });
      assert.ok((await page.locator('.cm-lint-marker-error').count()) >= 1, 'a gutter mark');

      // Fix it by typing: the caret goes to the problem, the comma goes at the end of the line before.
      await goToProblem(page, 'comma');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('End');
      await page.keyboard.type(',');
      await untilProblems(page, 2);
      listed = await problems(page);
      t.diagnostic(`after the comma: ${JSON.stringify(listed)}`);
      const colour = listed.find((p) => p.text.includes('colour'));
      const example = listed.find((p) => p.text.includes('nothing to see here'));
      assert.ok(colour && example, 'the unknown field and the failing example are both listed');
      // Every problem has its line and column (the unknown field's key, the example's value).
      assert.match(colour.where, new RegExp(`^line ${lineOf(BROKEN, '"colour"')}, column ${columnOf(BROKEN, '"colour"')} · \\$\\.rules\\[1\\]\\.colour · rule "codename-secret"`));
      assert.match(example.where, new RegExp(`^line ${lineOf(BROKEN, '"nothing to see here"')}, column ${columnOf(BROKEN, '"nothing to see here"')} · \\$\\.rules\\[0\\]\\.examples\\.hit\\[0\\] · rule "codenames"`));
      assert.ok(listed.every((p) => p.severity === 'error'));

      // Each: the caret goes there (the underline is then in view), the line's text is deleted.
      for (const [needle, left] of [['colour', 1], ['nothing to see here', 0]]) {
        await goToProblem(page, needle);
        await until(() => page.locator('.cm-lintRange-error').count(), { message: `the underline of ${needle}` });
        const underlined = await page.locator('.cm-lintRange-error').allTextContents();
        assert.ok(underlined.some((u) => u.includes(needle)), `${needle} underlined: ${JSON.stringify(underlined)}`);
        await page.keyboard.press('Shift+End');
        await page.keyboard.press('Backspace');
        await untilProblems(page, left);
      }
      await until(async () => (await page.locator('body').getAttribute('data-pack-loads')) === 'true', { message: 'the pack to load' });
      assert.match(await page.locator('#problems-summary').textContent(), /No problems: the pack loads/);

      // Try a draft: the panel's hint cards.
      await page.locator('#draft').fill('Kleiner Sneak Peek: Das Team von Projekt Föhn hat heute den ersten Prototyp zum Laufen gebracht! Fragen an anna.muster@acme.example');
      await page.locator('#check').click();
      await until(() => page.locator('#hints [data-postcheck="hint"]').count(), { message: 'hint cards' });
      const rules = await page.locator('#hints [data-postcheck="hint"]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-rule')));
      assert.ok(rules.includes('codenames'), JSON.stringify(rules));
      assert.ok(rules.includes('email') || rules.length >= 2, `the baseline beneath: ${JSON.stringify(rules)}`);
      assert.match(await page.locator('#hints [data-postcheck="summary"]').textContent(), /^\d+ hints?:/, 'the summary line in the extension\'s words');
      assert.match(await page.locator('#hints [data-postcheck="level-heading"]').first().textContent(), /Please check/);
      assert.equal(await page.locator('#hints [data-postcheck="hint"][data-rule="codenames"] [data-postcheck="excerpt"]').first().textContent(), 'Projekt Föhn');
      await page.screenshot({ path: join(SCREENSHOTS, 'studio.png') });
      await assertAccessible(t, page, 'studio light, with hints');

      // Examples: all pass now.
      await page.locator('#tab-examples').click();
      await page.locator('#run-examples').click();
      const summary = await until(() => page.locator('[data-studio="examples-summary"]').textContent(), { message: 'the examples run' });
      const [, passed, total] = summary.match(/^(\d+) of (\d+) examples pass/) ?? [];
      assert.ok(Number(total) > 20 && passed === total, summary);

      // Ordinary posts: the audit's counts.
      await page.locator('#tab-audit').click();
      await page.locator('#run-audit').click();
      const audit = await until(() => page.locator('[data-studio="audit-summary"]').textContent(), { timeout: 90_000, message: 'the audit' });
      assert.match(audit, /^\d+ ordinary posts and \d+ posts with problems checked/);
      assert.equal(await page.locator('[data-studio="false-alarms"] h3').count(), 1);

      // Hash terms: the rule holds hashes only; the private examples file holds the words.
      await page.locator('#tab-hash').click();
      await page.locator('#terms').fill('Nebula\nBlue Falcon');
      await page.locator('#hash').click();
      const rule = JSON.parse(await page.locator('#hashed-rule').inputValue());
      assert.equal(rule.kind, 'hashed_terms');
      assert.equal(rule.hashes.length, 2);
      assert.equal(rule.salt, await page.locator('#salt').inputValue());
      assert.ok(!JSON.stringify(rule).includes('Nebula'));
      const examples = await downloaded(page, () => page.locator('#download-examples').click());
      assert.equal(examples.name, 'codenames-hashed.private-examples.json');
      assert.deepEqual(JSON.parse(examples.text), { 'codenames-hashed': { hit: ['Nebula', 'Blue Falcon'] } });

      // Guidelines: the page's sections, as text.
      await page.locator('#tab-guidelines').click();
      await page.locator('#guidelines-lang').selectOption('de');
      await page.locator('#show-guidelines').click();
      await until(() => page.locator('[data-studio="guideline"]').count(), { message: 'the guideline page' });
      assert.match(await page.locator('[data-studio="guidelines-title"]').textContent(), /ACME Robotics/);

      // Save: exactly the edited pack.
      const saved = await downloaded(page, () => page.locator('#save').click());
      assert.equal(saved.name, 'acme-broken.json');
      assert.equal(saved.text, FIXED);

      await page.emulateMedia({ colorScheme: 'dark' });
      await page.locator('#tab-draft').click();
      await assertAccessible(t, page, 'studio dark');

      // Nothing left the page: the studio's own files and the downloads' blobs only.
      const requests = session.log.since(mark).map((e) => e.url);
      t.diagnostic(`requests: ${JSON.stringify(requests)}`);
      const own = new Set(['index.html', 'studio.css', 'studio.js'].map((f) => pathToFileURL(join(DIST, f)).href));
      assert.deepEqual(requests.filter((u) => !own.has(u) && !u.startsWith('blob:')), []);
      assert.deepEqual([...new Set(requests.filter((u) => own.has(u)))].sort(), [...own].sort());
      assert.deepEqual(session.log.blocked, []);
      const errors = session.consoleLog.entries.filter((e) => e.type === 'error' || e.type === 'pageerror');
      assert.deepEqual(errors, [], 'no console error (a CSP violation would be one)');
    } finally {
      await page.close();
    }
  });

  test('a hostile pack: markup in its texts is shown as text everywhere, nothing runs, nothing loads', { timeout: TEST_TIMEOUT }, async () => {
    const markup = '<img src="x.png" onerror="window.__studioPwned = 1"><script>window.__studioPwned = 2</script>';
    const pack = {
      schema: 'postcheck/pack/v1', id: 'hostile', name: { en: `Hostile ${markup}` }, version: '1', publisher: markup, date: '2026-11-25',
      default_locale: 'en', languages: ['en'],
      guidelines: [{ id: 'g', title: { en: `Title ${markup}` }, text: { en: `Text ${markup}` } }],
      rules: [{ id: 'orion', kind: 'terms', category: 'confidential', level: 'important', guideline: 'g', message: { en: `Message ${markup}` },
        terms: ['Orion'], examples: { hit: [`Orion ${markup}`], miss: ['Nothing'] } }],
    };
    const mark = session.log.mark();
    const page = await session.context.newPage();
    try {
      await page.goto(INDEX);
      await until(() => page.locator('body[data-ready="true"]').count(), { timeout: 30_000, message: 'the studio to start' });
      await page.setInputFiles('#open-file', { name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pack, null, 2)) });
      await until(async () => (await page.locator('body').getAttribute('data-pack-loads')) === 'true' && (await page.locator('#file-status').textContent()).includes('hostile.json'), { message: 'the hostile pack to load' });
      await page.locator('#draft').fill('Orion ships soon');
      await page.locator('#check').click();
      await until(() => page.locator('#hints [data-postcheck="hint"][data-rule="orion"]').count(), { message: 'the hint' });
      assert.equal(await page.locator('#hints [data-postcheck="message"]').first().textContent(), `Message ${markup}`);
      await page.locator('#tab-examples').click();
      await page.locator('#run-examples').click();
      await until(() => page.locator('[data-studio="example"]').count(), { message: 'the examples' });
      assert.equal(await page.locator('[data-studio="example"] blockquote').first().textContent(), `Orion ${markup}`);
      await page.locator('#tab-guidelines').click();
      await page.locator('#show-guidelines').click();
      await until(() => page.locator('[data-studio="guideline"]').count(), { message: 'the guideline page' });
      assert.equal(await page.locator('[data-studio="guideline"] h4').first().textContent(), `Title ${markup}`);
      const made = () => page.evaluate(() => document.querySelectorAll('img, script:not([src])').length);
      assert.equal(await made(), 0, 'no element made from pack text');
      assert.equal(await page.evaluate(() => window.__studioPwned ?? null), null, 'nothing ran');
      const own = new Set(['index.html', 'studio.css', 'studio.js'].map((f) => pathToFileURL(join(DIST, f)).href));
      assert.deepEqual(session.log.since(mark).map((e) => e.url).filter((u) => !own.has(u)), [], 'nothing loaded');
      // Positive control: the same markup parsed as HTML makes an element, and x.png is requested.
      await page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), markup);
      assert.ok((await made()) > 0);
      await until(() => session.log.since(mark).some((e) => e.url.endsWith('/x.png')), { message: 'the control image requested' });
    } finally {
      await page.close();
    }
  });

  test('from a static host: the same files work (hints while typing, completion from the schema), and request nothing else', { timeout: TEST_TIMEOUT }, async () => {
    const mark = session.log.mark();
    const page = await session.context.newPage();
    try {
      await page.goto(`${HOST}/`);
      await until(() => page.locator('body[data-ready="true"]').count(), { timeout: 30_000, message: 'the studio to start' });
      assert.match(await page.locator('#problems-summary').textContent(), /No problems/);
      await page.locator('#draft').fill('Schreib mir an anna.muster@acme.example');
      await until(() => page.locator('#hints [data-postcheck="hint"]').count(), { message: 'hints while typing' });
      // Completion from the schema: a field name, with its closing quote and colon.
      await page.locator('.cm-content').click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('"default_l');
      // The list for all the typed letters: the one field left, selected.
      await until(async () => JSON.stringify(await page.locator('.cm-tooltip-autocomplete li').allTextContents()) === '["\\"default_locale\\""]' && (await page.locator('.cm-tooltip-autocomplete li[aria-selected="true"]').count()) === 1, { message: 'the completion list' });
      // CodeMirror ignores Enter for 75 ms after the list changed (its interactionDelay, against
      // picking an entry that just appeared): this waits past it, measured from a change already seen.
      await page.waitForTimeout(250);
      await page.keyboard.press('Enter');
      assert.equal((await page.locator('.cm-activeLine').textContent()).trim(), '"default_locale":');
      const requests = session.log.since(mark).map((e) => e.url);
      assert.deepEqual([...new Set(requests)].sort(), [`${HOST}/`, `${HOST}/studio.css`, `${HOST}/studio.js`]);
    } finally {
      await page.close();
    }
  });
});

describe('Pack Studio inside the extension', () => {
  let session;
  before(async () => {
    session = await launch({ name: 'studio-extension' });
  });
  after(async () => {
    await session?.close();
  });

  test('from the options page: the built-in pack, a typed mistake located, a draft\'s hint card; accessible; only the package\'s files', { timeout: TEST_TIMEOUT }, async (t) => {
    const mark = session.log.mark();
    const base = `chrome-extension://${session.extensionId}`;
    const options = await session.context.newPage();
    let page = null;
    try {
      await options.goto(`${base}/options.html`);
      const link = options.locator('#open-studio');
      assert.equal(await link.textContent(), 'Open the Pack Studio');
      assert.equal(await options.locator('#studio-title').textContent(), 'For pack authors: Pack Studio');
      [page] = await Promise.all([session.context.waitForEvent('page', { timeout: 15_000 }), link.click()]);
      await until(() => page.locator('body[data-ready="true"]').count(), { timeout: 30_000, message: 'the studio to start' });
      assert.equal(page.url(), `${base}/studio.html`);
      assert.match(await page.locator('#problems-summary').textContent(), /No problems/, 'the built-in pack loads');

      // A mistake typed after the pack's last brace: one problem, at that line and column.
      await page.locator('.cm-content').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(' oops');
      await untilProblems(page, 1);
      const [problem] = await problems(page);
      t.diagnostic(`typed mistake: ${JSON.stringify(problem)}`);
      assert.equal(problem.severity, 'error');
      // (CodeMirror draws only the lines in view: the caret's, the last, is; its gutter shows its number.)
      const last = (await page.locator('.cm-lineNumbers .cm-gutterElement').allTextContents()).map(Number).filter(Number.isInteger).at(-1);
      assert.ok(last > 100, `the built-in pack's last line: ${last}`);
      assert.match(problem.where, new RegExp(`^line ${last}, column 2 · \\$`), 'located at the last line, after its brace');
      assert.equal(await page.locator('body').getAttribute('data-pack-loads'), 'false');
      await until(() => page.locator('.cm-lintRange-error').count(), { message: 'the underline of the mistake' });

      // "Start from the built-in pack": the mistake is gone, the pack loads.
      await page.locator('#open-starter').click();
      await untilProblems(page, 0);
      await until(async () => (await page.locator('body').getAttribute('data-pack-loads')) === 'true', { message: 'the built-in pack to load' });
      assert.match(await page.locator('#problems-summary').textContent(), /No problems: the pack loads/);

      // A draft: the panel's hint card, in the extension's own words.
      await page.locator('#draft').fill('Schreib mir an anna.muster@acme.example');
      await page.locator('#check').click();
      await until(() => page.locator('#hints [data-postcheck="hint"]').count(), { message: 'hint cards' });
      assert.match(await page.locator('#hints [data-postcheck="summary"]').textContent(), /^\d+ hints?:/);
      assert.ok((await page.locator('#hints [data-postcheck="excerpt"]').allTextContents()).includes('anna.muster@acme.example'), 'the e-mail address flagged');

      await assertAccessible(t, page, 'studio in the extension, light, with hints');
      await page.emulateMedia({ colorScheme: 'dark' });
      await assertAccessible(t, page, 'studio in the extension, dark');

      // Requests: the extension's own files only; the studio page exactly its three (the page itself is a navigation, not logged).
      const requests = session.log.since(mark);
      t.diagnostic(`requests: ${JSON.stringify(requests.map((e) => e.url))}`);
      assert.deepEqual(requests.filter((e) => !isAllowedRequest(e, session.extensionId) || !e.url.startsWith(`${base}/`)), [], 'only the extension\'s own files');
      const studioFiles = [...new Set(requests.filter((e) => e.frame === `${base}/studio.html`).map((e) => e.url))].sort();
      assert.deepEqual(studioFiles, ['postcheck_studio_bg.wasm', 'studio.css', 'studio.js'].map((f) => `${base}/${f}`));
      assert.deepEqual(session.log.blocked, []);
      const errors = session.consoleLog.entries.filter((e) => e.type === 'error' || e.type === 'pageerror' || e.type === 'weberror');
      assert.deepEqual(errors, [], 'no console error (a CSP violation would be one)');
    } finally {
      await page?.close();
      await options.close();
    }
  });
});
