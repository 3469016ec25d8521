// Click-to-panel time of the extension in Chromium, on the X fixture, with the
// large company pack imported.
//
// What is timed, for each click on "Check my draft":
//   start  the click event's timestamp in the page (`event.timeStamp`: when the
//          browser took the mouse-up), read by a capture listener of the page;
//   dom    the end of `postcheck:render` in the panel page (panel.html in the
//          panel host's closed shadow root): the answer (hints, "no hints" or an
//          error) has just been put into the panel's DOM;
//   frame  `postcheck:frame` in the panel page: the first animation frame after
//          that, the one that paints the hints.
// The ends are User Timing entries that the extension records in its own
// contexts (src/shared/timing.js), read afterwards through the debugger, so
// Playwright's round trips are not in the figures (polling happens after the
// click and reads timestamps taken by the page and the panel themselves).
//
// The page, the panel frame and the service worker run in different processes,
// each with its own performance clock. Each context's clock is tied to the
// shared wall clock (`Date.now()`) by spinning until `Date.now()` ticks and
// taking the smallest `timeOrigin + now() - Date.now()` over a few ticks; every
// timestamp is then compared on that common clock (accurate to about 0.1 ms).
//
// Stages of each click (from the same entries; worker entries from the service
// worker's own timeline):
//   to_worker   click → the worker's message handler starts (`postcheck:handle`):
//               the content script reads the draft, shows the panel and sends the
//               message; when cold, the worker's start is in here too
//   boot        click → the worker's script starts (cold only: its timeOrigin)
//   instantiate wasm fetch + compile + instantiate (`postcheck:instantiate`)
//   pack_read   storage.local read of the stored pack (`postcheck:pack-read`)
//   compile     compiling the pack (`postcheck:compile`)
//   check       engine.check (`postcheck:check`)
//   handle      the whole handling of the message in the worker
//   to_panel    the worker's answer → the panel page starts rendering it
//               (message back to the content script, then its MessagePort)
//   render      `postcheck:render`: the panel page builds the hints' DOM
//   paint       dom → frame
//
//   first: the first click on the page (the worker warm, the panel not shown yet).
//   warm:  the service worker is running and has the pack compiled; the draft
//          gets one more character before each click, so no result is cached.
//   cold:  the service worker is stopped (tests/e2e/lib stopServiceWorker: CDP
//          Target.closeTarget, as the browser stops an idle worker) right before
//          the click: the click's message starts it, which loads the wasm,
//          rebuilds the pack from storage.local and checks.
//   cold_after_focus: the worker is stopped, then the page is loaded afresh, the
//          draft typed into the editor (which wakes the worker: the composer is
//          being used) and the button clicked: a user coming back to X after the
//          browser stopped the idle worker.
//   recheck: with the panel open, one more character typed (no click): from the
//          end of the pause after the key (the key's own `event.timeStamp` in the
//          page plus RECHECK_PAUSE_MS of content/recheck.js) until the re-check's
//          answer is in the panel's DOM (`postcheck:render`) and painted.
//   after_start: the first check after the browser starts: a fresh browser
//          (a copy of a profile with the large pack imported), X loaded, the
//          draft typed, the button clicked.
// The panel is closed with Escape after each click.
//
// Reuses the e2e harness (tests/e2e/lib), read-only. Writes out/chromium.json
// (the format bench/report.mjs reads: {warm: {dom, frame}, cold: {dom, frame}}
// as stats in µs, plus the stages).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, stopServiceWorker } from '../../tests/e2e/lib/harness.mjs';
import { SEL, URLS } from '../../tests/e2e/lib/fixtures.mjs';
import { OPTIONS, checkButtonFor, packErrors, packName, panelFor, panelFrame, until } from '../../tests/e2e/lib/postcheck.mjs';
import { OUT, QUICK, stats } from '../node/timing.mjs';
import { tmpdir } from 'node:os';
import { RECHECK_PAUSE_MS } from '../../extension/src/content/recheck.js';

const WARM_RUNS = QUICK ? 3 : Number(process.env.BENCH_WARM_RUNS || 40);
const COLD_RUNS = QUICK ? 2 : Number(process.env.BENCH_COLD_RUNS || 10);
const RECHECK_RUNS = QUICK ? 3 : Number(process.env.BENCH_RECHECK_RUNS || 20);
const START_RUNS = QUICK ? 2 : Number(process.env.BENCH_START_RUNS || 10);
/** Which parts run (all by default): e.g. BENCH_ONLY=recheck,after_start. */
const ONLY = (process.env.BENCH_ONLY || '').split(',').filter(Boolean);
const runs = (part) => ONLY.length === 0 || ONLY.includes(part);
const LARGE_NAME = 'bench: large company pack';

// A post for X with something for the large pack, the starter pack's detectors and its metrics to find.
const DRAFT =
  '🎉🇨🇭 Großartiger Launch heute! Danke ans Team 👩🏽‍💻 #launch Die Zahlen sind streng vertraulich, ' +
  'Fragen an anna.muster@acme.example. Umsatz 12 Mio im Quartal!!! ';

/**
 * Runs in any context (page, panel frame, worker): this context's performance
 * clock minus the wall clock, in ms. Spins until Date.now() ticks; right after
 * a tick the wall clock is at most the loop's latency past it.
 */
function clockOffset() {
  const hr = () => performance.timeOrigin + performance.now();
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const d0 = Date.now();
    let d = d0;
    while (d === d0) d = Date.now();
    best = Math.min(best, hr() - d);
  }
  return best;
}

/** Runs in the page: notes the time of each click on a check button (page clock). */
function clickProbe() {
  window.addEventListener(
    'click',
    (e) => {
      if (e.target instanceof Element && e.target.closest('[data-postcheck="check"]')) window.__pcClick = performance.timeOrigin + e.timeStamp;
    },
    true,
  );
}

/**
 * Runs in the panel frame: waits for an answer rendered after `after` (wall
 * clock, compared roughly here: the previous one is long before) and the
 * animation frame after it; returns their times on the frame's own clock
 * (converted once the clocks are tied, after the fact: spinning now would delay
 * the frame).
 */
function panelTimes(after) {
  const rough = performance.timeOrigin + performance.now() - Date.now();
  const read = () => {
    const render = performance.getEntriesByName('postcheck:render', 'measure').at(-1);
    const frame = performance.getEntriesByName('postcheck:frame', 'mark').at(-1);
    if (!render || performance.timeOrigin + render.startTime - rough < after - 5) return null;
    const dom = render.startTime + render.duration;
    if (!frame || frame.startTime < dom) return null;
    const base = performance.timeOrigin;
    return { received: base + render.startTime, dom: base + dom, frame: base + frame.startTime };
  };
  return new Promise((resolve, reject) => {
    const end = Date.now() + 30_000;
    const poll = () => {
      const r = read();
      if (r) resolve(r);
      else if (Date.now() > end) reject(new Error('no rendered answer in the panel'));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

/** Runs in the service worker: its timeline since `after` (wall clock). */
function workerTimes([after, offset]) {
  const wall = (t) => performance.timeOrigin + t - offset;
  const out = { boot: performance.timeOrigin - offset };
  for (const e of performance.getEntriesByType('measure')) {
    if (!e.name.startsWith('postcheck:') || wall(e.startTime) < after) continue;
    out[e.name.slice('postcheck:'.length)] = { start: wall(e.startTime), end: wall(e.startTime + e.duration), detail: e.detail ?? null };
  }
  return out;
}

/** The extension's service worker as Playwright sees it now (the newest after a restart). */
function currentWorker(session) {
  const ours = session.context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${session.extensionId}/`));
  return ours.at(-1) ?? null;
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

async function clickOnce(session, page, editor, button, { cold = false } = {}) {
  await page.evaluate(() => {
    window.__pcClick = null;
  });
  await button.click();
  const clickedPage = await page.evaluate(() => window.__pcClick);
  if (clickedPage == null) throw new Error('the click was not seen');
  const roughClick = clickedPage - (await page.evaluate(() => performance.timeOrigin + performance.now() - Date.now()));
  const host = await until(() => panelFor(page, editor), { timeout: 30_000, interval: 10, message: 'the panel' });
  const frame = await until(() => panelFrame(host), { timeout: 30_000, interval: 10, message: 'the panel frame' });
  const raw = await frame.evaluate(panelTimes, roughClick);
  // Everything measured is done: now tie each context's clock to the wall clock.
  const click = clickedPage - (await page.evaluate(clockOffset));
  const frameOffset = await frame.evaluate(clockOffset);
  const panel = { received: raw.received - frameOffset, dom: raw.dom - frameOffset, frame: raw.frame - frameOffset };
  const hints = await frame.evaluate(() => document.querySelectorAll('[data-postcheck="hint"]').length);
  const worker = currentWorker(session);
  const w = worker ? await worker.evaluate(clockOffset).then((offset) => worker.evaluate(workerTimes, [click, offset])).catch(() => null) : null;

  const ms = (a, b) => (a == null || b == null ? null : b - a);
  const stages = {
    to_worker: ms(click, w?.handle?.start),
    boot: cold ? ms(click, w?.boot) : null,
    instantiate: ms(w?.instantiate?.start, w?.instantiate?.end),
    pack_read: ms(w?.['pack-read']?.start, w?.['pack-read']?.end),
    compile: ms(w?.compile?.start, w?.compile?.end),
    check: ms(w?.check?.start, w?.check?.end),
    handle: ms(w?.handle?.start, w?.handle?.end),
    to_panel: ms(w?.handle?.end, panel.received),
    render: ms(panel.received, panel.dom),
    paint: ms(panel.dom, panel.frame),
  };
  const result = { dom_ms: panel.dom - click, frame_ms: panel.frame - click, hints, stages, compile_detail: w?.compile?.detail ?? null };
  // Close the panel and wait until it is gone.
  await page.keyboard.press('Escape');
  await until(async () => (await panelFor(page, editor)) === null, { timeout: 5_000, message: 'the panel to close' });
  return result;
}

/** Stats (µs) of every stage that was measured in these runs. */
function stageStats(runs) {
  const out = {};
  for (const name of Object.keys(runs[0]?.stages ?? {})) {
    const values = runs.map((r) => r.stages[name]).filter((v) => v != null);
    if (values.length) out[name] = stats(values.map((v) => v * 1000));
  }
  return out;
}

function summary(runs) {
  const round = (ms) => (ms == null ? null : Math.round(ms * 100) / 100);
  return {
    dom: stats(runs.map((r) => r.dom_ms * 1000)),
    frame: stats(runs.map((r) => r.frame_ms * 1000)),
    stages: stageStats(runs),
    // Every click, in ms: click → dom, and its stages.
    runs: runs.map((r) => ({ dom: round(r.dom_ms), frame: round(r.frame_ms), ...Object.fromEntries(Object.entries(r.stages).map(([k, v]) => [k, round(v)])) })),
  };
}

const fmt = (s) => `${(s.median_us / 1000).toFixed(1)} / ${(s.p95_us / 1000).toFixed(1)} ms`;
function print(label, sum) {
  console.error(`chromium ${label}: click → hints in the panel (median / p95) ${fmt(sum.dom)}; next frame ${fmt(sum.frame)}`);
  for (const [name, s] of Object.entries(sum.stages)) console.error(`  ${name.padEnd(12)} ${fmt(s)}`);
}

/** Runs in the page: notes the time of each key the user presses (page clock). */
function keyProbe() {
  window.addEventListener(
    'keydown',
    (e) => {
      window.__pcKey = performance.timeOrigin + e.timeStamp;
    },
    true,
  );
}

/**
 * One re-check: the panel is open; one character typed, no click. From the
 * end of the pause after the key until the answer is in the panel (and painted).
 */
async function recheckOnce(page, editor, frame, ch) {
  await page.keyboard.type(ch);
  const keyPage = await page.evaluate(() => window.__pcKey);
  const rough = keyPage - (await page.evaluate(() => performance.timeOrigin + performance.now() - Date.now()));
  const raw = await frame.evaluate(panelTimes, rough + RECHECK_PAUSE_MS);
  const key = keyPage - (await page.evaluate(clockOffset));
  const frameOffset = await frame.evaluate(clockOffset);
  const pauseEnd = key + RECHECK_PAUSE_MS;
  return { dom_ms: raw.dom - frameOffset - pauseEnd, frame_ms: raw.frame - frameOffset - pauseEnd, stages: { render: raw.dom - raw.received } };
}

/** The re-checks of RECHECK_RUNS characters typed one by one (each after the last answer). */
async function recheckRuns(session, page, editor, button) {
  await button.click();
  const host = await until(() => panelFor(page, editor), { timeout: 30_000, interval: 10, message: 'the panel' });
  const frame = await until(() => panelFrame(host), { timeout: 30_000, interval: 10, message: 'the panel frame' });
  await page.evaluate(keyProbe);
  await editor.click();
  await page.keyboard.press('End');
  const out = [];
  for (let i = 0; i < RECHECK_RUNS + 2; i++) {
    const r = await recheckOnce(page, editor, frame, String.fromCharCode(97 + (i % 26)));
    if (i >= 2) out.push(r);
    // A little more than a person's pause before the next key (and the worker's rate limit: 1 a second).
    await new Promise((res) => setTimeout(res, 600));
  }
  await page.keyboard.press('Escape');
  return out;
}

/**
 * The first check after the browser starts, START_RUNS times: each a fresh
 * browser on a copy of a profile that has the large pack imported.
 */
async function afterStartRuns() {
  let template = null;
  const first = await launch({ extension: true, profile: (dir) => (template = dir) });
  await importLargePack(first);
  // The profile stays (session.close would remove it): a copy of it starts each run.
  await first.context.close();
  const saved = mkdtempSync(join(tmpdir(), 'postcheck-bench-profile-'));
  cpSync(template, saved, { recursive: true });
  rmSync(template, { recursive: true, force: true });
  const out = [];
  try {
    for (let i = 0; i < START_RUNS; i++) {
      const session = await launch({ extension: true, profile: (dir) => cpSync(saved, dir, { recursive: true }) });
      try {
        const page = await session.context.newPage();
        await page.goto(URLS.x);
        const editor = page.locator(SEL.x.inlineEditor);
        await editor.waitFor();
        await page.evaluate(clickProbe);
        await editor.click();
        await page.keyboard.type(DRAFT);
        out.push(await clickOnce(session, page, editor, await checkButtonFor(page, editor)));
      } finally {
        await session.close();
      }
    }
  } finally {
    rmSync(saved, { recursive: true, force: true });
  }
  return out;
}

async function typeOne(page, editor, ch) {
  await editor.click();
  await page.keyboard.press('End');
  await page.keyboard.type(ch);
}

async function main() {
  const session = await launch({ extension: true });
  const results = { quick: QUICK, chromium: session.context.browser()?.version() ?? null, pack: 'large', platform: 'x' };
  try {
    await importLargePack(session);
    const page = await session.context.newPage();
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.waitFor();
    await page.evaluate(clickProbe);
    await editor.click();
    await page.keyboard.type(DRAFT);
    const button = await checkButtonFor(page, editor);

    const first = await clickOnce(session, page, editor, button);
    results.first = { dom_ms: first.dom_ms, frame_ms: first.frame_ms, stages: first.stages };
    console.error(`chromium first click: ${first.dom_ms.toFixed(1)} ms (next frame ${first.frame_ms.toFixed(1)} ms)`);

    const warm = [];
    for (let i = 0; i < (runs('warm') ? WARM_RUNS + 2 : 0); i++) {
      await typeOne(page, editor, String.fromCharCode(97 + (i % 26)));
      const r = await clickOnce(session, page, editor, button);
      if (i >= 2) warm.push(r); // the first two warm up the page's code paths
    }
    results.hints = warm.at(-1)?.hints ?? null;
    if (warm.length) {
      results.warm = summary(warm);
      print('warm', results.warm);
    }

    if (runs('recheck')) {
      const rechecks = await recheckRuns(session, page, editor, button);
      results.recheck = summary(rechecks);
      console.error(`chromium re-check: pause → hints in the panel (median / p95) ${fmt(results.recheck.dom)}; next frame ${fmt(results.recheck.frame)}`);
      await until(async () => (await panelFor(page, editor)) === null, { timeout: 5_000, message: 'the panel to close' });
    }


    const cold = [];
    for (let i = 0; i < (runs('cold') ? COLD_RUNS : 0); i++) {
      await typeOne(page, editor, 'z');
      await stopServiceWorker(session);
      await page.bringToFront();
      await new Promise((r) => setTimeout(r, 300));
      cold.push(await clickOnce(session, page, editor, button, { cold: true }));
    }
    if (cold.length) {
      results.cold = summary(cold);
      results.cold.compile_detail = cold.at(-1)?.compile_detail ?? null;
      print('cold', results.cold);
    }

    const focused = [];
    for (let i = 0; i < (runs('cold_after_focus') ? COLD_RUNS : 0); i++) {
      await stopServiceWorker(session);
      await page.bringToFront();
      await page.goto(URLS.x);
      await editor.waitFor();
      await page.evaluate(clickProbe);
      await editor.click();
      await page.keyboard.type(DRAFT);
      focused.push(await clickOnce(session, page, editor, await checkButtonFor(page, editor)));
    }
    if (focused.length) {
      results.cold_after_focus = summary(focused);
      print('cold after focus', results.cold_after_focus);
    }
  } finally {
    await session.close();
  }
  if (runs('after_start')) {
    results.after_start = summary(await afterStartRuns());
    print('first check after the browser starts', results.after_start);
  }
  writeFileSync(join(OUT, 'chromium.json'), `${JSON.stringify(results, null, 1)}\n`);
}

await main();
