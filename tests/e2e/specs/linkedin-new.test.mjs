// The extension on LinkedIn's new share box (Tiptap in a modal <dialog>) at
// https://www.linkedin.com/feed/new/. A modal dialog makes everything outside
// it inert: the button and the panel must live inside it to be usable.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { launch } from '../lib/harness.mjs';
import { editorText, linkedinNewPost, posted, SEL, URLS } from '../lib/fixtures.mjs';
import { activateE2EPack, assertHints, assertNoNetwork, checkButtonFor, clickPanelControl, panelFor, runCheck, screenshot, until } from '../lib/postcheck.mjs';

const S = SEL.linkedinNew;
const DRAFT =
  '👩🏽‍💻🇨🇭 Big news from the Zürich team! 🎉🚀 Numbers are streng vertraulich until Monday, ' +
  'questions to anna.muster@acme.example, expenses to CH93 0076 2011 6238 5295 7.';

describe('LinkedIn new share box (Tiptap in a <dialog>)', () => {
  let session;
  let pack;
  let page;
  before(async () => {
    session = await launch({ name: 'linkedin-new' });
    pack = await activateE2EPack(session);
    page = await session.context.newPage();
  });
  after(async () => {
    await session?.close();
  });
  beforeEach(async () => {
    await page.goto(URLS.linkedinNew);
    await page.locator(S.trigger).click();
    await page.locator(S.editor).waitFor();
  });

  test('the button is inside the modal <dialog>, outside the editor, and can be clicked', async () => {
    const button = await checkButtonFor(page, page.locator(S.editor));
    assert.equal(await button.evaluate((b) => Boolean(b.closest('dialog')) && !b.closest('[contenteditable="true"]')), true);
  });

  test('hints, exact highlights after emoji, the panel closes from inside the dialog, Post submits the typed text', async (t) => {
    if (!pack.iban) t.diagnostic(`IBAN not asserted: ${pack.note}`);
    const expected = [
      { rule: 'confidential-markers', category: 'confidential', excerpt: 'streng vertraulich' },
      { rule: 'email', category: 'personal-data', excerpt: 'anna.muster@acme.example' },
    ];
    if (pack.iban) expected.push({ rule: 'iban', category: 'personal-data', excerpt: 'CH93 0076 2011 6238 5295 7' });
    const editor = page.locator(S.editor);
    const mark = session.log.mark();
    await editor.click();
    await page.keyboard.type(DRAFT);
    assert.equal(await editorText(page, 'share'), DRAFT);
    const { panel, data } = await runCheck(page, editor);
    assert.equal(data.shadow, 'closed');
    assert.equal(await panel.evaluate((p) => Boolean(p.closest('dialog'))), true, 'the panel is inside the <dialog> (outside it would be inert)');
    await assertHints(page, editor, data, expected, DRAFT);
    assert.match(data.length ?? '', /3[,.'’\u202f\u00a0 ]?000/, `the length shows LinkedIn's limit: ${data.length}`);
    assertNoNetwork(session, mark, 'typing and checking');
    await screenshot(page, [page.locator(S.dialog), panel], 'linkedin-new');

    // The close control works inside the modal dialog (a real click, hit-tested).
    await clickPanelControl(panel, '[data-postcheck="close"]');
    await until(async () => (await panelFor(page, editor)) === null, { timeout: 5_000, message: 'the panel to close' });
    assert.equal(await page.locator(S.dialog).evaluate((d) => d.open), true, 'the share box stays open');

    assert.equal(await editorText(page, 'share'), DRAFT, 'nothing was written into the editor');
    const post = linkedinNewPost(page);
    assert.equal(await post.isEnabled(), true, 'Post is enabled');
    await post.click();
    assert.deepEqual(await posted(page), [{ composer: 'share', texts: [DRAFT] }]);
  });

  test('Escape closes the panel, not the share box with the draft in it', async () => {
    const editor = page.locator(S.editor);
    const draft = '🎉 Roadmap: internal only';
    await editor.click();
    await page.keyboard.type(draft);
    await runCheck(page, editor);
    await page.keyboard.press('Escape');
    await until(async () => (await panelFor(page, editor)) === null, { timeout: 5_000, message: 'the panel to close on Escape' });
    assert.equal(await page.locator(S.dialog).evaluate((d) => d.open), true);
    assert.equal(await editorText(page, 'share'), draft);
  });
});
