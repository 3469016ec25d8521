// Re-check while the panel is open, dismissing hints, the count on the button,
// and the links between passages and cards, on the X fixture (Draft.js) with
// the starter pack:
// - after a check, the user fixes the text and adds something new, typing
//   without a click: after the pause, one re-check (not one per key): the fixed
//   hints leave (cards and boxes), the new one arrives, the panel says when it
//   last checked, and the count on the button (read in its closed shadow root)
//   is the number of open hints;
// - the caret put into a flagged passage by the user's click marks its card;
//   focusing a card emphasises its passage's boxes; the editor keeps the focus;
// - "Not here" takes a hint away for this draft (a re-check does not bring it
//   back; a reload does); "Not again" takes it away for good: after a reload
//   still gone, listed on the options page (rule, no passage), storage holds no
//   draft; "Undo" there brings it back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch } from '../lib/harness.mjs';
import { SEL, URLS } from '../lib/fixtures.mjs';
import {
  clickPanelControl,
  highlightsWhenDrawn,
  panelFor,
  panelFrame,
  readButtonCount,
  readEmphasised,
  readPanel,
  readRecheck,
  runCheck,
  until,
} from '../lib/postcheck.mjs';

const FIRST = 'Danke an alle Idioten!!! Die Zahlen sind streng vertraulich.';
const FIXED = 'Danke an alle Leute. Die Zahlen sind streng vertraulich, Fragen an anna.muster@acme.example bitte.';

/** Counts the `check` messages that reach the service worker from now on (a listener of the test's, in the worker). */
async function countChecks(session) {
  await session.currentWorker().evaluate(() => {
    globalThis.__e2eChecks = 0;
    if (!globalThis.__e2eCounting) {
      globalThis.__e2eCounting = true;
      chrome.runtime.onMessage.addListener((m) => {
        if (m && m.kind === 'check') globalThis.__e2eChecks++;
        return false;
      });
    }
  });
  return () => session.currentWorker().evaluate(() => globalThis.__e2eChecks);
}

/** Waits until the panel next to `editor` shows exactly these rules (sorted). */
async function panelShows(page, editor, rules, message) {
  let last = null;
  return until(
    async () => {
      const p = await panelFor(page, editor);
      last = p && (await readPanel(p));
      const got = last?.hints.map((h) => h.rule).sort() ?? [];
      return last && last.visible && JSON.stringify(got) === JSON.stringify([...rules].sort()) && (rules.length > 0 || last.noHints) ? last : null;
    },
    { message: `${message}: the panel with ${JSON.stringify(rules)}` },
  ).catch((e) => {
    throw new Error(`${e.message}; last seen: ${JSON.stringify(last?.hints?.map((h) => h.rule))}`);
  });
}

/** The centre of `text` in the editor, on screen (page world: the editor's own text). */
function centreOf(editor, text) {
  return editor.evaluate((ed, wanted) => {
    const walker = document.createTreeWalker(ed, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(wanted);
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i + 2);
      r.setEnd(n, i + 3);
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    }
    return null;
  }, text);
}

describe('re-check and links on LinkedIn (Quill in an open shadow root, Tiptap in a modal dialog)', () => {
  let session;
  let page;
  before(async () => {
    session = await launch({ name: 'recheck-linkedin' });
    page = await session.context.newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
  });
  after(async () => {
    await session?.close();
  });

  for (const [name, url, sel] of [
    ['LinkedIn classic', URLS.linkedinClassic, SEL.linkedinClassic],
    ['LinkedIn new', URLS.linkedinNew, SEL.linkedinNew],
  ]) {
    test(`${name}: typing re-checks after the pause; the caret in a passage marks its card`, async () => {
      await page.goto(url);
      await page.locator(sel.trigger).click();
      const editor = page.locator(sel.editor);
      await editor.waitFor();
      await editor.click();
      await page.keyboard.type(FIRST);
      const { panel, data } = await runCheck(page, editor);
      assert.deepEqual(data.hints.map((h) => h.rule).sort(), ['insult', 'internal-marker', 'repeated-punctuation']);
      assert.equal(await readButtonCount(page, editor), '3');
      const checks = await countChecks(session);
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type(FIXED);
      await panelShows(page, editor, ['internal-marker', 'email-address'], 'after the pause');
      assert.equal(await checks(), 1, 'one re-check for the whole typing');
      assert.equal(await readButtonCount(page, editor), '2');
      await highlightsWhenDrawn(page, editor, 2, ['streng vertraulich', 'anna.muster@acme.example']);
      const at = await centreOf(editor, 'anna.muster');
      await page.mouse.click(at.x, at.y);
      const current = await until(async () => (await readRecheck(panel)).current, { message: 'a card marked current' });
      assert.equal(current.rule, 'email-address', 'the card of the passage the caret is in');
    });
  }
});

describe('re-check, dismiss, count and links', () => {
  let session;
  let page;
  before(async () => {
    session = await launch({ name: 'recheck' });
    page = await session.context.newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(URLS.x);
  });
  after(async () => {
    await session?.close();
  });

  test('typing after a check re-checks once after the pause: fixed hints leave, new ones come, count and time shown', async () => {
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await page.keyboard.type(FIRST);
    const { panel, data } = await runCheck(page, editor);
    assert.deepEqual(data.hints.map((h) => h.rule).sort(), ['insult', 'internal-marker', 'repeated-punctuation']);
    assert.equal(await readButtonCount(page, editor), '3', 'the button counts the open hints');
    const first = await readRecheck(panel);
    assert.match(first.checkedAt ?? '', /^Last checked at \d/, 'the panel says when it checked');
    await highlightsWhenDrawn(page, editor, 3, ['Idioten', '!!!', 'streng vertraulich']);

    // Editing inside a passage (the caret is after "vertraulich."): until the
    // re-check, its card is marked as changed and its box goes. The keys come
    // 150 ms apart, well within the pause: no re-check while they come.
    const typing = (async () => {
      for (let i = 0; i < 8; i++) await page.keyboard.press('Backspace', { delay: 20 }).then(() => page.waitForTimeout(150));
    })();
    const staleSeen = await until(async () => {
      const r = await readRecheck(panel);
      return r.stale.length > 0 ? r.stale : null;
    }, { interval: 30, message: 'the card of the edited passage marked' });
    await typing;
    assert.deepEqual(staleSeen, ['internal-marker'], 'only the card of the edited passage');
    await until(async () => (await readRecheck(panel)).stale.length === 0, { message: 'the re-check replaced the marked card' });

    const checks = await countChecks(session);
    // The user fixes the insult and adds an e-mail address: no click.
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(FIXED);
    const after = await panelShows(page, editor, ['internal-marker', 'email-address'], 'after the pause');
    assert.equal(await checks(), 1, 'one re-check for the whole typing, not one per key');
    assert.deepEqual(after.hints.map((h) => h.excerpt).sort(), ['anna.muster@acme.example', 'streng vertraulich'].sort());
    await highlightsWhenDrawn(page, editor, 2, ['streng vertraulich', 'anna.muster@acme.example']);
    assert.equal(await readButtonCount(page, editor), '2', 'the count follows the re-check');
    assert.match((await readRecheck(panel)).checkedAt ?? '', /^Last checked at \d/);

    // Keys that change nothing (the caret moves) check nothing.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(1200);
    assert.equal(await checks(), 1, 'the same draft is not checked again');
  });

  test("the user's click in a passage marks its card; a focused card emphasises its passage; the editor keeps the focus", async () => {
    const editor = page.locator(SEL.x.inlineEditor);
    const panel = await panelFor(page, editor);
    const at = await centreOf(editor, 'vertraulich');
    await page.mouse.click(at.x, at.y);
    const current = await until(async () => (await readRecheck(panel)).current, { message: 'a card marked current' });
    assert.equal(current.rule, 'internal-marker', 'the card of the passage the caret is in');
    assert.equal(await editor.evaluate((ed) => ed.contains(document.activeElement) || ed === document.activeElement), true, 'the editor keeps the focus');

    // Focusing the e-mail card (keyboard focus in the panel) emphasises the e-mail's boxes.
    const frame = await panelFrame(panel);
    const { indexes } = await readRecheck(panel);
    const mail = indexes.find((h) => h.rule === 'email-address');
    await frame.locator(`[data-postcheck="hint"][data-index="${mail.index}"]`).focus();
    const boxes = await highlightsWhenDrawn(page, editor, 2, ['streng vertraulich', 'anna.muster@acme.example']);
    assert.equal(boxes.length, 2);
    const emphasised = await until(async () => {
      const e = await readEmphasised(page);
      return e.length === 1 ? e : null;
    }, { message: 'one passage emphasised' });
    assert.equal(emphasised.length, 1, 'only the focused card\'s passage');
    await frame.locator(`[data-postcheck="hint"][data-index="${mail.index}"]`).evaluate((el) => el.blur());
    await until(async () => (await readEmphasised(page)).length === 0, { message: 'no emphasis after the card lost the focus' });
    await editor.click();
  });

  test('"Not here" takes the hint away for this draft; a re-check does not bring it back', async () => {
    const editor = page.locator(SEL.x.inlineEditor);
    const panel = await panelFor(page, editor);
    const { indexes } = await readRecheck(panel);
    const mail = indexes.find((h) => h.rule === 'email-address');
    await clickPanelControl(panel, `[data-postcheck="hint"][data-index="${mail.index}"] [data-postcheck="dismiss-here"]`);
    await panelShows(page, editor, ['internal-marker'], 'after "not here"');
    await highlightsWhenDrawn(page, editor, 1, ['streng vertraulich']);
    assert.equal(await readButtonCount(page, editor), '1');
    // An edit: the re-check answers with the e-mail again, which stays dismissed here.
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type(' Gruss');
    await until(async () => /Gruss/.test(await editor.innerText()), { message: 'the typed text' });
    await page.waitForTimeout(1500);
    const data = await panelShows(page, editor, ['internal-marker'], 'after a re-check');
    assert.equal(data.hints.length, 1);
    assert.equal(await readButtonCount(page, editor), '1');
  });

  test('"Not again" stays after a reload, is listed on the options page without the passage, and undo brings it back', async () => {
    let editor = page.locator(SEL.x.inlineEditor);
    let panel = await panelFor(page, editor);
    const { indexes } = await readRecheck(panel);
    const marker = indexes.find((h) => h.rule === 'internal-marker');
    await clickPanelControl(panel, `[data-postcheck="hint"][data-index="${marker.index}"] [data-postcheck="dismiss-again"]`);
    const none = await panelShows(page, editor, [], 'after "not again"');
    assert.equal(none.noHints, true);
    assert.equal(await readButtonCount(page, editor), '0');

    // After a reload: "not here" is forgotten (the e-mail is back), "not again" is kept.
    await page.reload();
    editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await page.keyboard.type(FIXED);
    let { data } = await runCheck(page, editor);
    assert.deepEqual(data.hints.map((h) => h.rule), ['email-address'], 'the marker dismissed for good; the e-mail back after the reload');

    // The worker's storage holds no draft, only the rule and a hash.
    const stored = await session.currentWorker().evaluate(() => chrome.storage.local.get(null));
    const text = JSON.stringify(stored);
    for (const part of ['vertraulich', 'streng', 'anna.muster', 'Danke']) assert.ok(!text.includes(part), `storage.local holds no "${part}"`);
    assert.equal(stored.dismissals.length, 1);
    assert.deepEqual(Object.keys(stored.dismissals[0]).sort(), ['at', 'category', 'hash', 'id', 'pack', 'rule']);

    // The options page lists it, with undo.
    const options = await session.context.newPage();
    await options.goto(`chrome-extension://${session.extensionId}/options.html`);
    const item = options.locator('[data-postcheck="dismissal"]');
    await until(async () => (await item.count()) === 1, { message: 'the dismissal listed' });
    assert.equal(await item.getAttribute('data-rule'), 'internal-marker');
    assert.equal(await item.getAttribute('data-category'), 'confidential');
    assert.ok(!(await item.innerText()).includes('vertraulich'), 'no passage on the options page');
    await item.locator('[data-postcheck="dismissal-undo"]').click();
    await until(async () => (await item.count()) === 0 && (await options.locator('[data-postcheck="dismissals-none"]').isVisible()), { message: 'the list empty after undo' });
    await options.close();

    await page.bringToFront();
    await page.keyboard.press('Escape');
    await until(async () => (await panelFor(page, editor)) === null, { message: 'the panel closed' });
    await editor.click();
    ({ data } = await runCheck(page, editor));
    assert.deepEqual(data.hints.map((h) => h.rule).sort(), ['email-address', 'internal-marker'], 'undone: the marker is back');
    panel = await panelFor(page, editor);
    assert.ok(panel);

    // Both dismissed "not again", then "Undo all" on the options page: both back.
    for (const left of [1, 0]) {
      await clickPanelControl(panel, '[data-postcheck="dismiss-again"]');
      await until(async () => (await readPanel(panel)).hints.length === left, { timeout: 5_000, message: `${left} hint(s) left` });
    }
    const again = await session.context.newPage();
    await again.goto(`chrome-extension://${session.extensionId}/options.html`);
    await until(async () => (await again.locator('[data-postcheck="dismissal"]').count()) === 2, { message: 'two dismissals listed' });
    await again.locator('[data-postcheck="dismissals-undo-all"]').click();
    await until(async () => (await again.locator('[data-postcheck="dismissal"]').count()) === 0, { message: 'none left after "Undo all"' });
    await again.close();
    await page.bringToFront();
    await page.keyboard.press('Escape');
    await until(async () => (await panelFor(page, editor)) === null, { message: 'the panel closed' });
    await editor.click();
    ({ data } = await runCheck(page, editor));
    assert.deepEqual(data.hints.map((h) => h.rule).sort(), ['email-address', 'internal-marker'], '"Undo all": both back');
  });
});
