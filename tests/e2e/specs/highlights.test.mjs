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
import { highlightsWhenDrawn, importPackFile, openOptions, panelFrame, readOverlayBoxes, runCheck, until } from '../lib/postcheck.mjs';

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

// The three levels are marked alike in the editor and in the panel (one colour
// each), and told apart without colour too: each has its own line style (the
// underline of its passages, the edge of its cards) and a sign in the mark of
// its heading.
describe('levels are told apart, without colour alone', () => {
  let session;
  let page;
  before(async () => {
    session = await launch({ name: 'highlights-levels' });
    const options = await openOptions(session);
    assert.deepEqual(await importPackFile(options, 'levels.json', 'ACME e2e levels'), { ok: true });
    await options.close();
    page = await session.context.newPage();
    await page.setViewportSize({ width: 1100, height: 700 });
    await page.goto(URLS.x);
  });
  after(async () => {
    await session?.close();
  });

  test('important, consider and note: three underline styles and colours, the same in the panel, and a sign per heading', async () => {
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    const draft = 'Projekt Orion startet, dann Vega und Lyra.';
    await page.keyboard.type(draft);
    const { panel, data } = await runCheck(page, editor);
    assert.deepEqual(data.hints.map((h) => [h.rule, h.level]).sort(), [
      ['level-consider', 'consider'],
      ['level-important', 'important'],
      ['level-note', 'note'],
    ]);
    const passages = await highlightsWhenDrawn(page, editor, 3, ['Orion', 'Vega', 'Lyra']);
    assert.deepEqual(passages.map((p) => [p.text, p.level]).sort(), [
      ['Lyra', 'note'],
      ['Orion', 'important'],
      ['Vega', 'consider'],
    ]);

    // In the editor: one look per level (read through the closed root, as only the extension can).
    const looks = {};
    for (const box of await readOverlayBoxes(page)) {
      const key = JSON.stringify(box.look);
      looks[box.level] ??= key;
      assert.equal(key, looks[box.level], `every box of level ${box.level} looks the same`);
    }
    const underline = (level) => JSON.parse(looks[level]).underline.match(/^(\S+) (\S+) (.+)$/).slice(1);
    const lines = Object.fromEntries(['important', 'consider', 'note'].map((level) => [level, underline(level)]));
    assert.equal(new Set(Object.values(lines).map(([, style]) => style)).size, 3, `three underline styles (not only colours): ${JSON.stringify(lines)}`);
    assert.equal(new Set(Object.values(lines).map(([, , color]) => color)).size, 3, `three underline colours: ${JSON.stringify(lines)}`);
    assert.equal(new Set(Object.values(looks).map((l) => JSON.parse(l).background)).size, 3, 'three tints');
    for (const [level, [width]] of Object.entries(lines)) assert.ok(parseFloat(width) >= 2, `the ${level} underline is at least 2 px: ${width}`);

    // In the panel: each card's edge has its level's line style and colour; each heading a mark with its own sign.
    const frame = await panelFrame(panel);
    const panelLooks = await frame.evaluate(() => {
      const out = {};
      for (const card of document.querySelectorAll('[data-postcheck="hint"]')) {
        const css = getComputedStyle(card);
        out[card.dataset.level] = { edge: [css.borderLeftStyle, css.borderLeftColor] };
      }
      for (const heading of document.querySelectorAll('[data-postcheck="level-heading"]')) {
        const mark = heading.querySelector('.postcheck-level-mark');
        const css = mark ? getComputedStyle(mark) : null;
        out[heading.dataset.level].heading = {
          sign: mark ? getComputedStyle(mark, '::before').content : null,
          line: css ? [css.borderBottomStyle, css.borderBottomColor] : null,
          hidden: mark?.getAttribute('aria-hidden') ?? null,
        };
      }
      return out;
    });
    for (const level of ['important', 'consider', 'note']) {
      const [, style, color] = lines[level];
      assert.deepEqual(panelLooks[level].edge, [style, color], `the ${level} card's edge is drawn as its passages are underlined`);
      assert.deepEqual(panelLooks[level].heading.line, [style, color], `the ${level} heading's mark is drawn as its passages are underlined`);
      assert.equal(panelLooks[level].heading.hidden, 'true', 'the mark is not read out (the heading says the level in words)');
    }
    const signs = Object.values(panelLooks).map((l) => l.heading.sign);
    assert.equal(new Set(signs).size, 3, `a sign per level: ${signs}`);
    assert.ok(signs.every((sign) => sign && sign !== 'none' && sign !== 'normal'), `each mark shows a sign: ${signs}`);
  });
});
