// Layout: on every composer (X timeline, X modal thread, LinkedIn classic,
// LinkedIn new, LinkedIn comment) at 900×600, 1280×720, 1366×768 and 1920×1080, with a
// draft that gives many hints and the panel open, the Post button is in view
// and a real click at its centre reaches it (and posts the typed text), the
// panel is in view with Post, and its content scrolls down to the last card.
// The panel starts with a summary line; identical hints are one card.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch } from '../lib/harness.mjs';
import { posted } from '../lib/fixtures.mjs';
import { COMPOSERS, MANY, SIZES } from '../lib/composers.mjs';
import { panelFrame, runCheck, until } from '../lib/postcheck.mjs';

/** Where Post is, and whether a click at its centre reaches it (looking into open shadow roots). */
function postAt(post) {
  return post.evaluate((b) => {
    const r = b.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    let hit = document.elementFromPoint(x, y);
    while (hit?.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    return { x, y, top: r.top, bottom: r.bottom, view: innerHeight, inView: r.top >= 0 && r.bottom <= innerHeight, reachable: hit === b || b.contains(hit) };
  });
}

/** Waits until the panel's frame keeps its height (it is sized to the room there is). */
async function settledHeight(panel) {
  let last = -1;
  let same = 0;
  await until(
    async () => {
      const h = await panel.evaluate((host) => Math.round(host.getBoundingClientRect().height));
      same = h === last ? same + 1 : 0;
      last = h;
      return same >= 3;
    },
    { timeout: 10_000, interval: 200, message: 'the panel to keep its height' },
  );
  return last;
}

/**
 * In the panel's frame: scrolls its content to the end; the last card is then
 * inside the frame's visible height. Returns the numbers.
 */
async function scrollToLastCard(frame) {
  return frame.evaluate(() => {
    const cards = [...document.querySelectorAll('[data-postcheck="hint"]')];
    const scroller = document.scrollingElement;
    scroller.scrollTop = scroller.scrollHeight;
    const last = cards.at(-1).getBoundingClientRect();
    return { cards: cards.length, scrolls: scroller.scrollHeight > scroller.clientHeight, lastTop: last.top, lastBottom: last.bottom, view: innerHeight, scrollTop: scroller.scrollTop };
  });
}

describe('layout: Post stays reachable with the panel open, at four window sizes', () => {
  let session;
  let page;
  before(async () => {
    session = await launch({ name: 'layout' });
    page = await session.context.newPage();
  });
  after(async () => {
    await session?.close();
  });

  for (const size of SIZES) {
    for (const composer of COMPOSERS) {
      test(`${composer.name} at ${size.width}×${size.height}`, async (t) => {
        await page.setViewportSize(size);
        await page.goto(composer.url);
        const { editor, post, record } = await composer.prepare(page, MANY);
        const { panel, data } = await runCheck(page, editor);
        assert.ok(data.hints.length >= 8, `a draft with many hints: ${data.hints.length}`);
        const height = await settledHeight(panel);
        // Post and the panel can be seen at once (after scrolling the page to Post, as a user would, outside dialogs).
        await post.scrollIntoViewIfNeeded();
        const at = await postAt(post);
        const host = await panel.evaluate((h) => {
          const r = h.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom };
        });
        t.diagnostic(`panel ${height} px; Post at ${Math.round(at.top)}..${Math.round(at.bottom)} of ${at.view}`);
        assert.ok(at.inView, `Post is in the window: ${JSON.stringify(at)}`);
        assert.ok(at.reachable, `a click at Post's centre reaches it: ${JSON.stringify(at)}`);
        assert.ok(host.top >= 0 && host.bottom <= at.view, `the panel is in the window with Post: ${JSON.stringify(host)}`);
        // The panel's own content scrolls to its last card.
        const frame = await panelFrame(panel);
        const scrolled = await scrollToLastCard(frame);
        assert.ok(scrolled.lastBottom <= scrolled.view + 1 && scrolled.lastTop >= 0, `the last card can be scrolled into the panel: ${JSON.stringify(scrolled)}`);
        // Scrolling the panel's content moved nothing on the page: Post is where it was.
        const still = await postAt(post);
        assert.deepEqual([still.top, still.bottom, still.reachable], [at.top, at.bottom, true], 'Post stays in place when the panel scrolls');
        // A real click at Post's centre posts exactly the typed draft. (Clicked
        // after that fresh measure: in headless Chromium a click sent in the same
        // instant as the script's scroll inside the panel's out-of-process frame
        // was at times not delivered, with Post unmoved, enabled and on top.)
        const before = (await posted(page)).length;
        await page.mouse.click(still.x, still.y);
        await until(async () => (await posted(page)).length > before, { timeout: 5_000, message: 'the click on Post to post' });
        assert.deepEqual((await posted(page)).at(-1), record);
      });
    }
  }
});
