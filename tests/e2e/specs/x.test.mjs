// The extension on X (Draft.js 0.11.7 + React 17 fixture at https://x.com/home).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { launch } from '../lib/harness.mjs';
import { editorText, posted, SEL, URLS } from '../lib/fixtures.mjs';
import {
  activateE2EPack,
  importPackFile,
  openOptions,
  assertHints,
  assertNoNetwork,
  checkButtonFor,
  highlightsWhenDrawn,
  isPanelUrl,
  panelControl,
  panelFor,
  panelFrame,
  readHighlights,
  readPanel,
  runCheck,
  screenshot,
  until,
} from '../lib/postcheck.mjs';

const DRAFT =
  '👩🏽‍💻🇨🇭 Großartiger Launch heute, danke ans Team! 🎉 #launch Die Zahlen sind streng vertraulich, ' +
  'Fragen an anna.muster@acme.example oder Spesen auf CH93 0076 2011 6238 5295 7.';

function expectedFor(pack) {
  const hints = [
    { rule: 'confidential-markers', category: 'confidential', excerpt: 'streng vertraulich' },
    { rule: 'email', category: 'personal-data', excerpt: 'anna.muster@acme.example' },
  ];
  if (pack.iban) hints.push({ rule: 'iban', category: 'personal-data', excerpt: 'CH93 0076 2011 6238 5295 7' });
  return hints;
}

describe('X composer (Draft.js)', () => {
  let session;
  let pack;
  let page;
  before(async () => {
    session = await launch({ name: 'x' });
    pack = await activateE2EPack(session);
    page = await session.context.newPage();
  });
  after(async () => {
    await session?.close();
  });
  beforeEach(async () => {
    await page.goto(URLS.x);
    await page.locator(SEL.x.inlineEditor).waitFor();
  });

  test('a check button for the visible composer only: none for the hidden pre-mounted one, none inside an editor', async () => {
    const editor = page.locator(SEL.x.inlineEditor);
    await checkButtonFor(page, editor);
    const counts = await page.evaluate(() => {
      const all = [];
      const walk = (r) => {
        for (const el of r.querySelectorAll('*')) {
          if (el.matches('[data-postcheck="check"]')) all.push(el);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return {
        visible: all.filter((b) => b.checkVisibility()).length,
        inHidden: all.filter((b) => document.getElementById('premounted-composer').contains(b)).length,
        inEditor: all.filter((b) => b.closest('[contenteditable="true"]')).length,
      };
    });
    assert.deepEqual(counts, { visible: 1, inHidden: 0, inEditor: 0 });
  });

  test('timeline composer: hints, exact highlights after emoji, then Post still submits the typed text', async (t) => {
    if (!pack.iban) t.diagnostic(`IBAN not asserted: ${pack.note}`);
    const editor = page.locator(SEL.x.inlineEditor);
    const mark = session.log.mark();
    await editor.click();
    await page.keyboard.type(DRAFT);
    assert.equal(await editorText(page, 'inline'), DRAFT);
    const { panel, data } = await runCheck(page, editor);
    assert.equal(data.shadow, 'closed', 'the panel frame sits in a closed shadow root');
    assert.equal(data.isolation, 'iframe', "the hints are in the extension's own panel page");
    await assertHints(page, editor, data, expectedFor(pack), DRAFT);
    assert.match(data.length ?? '', /280/, `the length shows the X limit: ${data.length}`);
    assert.ok(data.close >= 1, 'the panel has a close button');
    assertNoNetwork(session, mark, 'typing and checking');
    await screenshot(page, [page.locator(SEL.x.inlineComposer), panel], 'x');
    // Nothing was written into the editor; Post is still enabled and submits the draft.
    assert.equal(await editorText(page, 'inline'), DRAFT);
    const post = page.locator(SEL.x.inlinePost);
    assert.equal(await post.getAttribute('aria-disabled'), null, 'Post is enabled');
    await post.click();
    assert.deepEqual(await posted(page), [{ composer: 'inline', texts: [DRAFT] }]);
  });

  test('Escape closes the panel and leaves the draft alone', async () => {
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    const draft = '🇨🇭 Zahlen: streng vertraulich';
    await page.keyboard.type(draft);
    await runCheck(page, editor);
    await page.keyboard.press('Escape');
    await until(async () => (await panelFor(page, editor)) === null, { timeout: 5_000, message: 'the panel to close on Escape' });
    assert.equal(await editorText(page, 'inline'), draft);
    await page.keyboard.type('!');
    assert.equal(await editorText(page, 'inline'), `${draft}!`, 'the editor still has the focus and takes typing');
  });

  test('one panel per composer, loaded ahead: a check shows the frame loaded before it; closing loads a fresh one for the next check', async () => {
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    // The editor has the focus: the panel's frame loads now, hidden, before any check.
    const ahead = await until(() => page.frames().find((f) => isPanelUrl(f.url())), { timeout: 5_000, message: 'the panel frame to load when the editor gets the focus' });
    await until(() => ahead.evaluate(() => document.readyState === 'complete'), { timeout: 5_000, message: 'the panel page to load' });
    assert.equal(await panelFor(page, editor), null, 'no panel is shown before a check');
    const tag = (frame, value) => frame.evaluate((v) => (window.__e2eTag = v), value);
    const tagOf = (frame) => frame.evaluate(() => window.__e2eTag ?? null);
    await tag(ahead, 'ahead');

    await page.keyboard.type('Die Zahlen sind streng vertraulich.');
    const first = await runCheck(page, editor);
    assert.deepEqual(first.data.hints.map((h) => h.rule), ['confidential-markers']);
    assert.equal(await tagOf(await panelFrame(first.panel)), 'ahead', 'the first check shows the frame loaded ahead');

    // Closing: the shown frame leaves the page, a fresh hidden one loads at once.
    await page.keyboard.press('Escape');
    await until(async () => (await panelFor(page, editor)) === null, { timeout: 5_000, message: 'the panel to close' });
    assert.equal(await first.panel.evaluate((host) => host.isConnected), false, 'the closed panel is out of the page');
    const next = await until(
      async () => {
        for (const f of page.frames()) {
          if (isPanelUrl(f.url()) && (await f.evaluate(() => document.readyState === 'complete' && !window.__e2eTag).catch(() => false))) return f;
        }
        return null;
      },
      { timeout: 5_000, message: 'a fresh panel frame to load after closing' },
    );
    await tag(next, 'next');

    await page.keyboard.type(' Fragen an anna.muster@acme.example');
    const second = await runCheck(page, editor, { answered: (d) => d.hints.length === 2 });
    assert.deepEqual(second.data.hints.map((h) => h.rule).sort(), ['confidential-markers', 'email'], 'the fresh result, not the last one');
    assert.equal(await tagOf(await panelFrame(second.panel)), 'next', 'the second check shows the frame loaded after closing');
    await highlightsWhenDrawn(page, editor, 2, ['streng vertraulich', 'anna.muster@acme.example']);

    // A clean draft after hints: "no hints", and no highlight left over.
    await page.keyboard.press('Escape');
    await until(async () => (await panelFor(page, editor)) === null, { timeout: 5_000, message: 'the panel to close' });
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Schönes Wochenende!');
    await page.waitForFunction(() => window.__fixture.text('inline') === 'Schönes Wochenende!');
    const third = await runCheck(page, editor, { answered: (d) => d.noHints });
    assert.deepEqual(third.data.hints, []);
    assert.deepEqual(await readHighlights(page, editor), [], 'no highlight of an earlier result');
    const hosts = await page.evaluate(() => document.querySelectorAll('[data-postcheck="panel"]').length);
    assert.equal(hosts, 1, 'one panel host for the composer');
  });

  test('the question goes on pressing the button; a draft changed before the release is checked as it is then; a press without a click opens nothing', async () => {
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await page.keyboard.type('Die Zahlen sind');
    const button = await checkButtonFor(page, editor);
    const box = await button.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    // The editor keeps the focus while the button is held: typing goes on.
    await page.keyboard.type(' streng vertraulich');
    await page.waitForFunction(() => window.__fixture.text('inline') === 'Die Zahlen sind streng vertraulich');
    await page.mouse.up();
    const panel = await until(() => panelFor(page, editor), { timeout: 5_000, message: 'the panel after the click' });
    const data = await until(
      async () => {
        const d = await readPanel(panel);
        return d.settled && (d.hints.length || d.noHints || d.error) ? d : null;
      },
      { message: 'an answer in the panel' },
    );
    assert.deepEqual(data.hints.map((h) => h.rule), ['confidential-markers'], 'the draft at the release is checked, not the one at the press');

    await page.keyboard.press('Escape');
    await until(async () => (await panelFor(page, editor)) === null, { timeout: 5_000, message: 'the panel to close' });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + 300, { steps: 5 });
    await page.mouse.up();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await panelFor(page, editor), null, 'a press released elsewhere is no click: no panel');
    assert.equal(await editorText(page, 'inline'), 'Die Zahlen sind streng vertraulich', 'the draft is untouched');
  });

  test('a clean draft says so plainly', async () => {
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await page.keyboard.type('🎉 Schöner Tag am See mit dem Team! 🏞️');
    const { data } = await runCheck(page, editor);
    assert.deepEqual(data.hints, []);
    assert.equal(data.noHints, true, '[data-postcheck="no-hints"] is shown');
    assert.deepEqual(await readHighlights(page, editor), [], 'no highlight');
  });

  test('compose modal thread: parts _0 and _1 each get a button and are checked separately', async () => {
    const mark = session.log.mark();
    await page.locator(SEL.x.openModal).click();
    const dialog = page.locator(SEL.x.dialog);
    await dialog.waitFor();
    const part0 = page.locator(SEL.x.modalEditor(0));
    const p0 = '🧵👩🏽‍💻 Teil eins: die Roadmap ist streng vertraulich.';
    const p1 = '🇨🇭🎉 Teil zwei: Fragen an anna.muster@acme.example';
    await part0.click();
    await page.keyboard.type(p0);
    await page.locator(SEL.x.addButton).click();
    const part1 = page.locator(SEL.x.modalEditor(1));
    await part1.waitFor();
    await part1.click();
    await page.keyboard.type(p1);

    const b0 = await checkButtonFor(page, part0);
    const b1 = await checkButtonFor(page, part1);
    assert.equal(await b0.evaluate((a, b) => a === b, b1), false, 'each part has its own button');
    for (const b of [b0, b1]) {
      assert.equal(await b.evaluate((el) => Boolean(el.closest('[role="dialog"]'))), true, 'the buttons are inside the dialog');
    }

    const first = await runCheck(page, part0);
    assert.equal(await first.panel.evaluate((el) => Boolean(el.closest('#layers [role="dialog"]'))), true, 'the panel is inside the compose dialog');
    await assertHints(page, part0, first.data, [{ rule: 'confidential-markers', category: 'confidential', excerpt: 'streng vertraulich' }], p0);

    // One panel may serve the whole dialog: wait for the answer about part _1.
    const second = await runCheck(page, part1, { answered: (d) => !d.hints.some((h) => h.rule === 'confidential-markers') });
    const hints = second.data.hints.map((h) => [h.rule, h.category]);
    assert.deepEqual(hints, [['email', 'personal-data']], 'part _1 is checked on its own');
    // Part _0's panel may still be open with its own highlight: only the passages in part _1 count here.
    const inPart1 = (
      await until(
        async () => {
          const h = await readHighlights(page, part1, ['anna.muster@acme.example']);
          return h.some((r) => r.inside) ? h : null;
        },
        { timeout: 10_000, message: 'the highlight in part _1' },
      )
    ).filter((r) => r.inside);
    assert.deepEqual(inPart1.map((r) => [r.text, r.start]), [['anna.muster@acme.example', p1.indexOf('anna.muster@acme.example')]]);
    assertNoNetwork(session, mark, 'checking thread parts');

    const post = page.locator(SEL.x.modalPost);
    assert.equal(await post.getAttribute('aria-disabled'), null, 'Post all is enabled');
    await post.click();
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(await posted(page), [{ composer: 'modal', texts: [p0, p1] }]);
  });

  // Last: it switches the active pack.
  test('hint texts are shown as text, never as HTML; "copy" copies the suggestion and leaves the editor alone', async () => {
    const options = await openOptions(session);
    const imported = await importPackFile(options, 'extras.json', 'ACME e2e extras');
    assert.deepEqual(imported, { ok: true });
    await options.close();
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: 'https://x.com' });
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    const draft = '🎉 Unser Code liegt auf Github, Projekt Orion läuft.';
    const mark = session.log.mark();
    await editor.click();
    await page.keyboard.type(draft);
    const { panel, data } = await runCheck(page, editor);
    await assertHints(
      page,
      editor,
      data,
      [
        { rule: 'brand-spelling', category: 'values', excerpt: 'Github' },
        { rule: 'html-in-message', category: 'confidential', excerpt: 'Orion' },
      ],
      draft,
    );
    const html = data.hints.find((h) => h.rule === 'html-in-message');
    assert.ok(html.message.includes('<img data-pwn'), `the message shows the markup as text: ${html.message}`);
    const frame = await panelFrame(panel);
    assert.equal(await frame.evaluate(() => document.querySelectorAll('[data-pwn], img').length), 0, 'no element from the pack text');
    assert.notEqual(await page.title(), 'pwned');

    const brand = data.hints.find((h) => h.rule === 'brand-spelling');
    assert.ok(brand.copy >= 1, 'the suggestion has a copy button');
    const copy = await panelControl(panel, '[data-postcheck="hint"][data-rule="brand-spelling"] [data-postcheck="copy"]');
    await copy.click();
    assert.equal(await until(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 5_000, message: 'the clipboard to hold the suggestion' }), 'GitHub');
    assert.equal(await editorText(page, 'inline'), draft, 'copying writes nothing into the editor');
    assertNoNetwork(session, mark, 'checking a draft against pack texts with markup');
    const post = page.locator(SEL.x.inlinePost);
    assert.equal(await post.getAttribute('aria-disabled'), null);
    await post.click();
    assert.deepEqual(await posted(page), [{ composer: 'inline', texts: [draft] }]);
  });
});
