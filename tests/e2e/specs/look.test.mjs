// The panel's look: a summary line first, identical hints as one card (each
// passage shown once), and colours that follow the site's theme (X light, dim
// and lights-out; LinkedIn light and dark: the fixtures' `?theme=`), with every
// text of the panel at least 4.5:1 on what is behind it (computed colours) and
// each passage's underline at least 3:1 on the page. Also writes the
// screenshots of the panel in light, dark and German (docs/screenshots/).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch } from '../lib/harness.mjs';
import { COMPOSERS, MANY } from '../lib/composers.mjs';
import { panelFrame, readOverlayBoxes, runCheck, screenshot, until } from '../lib/postcheck.mjs';

const composer = (name) => COMPOSERS.find((c) => c.name === name);

/** The composers and themes to look at: [composer, theme, dark?]. */
const THEMED = [
  ['X timeline', 'light', false],
  ['X timeline', 'dim', true],
  ['X timeline', 'lights-out', true],
  ['X modal thread', 'lights-out', true],
  ['LinkedIn classic', 'light', false],
  ['LinkedIn classic', 'dark', true],
  ['LinkedIn new', 'dark', true],
  ['LinkedIn comment', 'dark', true],
];

/** Parses a computed `rgb()`/`rgba()` colour. */
function rgba(color) {
  const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(color);
  assert.ok(m, `a computed colour: ${color}`);
  return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
}
function luminance([r, g, b]) {
  const lin = (c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
/** `top` (with its alpha) over the opaque `bottom`. */
function over(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a));
}

/**
 * In the panel's frame: each text of the panel (a leaf element with text),
 * its computed colour and the colour behind it (the nearest opaque background).
 */
function panelTexts(frame) {
  return frame.evaluate(() => {
    const behind = (el) => {
      for (let n = el; n; n = n.parentElement) {
        const bg = getComputedStyle(n).backgroundColor;
        if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return bg;
      }
      return 'rgb(255, 255, 255)';
    };
    const out = [];
    for (const el of document.querySelectorAll('#panel *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || !el.checkVisibility()) continue;
      out.push({ tag: el.localName, cls: el.className, text: el.textContent.trim().slice(0, 40), color: getComputedStyle(el).color, behind: behind(el) });
    }
    return { texts: out, panel: getComputedStyle(document.getElementById('panel')).backgroundColor, theme: document.documentElement.dataset.theme ?? null };
  });
}

/** The page's own background behind the composer's editor. */
function pageBackground(editor) {
  return editor.evaluate((el) => {
    for (let n = el; n; n = n.parentElement || n.getRootNode().host || null) {
      const bg = getComputedStyle(n).backgroundColor;
      const alpha = /rgba\([^)]*,\s*([\d.]+)\)/.exec(bg);
      if (bg !== 'transparent' && (!alpha || Number(alpha[1]) >= 0.5)) return bg;
    }
    return 'rgb(255, 255, 255)';
  });
}

describe('the panel: summary, merged hints, themes and contrast', () => {
  let session;
  let page;
  before(async () => {
    session = await launch({ name: 'look' });
    page = await session.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
  });
  after(async () => {
    await session?.close();
  });

  test('a summary line first; identical hints are one card; each passage shown once', async () => {
    const c = composer('X timeline');
    await page.goto(c.url);
    const { editor } = await c.prepare(page, MANY);
    const { panel, data } = await runCheck(page, editor);
    const byLevel = (l) => new Set(data.hints.filter((h) => h.level === l).map((h) => `${h.rule}|${h.message}`)).size;
    const cards = byLevel('important') + byLevel('consider') + byLevel('note');
    assert.equal(data.cards, cards, `one card per rule and message: ${data.cards} cards for ${data.hints.length} hints`);
    assert.ok(data.cards < data.hints.length, 'identical hints were merged');
    assert.equal(data.summary, `${cards} hints: ${byLevel('important')} please check, ${byLevel('consider')} worth a look, ${byLevel('note')} good to know`);
    const frame = await panelFrame(panel);
    const shown = await frame.evaluate(() => {
      const body = document.getElementById('body');
      return {
        first: body.firstElementChild?.dataset.postcheck,
        cards: [...document.querySelectorAll('[data-postcheck="hint"]')].map((card) => ({
          rule: card.dataset.rule,
          count: Number(card.dataset.count ?? 1),
          text: card.textContent,
          passages: [...card.querySelectorAll('[data-postcheck="excerpt"]')].map((e) => e.textContent),
          places: card.querySelector('[data-postcheck="places"]')?.textContent ?? null,
        })),
      };
    });
    assert.equal(shown.first, 'summary', 'the summary comes first');
    const marker = shown.cards.find((k) => k.rule === 'internal-marker' && k.passages[0] === 'streng vertraulich');
    assert.equal(marker.count, 2, 'the two "streng vertraulich" are one card');
    assert.equal(marker.places, 'In 2 places in the draft.');
    for (const card of shown.cards) {
      for (const p of new Set(card.passages)) {
        assert.equal(card.text.split(p).length - 1, 1, `"${p}" is shown once in its card: ${card.text}`);
      }
    }
  });

  for (const [name, theme, dark] of THEMED) {
    test(`${name}, ${theme}: the panel is ${dark ? 'dark' : 'light'}, its texts at least 4.5:1, the underlines at least 3:1 on the page`, async (t) => {
      const c = composer(name);
      await page.goto(`${c.url}?theme=${theme}`);
      const { editor } = await c.prepare(page, MANY);
      const { panel } = await runCheck(page, editor);
      const frame = await panelFrame(panel);
      const seen = await until(
        async () => {
          const s = await panelTexts(frame);
          return s.theme === (dark ? 'dark' : 'light') ? s : null;
        },
        { timeout: 5_000, message: `the panel to take the ${dark ? 'dark' : 'light'} theme` },
      );
      const panelBg = rgba(seen.panel);
      assert.equal(luminance(panelBg) < 0.18, dark, `the panel's background ${seen.panel} is ${dark ? 'dark' : 'light'}`);
      let lowest = Infinity;
      for (const text of seen.texts) {
        const ratio = contrast(rgba(text.color), over(rgba(text.behind), panelBg));
        lowest = Math.min(lowest, ratio);
        assert.ok(ratio >= 4.5, `"${text.text}" (${text.tag}.${text.cls}): ${text.color} on ${text.behind}: ${ratio.toFixed(2)}:1`);
      }
      t.diagnostic(`${seen.texts.length} texts, lowest contrast ${lowest.toFixed(2)}:1`);
      // The boxes over the passages: each level's underline at least 3:1 on the page behind the editor.
      const page0 = rgba(await pageBackground(editor));
      const boxes = await until(async () => {
        const b = await readOverlayBoxes(page);
        return b.length > 0 ? b : null;
      }, { message: 'the boxes over the passages' });
      for (const box of boxes) {
        const color = /(rgba?\([^)]*\))$/.exec(box.look.underline)[1];
        const ratio = contrast(rgba(color), page0);
        assert.ok(ratio >= 3, `the ${box.level} underline ${box.look.underline} on ${page0}: ${ratio.toFixed(2)}:1`);
      }
      if (name === 'X timeline' && theme !== 'light') {
        await screenshot(page, [editor, panel], `panel-${theme}`);
      }
      if (name === 'X timeline' && theme === 'light') await screenshot(page, [editor, panel], 'panel-light');
    });
  }
});

describe('what the page sees of a themed panel', () => {
  let session;
  let page;
  before(async () => {
    session = await launch({ name: 'look-page' });
    page = await session.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
  });
  after(async () => {
    await session?.close();
  });

  test("the panel's host reads the same to the page on a light and a dark site: the theme goes only into the closed frame", async () => {
    const c = composer('X timeline');
    const seen = [];
    for (const theme of ['light', 'lights-out']) {
      await page.goto(`${c.url}?theme=${theme}`);
      const { editor } = await c.prepare(page, MANY);
      const { panel } = await runCheck(page, editor);
      const frame = await panelFrame(panel);
      await until(async () => (await frame.evaluate(() => document.documentElement.dataset.theme)) === (theme === 'light' ? 'light' : 'dark'), { message: 'the theme' });
      // Read as the page's own scripts can: the host's attributes, inline style, children, shadow root, size.
      seen.push(
        await panel.evaluate((h) => ({
          attributes: [...h.attributes].map((a) => `${a.name}=${a.value}`),
          children: h.childNodes.length,
          shadowRoot: h.shadowRoot,
          text: h.textContent,
          size: [Math.round(h.getBoundingClientRect().width), Math.round(h.getBoundingClientRect().height)],
          overlay: [...(h.nextElementSibling?.attributes ?? [])].map((a) => `${a.name}=${a.value}`),
        })),
      );
    }
    assert.deepEqual(seen[1], seen[0]);
  });

  test("where the site paints no background, the panel follows the system's light or dark mode", async () => {
    const c = composer('X timeline');
    for (const scheme of ['dark', 'light']) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${c.url}?theme=system`);
      const { editor } = await c.prepare(page, MANY);
      const { panel } = await runCheck(page, editor);
      const frame = await panelFrame(panel);
      await until(async () => (await frame.evaluate(() => document.documentElement.dataset.theme)) === scheme, { message: `the panel to be ${scheme}` });
      const bg = rgba(await frame.evaluate(() => getComputedStyle(document.getElementById('panel')).backgroundColor));
      assert.equal(luminance(bg) < 0.18, scheme === 'dark', `the panel's background in ${scheme} mode`);
    }
    await page.emulateMedia({ colorScheme: null });
  });
});

describe('the panel in German', () => {
  let session;
  before(async () => {
    session = await launch({ name: 'look-de', locale: 'de' });
  });
  after(async () => {
    await session?.close();
  });

  test('the summary line and the panel speak German', async () => {
    const page = await session.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const c = composer('LinkedIn new');
    await page.goto(c.url);
    const { editor } = await c.prepare(page, MANY);
    const { panel, data } = await runCheck(page, editor);
    assert.match(data.summary ?? '', /^\d+ Hinweise: \d+ bitte prüfen, \d+ einen Blick wert, \d+ gut zu wissen$/, `the summary: ${data.summary}`);
    await screenshot(page, [page.locator('dialog'), panel], 'panel-de');
  });
});
