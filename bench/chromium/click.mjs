// Click-to-panel time of the extension in Chromium, on the X fixture, with the
// large company pack imported: from the click on "Check my draft" (the click
// event's timestamp, in the page) until the panel's frame (the extension's
// panel.html in the panel host's closed shadow root) holds the hints (a
// MutationObserver there, installed by an init script), and until the next
// animation frame. Both ends are read on the shared wall clock
// (performance.timeOrigin + now).
//
//   warm: the service worker is running and has the pack compiled; the draft
//         gets one more character before each click, so no result is cached.
//   cold: the service worker is stopped first (CDP ServiceWorker.stopAllWorkers):
//         the click starts it, which loads the wasm, rebuilds the pack from
//         storage.local and checks.
//
// Reuses the e2e harness (tests/e2e/lib), read-only. Writes out/chromium.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from '../../tests/e2e/lib/harness.mjs';
import { SEL, URLS } from '../../tests/e2e/lib/fixtures.mjs';
import { OPTIONS, checkButtonFor, packErrors, packName, panelFor, until } from '../../tests/e2e/lib/postcheck.mjs';
import { OUT, QUICK, stats } from '../node/timing.mjs';

const WARM_RUNS = QUICK ? 3 : Number(process.env.BENCH_WARM_RUNS || 40);
const COLD_RUNS = QUICK ? 2 : Number(process.env.BENCH_COLD_RUNS || 10);
const LARGE_NAME = 'bench: large company pack';

// A post for X with something for the large pack, the starter pack's detectors and its metrics to find.
const DRAFT =
  '🎉🇨🇭 Großartiger Launch heute! Danke ans Team 👩🏽‍💻 #launch Die Zahlen sind streng vertraulich, ' +
  'Fragen an anna.muster@acme.example. Umsatz 12 Mio im Quartal!!! ';

/**
 * Runs at document start in every frame: in the extension's panel frame it
 * notes (on the shared wall clock) when the hints, "no hints" or an error are
 * in its DOM, and the next animation frame after that.
 */
function panelProbe() {
  if (!location.pathname.endsWith('/panel.html')) return;
  const now = () => performance.timeOrigin + performance.now();
  const answered = () =>
    !document.querySelector('[data-postcheck="loading"]') &&
    document.querySelector('[data-postcheck="hint"], [data-postcheck="no-hints"], [data-postcheck="error"]');
  const watch = () => {
    const o = new MutationObserver(() => {
      if (window.__pcDone || !answered()) return;
      window.__pcDone = now();
      window.__pcHints = document.querySelectorAll('[data-postcheck="hint"]').length;
      requestAnimationFrame(() => {
        window.__pcFrame = now();
      });
      o.disconnect();
    });
    o.observe(document, { childList: true, subtree: true, characterData: true });
  };
  watch();
}

/** Runs in the page: notes the time of each click on a check button (shared wall clock). */
function clickProbe() {
  window.addEventListener(
    'click',
    (e) => {
      if (e.target instanceof Element && e.target.closest('[data-postcheck="check"]')) window.__pcClick = performance.timeOrigin + e.timeStamp;
    },
    true,
  );
}

/** The panel frame of the page once it has an answer: its probe's times. */
async function answer(page, clickedAt) {
  return until(
    async () => {
      for (const frame of page.frames()) {
        if (!frame.url().includes('/panel.html')) continue;
        const r = await frame.evaluate(() => ({ done: window.__pcDone ?? null, frame: window.__pcFrame ?? null, hints: window.__pcHints ?? null })).catch(() => null);
        if (r?.done && r.frame) return r;
      }
      return null;
    },
    { timeout: 30_000, interval: 5, message: `a panel with an answer (clicked at ${clickedAt})` },
  );
}

async function importLargePack(session) {
  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/options.html`);
  await until(async () => (await packName(page)) !== '', { message: 'the options page' });
  await page.locator(OPTIONS.file).setInputFiles(join(OUT, 'pack-large.json'));
  const outcome = await until(
    async () => {
      const errors = await packErrors(page);
      if (errors.length) return { errors };
      return (await packName(page)) === LARGE_NAME ? { ok: true } : null;
    },
    { timeout: 120_000, message: 'the large pack to be imported' },
  );
  await page.close();
  if (!outcome.ok) throw new Error(`the large pack was refused: ${outcome.errors.join(' | ')}`);
}

async function clickOnce(page, editor, button) {
  await page.evaluate(() => {
    window.__pcClick = null;
  });
  await button.click();
  const clickedAt = await page.evaluate(() => window.__pcClick);
  const r = await answer(page, clickedAt);
  const result = { dom_ms: r.done - clickedAt, frame_ms: r.frame - clickedAt, hints: r.hints };
  // Close the panel and wait until it is gone.
  await page.keyboard.press('Escape');
  await until(async () => (await panelFor(page, editor)) === null, { timeout: 5_000, message: 'the panel to close' });
  return result;
}

async function stopWorkers(session, page) {
  const cdp = await session.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await until(() => !session.context.serviceWorkers().some((w) => w.url().startsWith(`chrome-extension://${session.extensionId}/`)), {
    timeout: 10_000,
    interval: 50,
    message: 'the service worker to stop',
  }).catch(() => {
    // Playwright may keep the stale Worker object around; the CDP stop has been sent either way.
  });
  await cdp.detach();
}

async function main() {
  const session = await launch({ extension: true });
  const results = { quick: QUICK, chromium: session.context.browser()?.version() ?? null, pack: 'large', platform: 'x' };
  try {
    await importLargePack(session);
    await session.context.addInitScript(panelProbe);
    const page = await session.context.newPage();
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.waitFor();
    await page.evaluate(clickProbe);
    await editor.click();
    await page.keyboard.type(DRAFT);
    const button = await checkButtonFor(page, editor);

    const warm = [];
    for (let i = 0; i < WARM_RUNS + 2; i++) {
      await editor.click();
      await page.keyboard.press('End');
      await page.keyboard.type(String.fromCharCode(97 + (i % 26)));
      const r = await clickOnce(page, editor, button);
      if (i >= 2) warm.push(r); // the first two warm up the page's code paths
    }
    results.hints = warm.at(-1)?.hints ?? null;
    results.warm = { dom: stats(warm.map((r) => r.dom_ms * 1000)), frame: stats(warm.map((r) => r.frame_ms * 1000)) };
    console.error(`chromium warm: ${JSON.stringify(results.warm)}`);

    const cold = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      await stopWorkers(session, page);
      await new Promise((r) => setTimeout(r, 300));
      await editor.click();
      await page.keyboard.press('End');
      await page.keyboard.type('z');
      cold.push(await clickOnce(page, editor, button));
    }
    results.cold = { dom: stats(cold.map((r) => r.dom_ms * 1000)), frame: stats(cold.map((r) => r.frame_ms * 1000)) };
    console.error(`chromium cold: ${JSON.stringify(results.cold)}`);
  } finally {
    await session.close();
  }
  writeFileSync(join(OUT, 'chromium.json'), `${JSON.stringify(results, null, 1)}\n`);
}

await main();
