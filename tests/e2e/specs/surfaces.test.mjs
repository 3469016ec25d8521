// Every posting surface of LinkedIn that the adapters must find, and the ones
// they must leave alone: on a post page (www.linkedin.com/feed/update/…/) the
// live Quill comment box (with Quill's .ql-clipboard given a box by the page),
// a contenteditable="plaintext-only" reply box and the Tiptap comment box
// without the ui-core-tiptap-text-editor-wrapper test id; the messaging
// overlay (a .msg-form__contenteditable and a Tiptap box in the shared
// wrapper) gets nothing; and the article editor (/article/new/), whose title
// is checked with the body. X's direct messages (conversation and drawer)
// get nothing either. On each: one button, the expected hints, every
// highlighted passage equal to its excerpt at its UTF-16 offset, nothing
// written into the editor, and the text submitted as typed.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { launch } from '../lib/harness.mjs';
import { editorText, posted, SEL, URLS } from '../lib/fixtures.mjs';
import { activateE2EPack, assertHints, assertNoNetwork, checkButtonFor, countCheckButtons, highlightsWhenDrawn, runCheck, screenshot, until } from '../lib/postcheck.mjs';

const P = SEL.linkedinPost;
const A = SEL.linkedinArticle;

/** Postcheck's buttons right after an element or inside its subtree (none must be there). */
function postcheckNear(locator) {
  return locator.evaluate((el) => {
    const near = [];
    for (let n = el.parentElement?.nextElementSibling ?? null; n && n.hasAttribute('data-postcheck'); n = n.nextElementSibling) near.push(n);
    for (let n = el.nextElementSibling; n && n.hasAttribute('data-postcheck'); n = n.nextElementSibling) near.push(n);
    return near.length + el.querySelectorAll('[data-postcheck]').length;
  });
}

describe('posting surfaces: post page and article editor', () => {
  let session;
  let pack;
  let page;
  before(async () => {
    session = await launch({ name: 'surfaces' });
    pack = await activateE2EPack(session);
    page = await session.context.newPage();
  });
  after(async () => {
    await session?.close();
  });

  describe('post page', () => {
    beforeEach(async () => {
      await page.goto(URLS.linkedinPost);
      await page.locator(P.quillComment).waitFor();
    });

    test('one button per posting surface (Quill comment, plaintext-only reply, Tiptap comment without the test id); none for messaging nor for .ql-clipboard', async () => {
      const buttons = [];
      for (const sel of [P.quillComment, P.reply, P.tiptapComment]) buttons.push(await checkButtonFor(page, page.locator(sel)));
      const distinct = await page.evaluate((bs) => new Set(bs).size, buttons);
      assert.equal(distinct, 3, 'three different buttons');
      // The page gave Quill's hidden helper a box: it is rendered and visible (positive control).
      const clip = await page.locator(P.quillClipboard).evaluate((c) => ({ editable: c.getAttribute('contenteditable'), width: c.getBoundingClientRect().width, visible: c.checkVisibility({ checkOpacity: true, visibilityProperty: true }) }));
      assert.deepEqual(clip, { editable: 'true', width: 400, visible: true }, 'the .ql-clipboard is a visible contenteditable');
      // The user types into both message boxes: still no button there (discovery runs on focus too).
      for (const sel of [P.messageForm, P.messageTiptap]) {
        await page.locator(sel).click();
        await page.keyboard.type('Hi Bernd, the numbers are internal only');
      }
      await new Promise((r) => setTimeout(r, 2500)); // one periodic rescan (2 s) after the typing
      const counts = await countCheckButtons(page);
      assert.deepEqual(counts, { all: 3, visible: 3, inEditor: 0 }, 'exactly the three posting surfaces have a button');
      assert.equal(await page.locator('#msg-overlay [data-postcheck]').count(), 0, 'nothing of postcheck in the messaging overlay');
      assert.equal(await postcheckNear(page.locator(P.quillClipboard)), 1, "only the comment box's own bar follows Quill's container");
    });

    test('Quill comment box: hints, exact highlights after emoji, the comment is submitted as typed', async (t) => {
      if (!pack.iban) t.diagnostic(`IBAN not asserted: ${pack.note}`);
      const draft = '👩🏽‍💻🇨🇭 Congrats! The figures are internal only: ask anna.muster@acme.example or pay CH93 0076 2011 6238 5295 7.';
      const expected = [
        { rule: 'confidential-markers', category: 'confidential', excerpt: 'internal only' },
        { rule: 'email', category: 'personal-data', excerpt: 'anna.muster@acme.example' },
      ];
      if (pack.iban) expected.push({ rule: 'iban', category: 'personal-data', excerpt: 'CH93 0076 2011 6238 5295 7' });
      const editor = page.locator(P.quillComment);
      const mark = session.log.mark();
      await editor.click();
      await page.keyboard.type(draft);
      await page.waitForFunction((d) => window.__fixture.text('comment') === d, draft);
      const { panel, data } = await runCheck(page, editor);
      assert.equal(data.shadow, 'closed');
      await assertHints(page, editor, data, expected, draft);
      assertNoNetwork(session, mark, 'checking a Quill comment');
      await screenshot(page, [page.locator('.feed-shared-update-v2'), panel], 'linkedin-post-comment');
      assert.equal(await editorText(page, 'comment'), draft, 'nothing was written into the editor');
      await page.locator(P.quillSubmit).click();
      assert.deepEqual(await posted(page), [{ composer: 'comment', texts: [draft] }]);
    });

    test('plaintext-only reply box: two lines, hints on both, highlights at their UTF-16 offsets, the reply is submitted as typed', async () => {
      const editor = page.locator(P.reply);
      await editor.click();
      await page.keyboard.type('🎉🇨🇭 Thanks! Numbers are streng vertraulich');
      await page.keyboard.press('Enter');
      await page.keyboard.type('write to anna.muster@acme.example');
      const draft = '🎉🇨🇭 Thanks! Numbers are streng vertraulich\nwrite to anna.muster@acme.example';
      assert.equal(await editorText(page, 'reply'), draft);
      const { data } = await runCheck(page, editor);
      // The highlights' offsets are counted through the editor's text nodes: the line break is one.
      const nodes = await editor.evaluate((ed) => {
        const out = [];
        const w = document.createTreeWalker(ed, NodeFilter.SHOW_TEXT);
        for (let n = w.nextNode(); n; n = w.nextNode()) out.push(n.data);
        return out.join('');
      });
      assert.equal(nodes, draft, 'plaintext-only keeps the line break as text');
      await assertHints(
        page,
        editor,
        data,
        [
          { rule: 'confidential-markers', category: 'confidential', excerpt: 'streng vertraulich' },
          { rule: 'email', category: 'personal-data', excerpt: 'anna.muster@acme.example' },
        ],
        draft,
      );
      assert.equal(await editorText(page, 'reply'), draft, 'nothing was written into the editor');
      await page.locator(P.replySubmit).click();
      assert.deepEqual(await posted(page), [{ composer: 'reply', texts: [draft] }]);
    });

    test('Tiptap comment box without the test-id wrapper: hints and highlights, the comment is submitted as typed', async () => {
      const draft = '🎉 Great hire! CV to anna.muster@acme.example, salary band is internal only';
      const editor = page.locator(P.tiptapComment);
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
      assert.equal(await editorText(page, 'tiptap-comment'), draft);
      // Scrolled into view first, and clicked once the scrolled page is painted: a click
      // in the same frame as the scroll can be routed by Chromium's stale hit-test data of
      // the out-of-process panel frame above it (seen here: the click never reached the page).
      await page.locator(P.tiptapSubmit).scrollIntoViewIfNeeded();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.locator(P.tiptapSubmit).click();
      assert.deepEqual(await posted(page), [{ composer: 'tiptap-comment', texts: [draft] }]);
    });
  });

  test("classic share box: Quill's .ql-clipboard, given a box by the page, gets no button (it matches the older share-box selector)", async () => {
    const C = SEL.linkedinClassic;
    await page.goto(URLS.linkedinClassic);
    await page.locator(C.trigger).click();
    await checkButtonFor(page, page.locator(C.editor));
    const clip = await page.evaluate(() => {
      const root = document.getElementById('interop-outlet').shadowRoot;
      const style = document.createElement('style');
      style.textContent = '.ql-clipboard { position: static !important; left: auto !important; top: auto !important; width: 400px !important; height: 20px !important; }';
      root.append(style);
      const c = root.querySelector('.share-creation-state__text-editor .ql-clipboard');
      return { editable: c.getAttribute('contenteditable'), width: c.getBoundingClientRect().width, visible: c.checkVisibility({ checkOpacity: true, visibilityProperty: true }) };
    });
    assert.deepEqual(clip, { editable: 'true', width: 400, visible: true }, 'the .ql-clipboard is a visible contenteditable in the share box (positive control)');
    // The page's change is seen (a mutation in the shadow root) and the page rescanned every 2 s: wait for two rescans.
    await new Promise((r) => setTimeout(r, 4500));
    assert.deepEqual(await countCheckButtons(page), { all: 2, visible: 2, inEditor: 0 }, "the share box's and the comment box's buttons only");
  });

  test('X direct messages: no button in the conversation nor in the drawer, even typed in; a Draft.js editor outside them gets one; none at all on the messages page', async () => {
    const X = SEL.xMessages;
    await page.goto(URLS.xDrawer);
    await checkButtonFor(page, page.locator(X.plain));
    for (const sel of [X.conversation, X.drawer]) {
      await page.locator(sel).click();
      await page.keyboard.type('Hi Bernd, the numbers are streng vertraulich');
    }
    await new Promise((r) => setTimeout(r, 2500)); // one periodic rescan (2 s) after the typing
    assert.deepEqual(await countCheckButtons(page), { all: 1, visible: 1, inEditor: 0 }, 'only the editor outside the messages has a button');
    assert.equal(await page.locator('[data-testid="DmActivityContainer"] [data-postcheck], [data-testid="DMDrawer"] [data-postcheck]').count(), 0);

    await page.goto(URLS.xMessages);
    await page.locator(X.conversation).click();
    await page.keyboard.type('Hi Bernd');
    await new Promise((r) => setTimeout(r, 2500));
    assert.deepEqual(await countCheckButtons(page), { all: 0, visible: 0, inEditor: 0 }, 'no button on the messages page');
  });

  describe('article editor', () => {
    beforeEach(async () => {
      await page.goto(URLS.linkedinArticle);
      await page.locator(A.body).waitFor();
    });

    test('one button, between the title and the body; the title is checked with the body (its hint has no box), the body highlighted exactly', async () => {
      const body = page.locator(A.body);
      const button = await checkButtonFor(page, body);
      assert.equal((await countCheckButtons(page)).visible, 1, 'one button: the title field is part of the article, not a composer of its own');
      const order = await button.evaluate((b, [titleSel, bodySel]) => {
        const title = document.querySelector(titleSel);
        const ed = document.querySelector(bodySel);
        return {
          afterTitle: Boolean(title.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING),
          beforeBody: Boolean(b.compareDocumentPosition(ed) & Node.DOCUMENT_POSITION_FOLLOWING),
          inView: b.getBoundingClientRect().bottom <= innerHeight,
        };
      }, [A.title, A.body]);
      assert.deepEqual(order, { afterTitle: true, beforeBody: true, inView: true }, 'the button sits between the title and the body, in view');

      const title = 'Q3 plans (streng vertraulich)';
      const text = '👩🏽‍💻 Our team grows. Questions to anna.muster@acme.example please.';
      await page.locator(A.title).click();
      await page.keyboard.type(title);
      await body.click();
      await page.keyboard.type(text);
      const { panel, data } = await runCheck(page, body);
      assert.deepEqual(
        data.hints.map((h) => [h.rule, h.category]).sort(),
        [
          ['confidential-markers', 'confidential'],
          ['email', 'personal-data'],
        ],
        `the title's marker and the body's address: ${JSON.stringify(data.hints)}`,
      );
      assert.ok(data.hints.find((h) => h.rule === 'confidential-markers').excerpt.includes('streng vertraulich'), 'the excerpt from the title');
      // Only the body's passage has a box (the title is a textarea: no box is drawn there).
      const marks = await highlightsWhenDrawn(page, body, 1, ['anna.muster@acme.example']);
      assert.deepEqual(
        marks.map((m) => [m.text, m.start]),
        [['anna.muster@acme.example', text.indexOf('anna.muster@acme.example')]],
      );
      assert.equal(await panel.evaluate((p, sel) => Boolean(document.querySelector(sel).compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING), A.title), true, 'the panel opens below the title');
      await screenshot(page, [page.locator('main'), panel], 'linkedin-article');
      assert.equal(await editorText(page, 'article'), text, 'nothing was written into the body');
      assert.equal(await editorText(page, 'title'), title, 'nothing was written into the title');

      // The title changes: the next check reads it anew.
      await page.locator(A.title).click();
      await page.keyboard.press('End');
      for (let i = 0; i < ' (streng vertraulich)'.length; i++) await page.keyboard.press('Backspace');
      await body.click();
      await page.keyboard.press('End');
      const again = await runCheck(page, body, { answered: (d) => d.hints.length === 1 });
      assert.deepEqual(again.data.hints.map((h) => h.rule), ['email'], 'the marker left the title: its hint went');
      await until(async () => (await highlightsWhenDrawn(page, body, 1, ['anna.muster@acme.example']))[0].start === text.indexOf('anna.muster@acme.example'), { message: 'the body highlight after the title changed' });

      await page.locator(A.publish).click();
      assert.deepEqual(await posted(page), [{ composer: 'article', texts: ['Q3 plans', text] }]);
    });
  });
});
