// The highlights are boxes in postcheck's own closed shadow root (the page
// cannot enumerate them, see attacker.test.mjs), so they must follow the text
// themselves: after the page scrolls, after the window is resized (the text wraps anew) and after
// an edit elsewhere, every box is again exactly over its passage
// (readHighlights matches the boxes against `Range.getClientRects()` of the
// text as it is then); a passage that an edit changed or moved loses its box
// until the next check, rather than leave it over other text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch } from '../lib/harness.mjs';
import { SEL, URLS } from '../lib/fixtures.mjs';
import { highlightsWhenDrawn, readOverlayBoxes, runCheck, until } from '../lib/postcheck.mjs';

const DRAFT = 'Die Zahlen sind streng vertraulich, Fragen an anna.muster@acme.example bitte.';
const EXCERPTS = ['streng vertraulich', 'anna.muster@acme.example'];

/** The passages' boxes as [text, start] pairs, once they match the text as it is now. */
async function aligned(page, editor, excerpts = EXCERPTS) {
  const h = await highlightsWhenDrawn(page, editor, excerpts.length, excerpts);
  return h.map((p) => [p.text, p.start]).sort((a, b) => a[1] - b[1]);
}

/** Where the first box is on screen. */
async function firstBox(page) {
  const boxes = await readOverlayBoxes(page);
  assert.ok(boxes.length > 0, 'boxes are drawn');
  return { left: Math.round(boxes[0].left), top: Math.round(boxes[0].top) };
}

describe('highlights follow the text', () => {
  let session;
  let page;
  before(async () => {
    session = await launch({ name: 'highlights' });
    page = await session.context.newPage();
    await page.setViewportSize({ width: 1100, height: 700 });
    await page.goto(URLS.x);
  });
  after(async () => {
    await session?.close();
  });

  test('on scroll, on resize and after edits, every box is over its passage again', async () => {
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await page.keyboard.type(DRAFT);
    await runCheck(page, editor);
    assert.deepEqual(await aligned(page, editor), [
      ['streng vertraulich', 16],
      ['anna.muster@acme.example', 46],
    ]);

    // The page scrolls (as a timeline does): the boxes move with the text.
    const before = await firstBox(page);
    await page.evaluate(() => {
      const spacer = document.createElement('div');
      spacer.style.height = '3000px';
      document.body.append(spacer);
      window.scrollBy(0, 90);
    });
    assert.ok((await page.evaluate(() => window.scrollY)) > 0, 'the page scrolled');
    await until(async () => (await firstBox(page)).top !== before.top, { message: 'the boxes moved with the scroll' });
    assert.deepEqual(await aligned(page, editor), [
      ['streng vertraulich', 16],
      ['anna.muster@acme.example', 46],
    ]);

    // The window narrows: the text wraps anew, the boxes follow.
    await page.setViewportSize({ width: 520, height: 700 });
    assert.deepEqual(await aligned(page, editor), [
      ['streng vertraulich', 16],
      ['anna.muster@acme.example', 46],
    ]);

    // Typing after the passages keeps them where they are: the boxes stay.
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Danke!');
    await page.waitForTimeout(300);
    assert.deepEqual(await aligned(page, editor), [
      ['streng vertraulich', 16],
      ['anna.muster@acme.example', 46],
    ]);

    // An edit inside a passage takes its box away (the check's passage is no
    // longer there); the passage before it keeps its own.
    for (let i = 0; i < ' bitte. Danke!'.length + 1; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Backspace');
    assert.deepEqual(await aligned(page, editor, ['streng vertraulich']), [['streng vertraulich', 16]]);

    // An edit before a passage moves it: its box is not left over other text
    // (drawn again by the next check).
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('Hallo! ');
    await until(async () => (await readOverlayBoxes(page)).length === 0, { message: 'no box over the moved passage' });
  });
});
