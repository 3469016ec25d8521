// The extension on LinkedIn's classic share box (Quill 1.3.7 in the open
// shadow root of #interop-outlet) and the Tiptap comment box, at
// https://www.linkedin.com/feed/, with the decoy editor in the interop iframe.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { launch } from '../lib/harness.mjs';
import { editorText, posted, SEL, URLS } from '../lib/fixtures.mjs';
import { activateE2EPack, assertHints, assertNoNetwork, checkButtonFor, countCheckButtons, runCheck, screenshot } from '../lib/postcheck.mjs';

const S = SEL.linkedinClassic;
const DRAFT =
  '👩🏽‍💻🇨🇭 What a launch day, thank you team! 🎉 The figures are internal only: ' +
  'ask anna.muster@acme.example or pay CH93 0076 2011 6238 5295 7.';

/** Whether `el` has an ancestor matching `selector` in the composed tree (across shadow roots). */
const inComposed = (el, selector) =>
  el.evaluate((node, sel) => {
    for (let n = node; n; n = n.parentNode || n.host || null) if (n.nodeType === 1 && n.matches(sel)) return true;
    return false;
  }, selector);

describe('LinkedIn classic share box (Quill in a shadow root) and comment box (Tiptap)', () => {
  let session;
  let pack;
  let page;
  before(async () => {
    session = await launch({ name: 'linkedin-classic' });
    pack = await activateE2EPack(session);
    page = await session.context.newPage();
  });
  after(async () => {
    await session?.close();
  });
  beforeEach(async () => {
    await page.goto(URLS.linkedinClassic);
  });

  test('buttons for the share box in the shadow root and the comment box; none for the decoy in the interop iframe', async () => {
    await page.locator(S.trigger).click();
    const share = page.locator(S.editor);
    await share.waitFor();
    const shareButton = await checkButtonFor(page, share);
    const commentButton = await checkButtonFor(page, page.locator(S.commentEditor));
    assert.equal(await shareButton.evaluate((a, b) => a === b, commentButton), false);
    assert.equal(await inComposed(shareButton, '#interop-outlet'), true, 'the share box button sits with the share box, in the shadow root');
    const counts = await countCheckButtons(page);
    assert.equal(counts.inEditor, 0, 'no button inside a contenteditable');
    assert.equal(counts.visible, 2, "two visible buttons: the share box's and the comment box's (Quill's hidden .ql-clipboard is no composer)");
    const frame = page.frames().find((f) => f.url().endsWith('/preload/'));
    assert.ok(frame, 'the interop iframe is loaded');
    assert.equal(await frame.evaluate(() => document.querySelectorAll('[data-postcheck]').length), 0, 'nothing of the extension in the decoy frame');
  });

  test('share box: hints, exact highlights after emoji, then Post still submits the typed text', async (t) => {
    if (!pack.iban) t.diagnostic(`IBAN not asserted: ${pack.note}`);
    const expected = [
      { rule: 'confidential-markers', category: 'confidential', excerpt: 'internal only' },
      { rule: 'email', category: 'personal-data', excerpt: 'anna.muster@acme.example' },
    ];
    if (pack.iban) expected.push({ rule: 'iban', category: 'personal-data', excerpt: 'CH93 0076 2011 6238 5295 7' });
    const mark = session.log.mark();
    await page.locator(S.trigger).click();
    const editor = page.locator(S.editor);
    await editor.click();
    await page.keyboard.type(DRAFT);
    await page.waitForFunction((t) => window.__fixture.text('share') === t, DRAFT);
    const { panel, data } = await runCheck(page, editor);
    assert.equal(data.shadow, 'closed');
    assert.equal(await inComposed(panel, '[role="dialog"]'), true, "the panel is inside the share box's dialog");
    await assertHints(page, editor, data, expected, DRAFT);
    assert.match(data.length ?? '', /3[,.'’\u202f\u00a0 ]?000/, `the length shows LinkedIn's limit: ${data.length}`);
    assertNoNetwork(session, mark, 'typing and checking');
    await screenshot(page, [page.locator(S.dialog), panel], 'linkedin-classic');
    assert.equal(await editorText(page, 'share'), DRAFT, 'nothing was written into the editor');
    const post = page.locator(S.post);
    assert.equal(await post.isEnabled(), true, 'Post is enabled');
    await post.click();
    assert.deepEqual(await posted(page), [{ composer: 'share', texts: [DRAFT] }]);
  });

  test('comment box: hints and highlights, then the comment is submitted as typed', async () => {
    const draft = '🎉🇨🇭 Congrats! Details are internal only, write to anna.muster@acme.example';
    const editor = page.locator(S.commentEditor);
    const mark = session.log.mark();
    await editor.click();
    await page.keyboard.type(draft);
    const { data } = await runCheck(page, editor);
    await assertHints(
      page,
      editor,
      data,
      [
        { rule: 'confidential-markers', category: 'confidential', excerpt: 'internal only' },
        { rule: 'email', category: 'personal-data', excerpt: 'anna.muster@acme.example' },
      ],
      draft,
    );
    assertNoNetwork(session, mark, 'checking a comment');
    assert.equal(await editorText(page, 'comment'), draft);
    await page.locator(S.commentSubmit).click();
    assert.deepEqual(await posted(page), [{ composer: 'comment', texts: [draft] }]);
  });
});
