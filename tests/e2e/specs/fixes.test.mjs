// "Apply" (fix in place) on the real editors: Draft.js on X (timeline and a
// thread part in the compose modal), Quill on LinkedIn classic, Tiptap on
// LinkedIn new and in the comment box. Each fix kind the engine gives
// (a replacement with one word, repeated punctuation made one mark, an
// internal marker removed, a disclosure added at the end) is applied with a real click in the panel
// frame; the editor's own model (read by the fixture from Draft.js
// EditorState, Quill getText(), ProseMirror's doc) must then be exactly the
// expected text, Ctrl+Z must undo the fix in the editor's history, and Post
// must submit the editor's text. Emoji and flags stand right before and
// after the passages, drafts have two lines, text is typed before a passage
// after the check, and a passage edited away falls back to copy with the
// editor untouched. The page cannot make a fix: its synthetic clicks and
// messages change nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch } from '../lib/harness.mjs';
import { editorText, linkedinNewPost, posted, SEL, URLS } from '../lib/fixtures.mjs';
import { importPackFile, openOptions, panelFrame, readPanel, runCheck, until } from '../lib/postcheck.mjs';

const FLAG = '🇨🇭';
const CODER = '👩🏽‍💻';
const LINE1 = `${FLAG}Github${CODER} is great!!!${FLAG}`;
const LINE2 = `Second line: INTERNAL ONLY try ACME Cloud ${CODER}`;
const BEFORE = `${CODER}Hi! `;

/** What was run, for the report: fixes applied per editor, drafts that ended up other than expected. */
const counts = { applied: {}, corrupted: 0, refused: 0, slowestMs: {} };

/** The card of rule `rule` in the panel, and its Apply button: a real click in the panel's frame. */
async function clickApply(panel, rule) {
  const frame = await until(() => panelFrame(panel), { timeout: 5_000, message: 'the panel frame' });
  await until(async () => (await readPanel(panel)).settled, { timeout: 5_000, message: 'the panel to settle' });
  await frame.locator(`[data-postcheck="hint"][data-rule="${rule}"] [data-postcheck="apply"]`).first().click();
  return until(
    () => frame.evaluate((r) => {
      const status = document.querySelector(`[data-postcheck="hint"][data-rule="${r}"] [data-postcheck="fix-status"]`);
      return status ? { state: status.dataset.state, reason: status.dataset.reason, text: status.textContent, copy: status.closest('[data-postcheck="hint"]').querySelectorAll('[data-postcheck="copy"]').length, apply: status.closest('[data-postcheck="hint"]').querySelectorAll('[data-postcheck="apply"]').length } : null;
    }, rule),
    { timeout: 5_000, message: `the outcome of Apply on ${rule}` },
  );
}

/** Applies the fix of `rule` and asserts the editor's model is then exactly `want`. */
async function applyAndExpect(page, panel, name, label, rule, want) {
  const started = performance.now();
  const status = await clickApply(panel, rule);
  // Reported, not asserted (no timed assertions): click to the card's answer, as the test sees it.
  counts.slowestMs[label] = Math.max(counts.slowestMs[label] ?? 0, Math.round(performance.now() - started));
  assert.equal(status.state, 'applied', `Apply on ${rule} in ${label}: ${JSON.stringify(status)}`);
  assert.match(status.text, /Ctrl\+Z/);
  const now = await editorText(page, name);
  if (now !== want) counts.corrupted++;
  assert.equal(now, want, `the ${label} editor's model after the fix of ${rule}`);
  counts.applied[label] = (counts.applied[label] ?? 0) + 1;
}

/** Presses Ctrl+Z in the editor (which has the focus) until its model is `want`, at most twice. */
async function undoTo(page, name, want) {
  for (let i = 0; i < 2; i++) {
    await page.keyboard.press('ControlOrMeta+z');
    const ok = await until(async () => (await editorText(page, name)) === want, { timeout: 1_500, message: 'undo' }).catch(() => false);
    if (ok) return i + 1;
  }
  return 0;
}

/** Types a two-line draft (Enter between the lines). */
async function typeDraft(page) {
  await page.keyboard.type(LINE1);
  await page.keyboard.press('Enter');
  await page.keyboard.type(LINE2);
}

/**
 * The whole round on one editor (focused, empty): type, check, type before the
 * passages, apply the three fixes, undo the last with Ctrl+Z, check a passage
 * edited away falls back to copy. Returns the text the editor holds at the end.
 */
async function round(page, editor, name, label) {
  await typeDraft(page);
  const typed = `${LINE1}\n${LINE2}`;
  await until(async () => (await editorText(page, name)) === typed, { timeout: 5_000, message: `the typed draft in ${label}` });
  const { panel, data } = await runCheck(page, editor, { answered: (d) => ['brand', 'punct', 'marker', 'disclose'].every((r) => d.hints.some((h) => h.rule === r)) });
  for (const rule of ['brand', 'punct', 'marker', 'disclose']) assert.ok(data.hints.some((h) => h.rule === rule), `hint ${rule} in ${label}`);
  // The employee types more before the passages after the check (and pauses: editors group quick edits into one undo step).
  await page.keyboard.press('ControlOrMeta+Home');
  // At once: typed key by key, Chromium moves the caret past the flag after the emoji's ZWJ.
  await page.keyboard.insertText(BEFORE);
  let want = `${BEFORE}${typed}`;
  await until(async () => (await editorText(page, name)) === want, { timeout: 5_000, message: `typing before the passages in ${label}` });
  await new Promise((r) => setTimeout(r, 1_100));
  want = want.replace('Github', 'GitHub');
  await applyAndExpect(page, panel, name, label, 'brand', want);
  await new Promise((r) => setTimeout(r, 1_100));
  want = want.replace('!!!', '!');
  await applyAndExpect(page, panel, name, label, 'punct', want);
  await new Promise((r) => setTimeout(r, 1_100));
  want = want.replace('INTERNAL ONLY ', '');
  await applyAndExpect(page, panel, name, label, 'marker', want);
  await new Promise((r) => setTimeout(r, 1_100));
  const beforeDisclosure = want;
  want = `${want} #ACMEemployee`;
  await applyAndExpect(page, panel, name, label, 'disclose', want);
  // Ctrl+Z undoes the fix in the editor's own history.
  const presses = await undoTo(page, name, beforeDisclosure);
  assert.equal(presses, 1, `one Ctrl+Z in ${label} undoes the disclosure (model: ${JSON.stringify(await editorText(page, name))})`);
  return { panel, text: beforeDisclosure };
}

/** A passage edited away: Apply refuses, the card offers copy, the editor is untouched. */
async function goneFallsBack(page, editor, name, label) {
  await page.keyboard.type(`Code on Github${FLAG}`);
  const { panel } = await runCheck(page, editor, { answered: (d) => d.hints.some((h) => h.rule === 'brand') });
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(`Code on Gitlab${FLAG}`);
  const draft = `Code on Gitlab${FLAG}`;
  await until(async () => (await editorText(page, name)) === draft, { timeout: 5_000, message: `the edited draft in ${label}` });
  const status = await clickApply(panel, 'brand');
  assert.equal(status.state, 'not-applied', `${label}: ${JSON.stringify(status)}`);
  assert.equal(status.reason, 'gone');
  assert.equal(status.apply, 0, 'the Apply button goes');
  assert.equal(status.copy, 1, 'the suggestion stays to copy');
  assert.equal(await editorText(page, name), draft, `the ${label} editor is untouched`);
  counts.refused++;
}

describe('Apply: fixes made through the editors\' own input path', () => {
  let session;
  let page;
  before(async () => {
    session = await launch({ name: 'fixes' });
    const options = await openOptions(session);
    assert.deepEqual(await importPackFile(options, 'fixes.json', 'ACME e2e fixes'), { ok: true });
    await options.close();
    page = await session.context.newPage();
  });
  after(async () => {
    const total = Object.values(counts.applied).reduce((a, b) => a + b, 0);
    // The numbers of the run, for the report (node --test prints diagnostics).
    console.log(`# fixes applied: ${total} ${JSON.stringify(counts.applied)}; refused (gone, or the editor did not take it): ${counts.refused}; corrupted drafts: ${counts.corrupted}; slowest Apply (click to answer, ms) ${JSON.stringify(counts.slowestMs)}`);
    await session?.close();
  });

  test('X timeline (Draft.js): each fix kind, after typing before the passages; Ctrl+Z; Post submits the editor\'s text', async () => {
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    const { text } = await round(page, editor, 'inline', 'x-inline');
    const post = page.locator(SEL.x.inlinePost);
    assert.equal(await post.getAttribute('aria-disabled'), null, 'Post is enabled');
    await post.click();
    assert.deepEqual(await posted(page), [{ composer: 'inline', texts: [text] }]);
  });

  test('X timeline (Draft.js): a passage edited away falls back to copy', async () => {
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await goneFallsBack(page, editor, 'inline', 'x-inline');
  });

  test('X compose modal, second thread part (Draft.js): each fix kind; Post all submits both parts', async () => {
    await page.goto(URLS.x);
    await page.locator(SEL.x.openModal).click();
    const part0 = page.locator(SEL.x.modalEditor(0));
    await part0.click();
    const first = `${FLAG} Part one.`;
    await page.keyboard.type(first);
    await page.locator(SEL.x.addButton).click();
    const part1 = page.locator(SEL.x.modalEditor(1));
    await part1.waitFor();
    await part1.click();
    const { text } = await round(page, part1, 'modal:1', 'x-thread-part');
    assert.equal(await editorText(page, 'modal:0'), first, 'the other part is untouched');
    await page.locator(SEL.x.modalPost).click();
    assert.deepEqual(await posted(page), [{ composer: 'modal', texts: [first, text] }]);
  });

  test('LinkedIn classic share box (Quill in a shadow root): each fix kind; Post follows', async () => {
    await page.goto(URLS.linkedinClassic);
    await page.locator(SEL.linkedinClassic.trigger).click();
    const editor = page.locator(SEL.linkedinClassic.editor);
    await editor.click();
    const { text } = await round(page, editor, 'share', 'linkedin-classic');
    await page.locator(SEL.linkedinClassic.post).click();
    assert.deepEqual(await posted(page), [{ composer: 'share', texts: [text] }]);
  });

  test('LinkedIn comment box (Tiptap): each fix kind; the comment is submitted as the editor holds it', async () => {
    await page.goto(URLS.linkedinClassic);
    const editor = page.locator(SEL.linkedinClassic.commentEditor);
    await editor.click();
    const { text } = await round(page, editor, 'comment', 'linkedin-comment');
    await page.locator(SEL.linkedinClassic.commentSubmit).click();
    assert.deepEqual(await posted(page), [{ composer: 'comment', texts: [text] }]);
  });

  test('LinkedIn new share box (Tiptap in a dialog): each fix kind, a gone passage falls back; Post follows', async () => {
    await page.goto(URLS.linkedinNew);
    await page.locator(SEL.linkedinNew.trigger).click();
    const editor = page.locator(SEL.linkedinNew.editor);
    await editor.click();
    const { text } = await round(page, editor, 'share', 'linkedin-new');
    await linkedinNewPost(page).click();
    assert.deepEqual(await posted(page), [{ composer: 'share', texts: [text] }]);
  });

  test('Quill and Tiptap: a passage edited away falls back to copy, the editor untouched', async () => {
    await page.goto(URLS.linkedinClassic);
    await page.locator(SEL.linkedinClassic.trigger).click();
    const share = page.locator(SEL.linkedinClassic.editor);
    await share.click();
    await goneFallsBack(page, share, 'share', 'linkedin-classic');
    await page.goto(URLS.linkedinNew);
    await page.locator(SEL.linkedinNew.trigger).click();
    const editor = page.locator(SEL.linkedinNew.editor);
    await editor.click();
    await goneFallsBack(page, editor, 'share', 'linkedin-new');
  });

  test('an editor that does not take the change: Apply says so, the draft is as it was, the card keeps copy (Tiptap comment box)', async () => {
    await page.goto(URLS.linkedinClassic);
    const editor = page.locator(SEL.linkedinClassic.commentEditor);
    await editor.click();
    const draft = `Code on Github${FLAG}`;
    await page.keyboard.type(draft);
    const { panel } = await runCheck(page, editor, { answered: (d) => d.hints.some((h) => h.rule === 'brand') });
    await page.evaluate(() => (window.__fixtureRefuseEdits = true));
    const status = await clickApply(panel, 'brand');
    await page.evaluate(() => (window.__fixtureRefuseEdits = false));
    assert.equal(status.state, 'not-applied', JSON.stringify(status));
    assert.ok(['editor', 'changed'].includes(status.reason), `why: ${status.reason}`);
    assert.equal(status.copy, 1, 'the suggestion stays to copy');
    assert.equal(await editorText(page, 'comment'), draft, "the editor's model is the draft as it was");
    const shown = await editor.evaluate((el) => el.textContent);
    assert.equal(shown, draft, 'and so is what it shows');
    counts.refused++;
  });

  test('the page cannot make a fix: synthetic clicks on postcheck\'s elements and apply messages change nothing', async () => {
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    const draft = `Code on Github${FLAG}!!!`;
    await page.keyboard.type(draft);
    await runCheck(page, editor, { answered: (d) => d.hints.some((h) => h.rule === 'brand') });
    await page.evaluate(() => {
      const all = [];
      const walk = (r) => {
        for (const el of r.querySelectorAll('*')) {
          all.push(el);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      for (const el of all) {
        if (!el.closest('[data-postcheck]')) continue;
        for (const type of ['pointerdown', 'mousedown', 'mouseup', 'click']) el.dispatchEvent(new MouseEvent(type, { bubbles: true, composed: true }));
        el.click?.();
      }
      for (let index = 0; index < 5; index++) {
        const message = { type: 'apply', id: index + 1, index };
        window.postMessage(message, '*');
        for (let i = 0; i < window.frames.length; i++) window.frames[i].postMessage(message, '*');
      }
    });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await editorText(page, 'inline'), draft, 'the draft is untouched');
  });
});
