// Driving the extension through its DOM contract only:
//   [data-postcheck="check"] next to each visible composer (never inside it);
//   a panel host [data-postcheck="panel"] with a CLOSED shadow root holding one
//   iframe of the extension's panel.html; in that frame:
//   [data-postcheck="level-heading"][data-level],
//   [data-postcheck="hint"][data-rule][data-category][data-level] with
//   [data-postcheck="excerpt"], [data-postcheck="message"], [data-postcheck="copy"];
//   [data-postcheck="length"], [data-postcheck="no-hints"], [data-postcheck="nothing-to-check"], [data-postcheck="error"],
//   [data-postcheck="close"]; highlights as boxes in the CLOSED shadow root of
//   [data-postcheck="overlay"] (read from the content script's world over CDP).
//
// The page's scripts cannot reach into the closed root or the frame. The tests
// reach the frame the way only a debugger can: Playwright lists every frame of
// the page (page.frames()), and the frame's owner element (frame.frameElement(),
// resolved over CDP) tells which panel host it belongs to.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isAllowedRequest, PACKS, SCREENSHOTS, withDeadline } from './harness.mjs';

export { withDeadline };

/** Polls `fn` until it returns a truthy value; fails with `message` after `timeout` ms. */
export async function until(fn, { timeout = 15_000, interval = 100, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      // A call that never answers (an evaluate in a stuck frame) counts as a miss at the deadline.
      last = await withDeadline(fn(), Math.max(end - Date.now(), 0) + interval, message);
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${message}${last instanceof Error ? `: ${last.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

// Runs in the page. Finds the hook that belongs to `editor`: walking up from
// the editor (across shadow roots to their hosts), the first ancestor holding
// visible matches wins; when it holds several (say, one toolbar for two thread
// parts) they pair with that ancestor's visible editors in document order.
// The pairing must hold both ways: walking up from the hook, the nearest
// editor must be this one, so a hook of another composer never counts.
// Returns null while there is none.
const NEAREST = ([editor, selector]) => {
  // Composer editors are textboxes (contenteditable "true" or "plaintext-only");
  // Quill's hidden .ql-clipboard is contenteditable but not one.
  const EDITOR = '[contenteditable]:not([contenteditable="false"])[role="textbox"]';
  const visible = (el) => (el.checkVisibility ? el.checkVisibility({ visibilityProperty: true }) : el.getClientRects().length > 0);
  const deepAll = (root, sel) => {
    const out = [];
    const walk = (r) => {
      for (const el of r.querySelectorAll('*')) {
        if (el.matches(sel)) out.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(root);
    return out;
  };
  const editorsIn = (n) => deepAll(n, EDITOR).filter((el) => visible(el) && !el.parentElement?.closest(EDITOR));
  const hooksIn = (n) => deepAll(n, selector).filter((el) => visible(el) && !el.closest('[contenteditable]:not([contenteditable="false"])'));
  // From `start`, the first ancestor holding any of `find(ancestor)`; pairs by index.
  const nearest = (start, find, peers) => {
    for (let n = start; n; n = n.parentNode || n.host || null) {
      if (n.nodeType !== 1 && n.nodeType !== 9 && n.nodeType !== 11) continue;
      const found = find(n).filter((el) => el !== start && !el.contains(start) && !start.contains(el));
      if (found.length === 0) continue;
      if (found.length === 1) return found[0];
      const same = peers(n);
      const i = same.indexOf(start);
      if (same.length === found.length && i >= 0) return found[i];
      throw new Error(`${found.length} visible matches of ${selector} share their nearest ancestor with ${same.length} composer editors: cannot tell which belongs to which`);
    }
    return null;
  };
  const hook = nearest(editor, hooksIn, editorsIn);
  if (!hook) return null;
  return nearest(hook, editorsIn, hooksIn) === editor ? hook : null;
};

/** Counts [data-postcheck="check"] in the page (across open shadow roots): all, visible, and inside a contenteditable. */
export function countCheckButtons(page) {
  return page.evaluate(() => {
    const all = [];
    const walk = (r) => {
      for (const el of r.querySelectorAll('*')) {
        if (el.matches('[data-postcheck="check"]')) all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    const composedClosest = (el, sel) => {
      for (let n = el.parentNode; n; n = n.parentNode || n.host || null) if (n.nodeType === 1 && n.matches(sel)) return n;
      return null;
    };
    return {
      all: all.length,
      visible: all.filter((b) => b.checkVisibility({ visibilityProperty: true })).length,
      inEditor: all.filter((b) => composedClosest(b, '[contenteditable]:not([contenteditable="false"])')).length,
    };
  });
}

/** The check button of the composer whose editor `editor` (a Locator) is. */
export async function checkButtonFor(page, editor, { timeout = 20_000 } = {}) {
  const el = await editor.elementHandle();
  const handle = await page.waitForFunction(NEAREST, [el, '[data-postcheck="check"]'], { timeout, polling: 100 });
  return handle.asElement();
}

/** The visible panel nearest to the editor, or null. */
export async function panelFor(page, editor) {
  const el = await editor.elementHandle();
  const handle = await page.evaluateHandle(NEAREST, [el, '[data-postcheck="panel"]']);
  return handle.asElement();
}

/**
 * True for the URL of the extension's panel page: at the extension's id, or
 * at its dynamic id (a random UUID per browser session: the manifest's
 * `use_dynamic_url`).
 */
export const isPanelUrl = (url) => /^chrome-extension:\/\/(?:[a-p]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/panel\.html(#|$)/.test(url);

/**
 * The frame of the extension's panel page inside a panel host (its closed
 * shadow root holds the iframe), or null while there is none.
 * @param {import('playwright-core').ElementHandle} host
 * @returns {Promise<import('playwright-core').Frame | null>}
 */
export async function panelFrame(host) {
  const page = (await host.ownerFrame())?.page();
  if (!page) return null;
  for (const frame of page.frames()) {
    if (!isPanelUrl(frame.url())) continue;
    const owner = await frame.frameElement().catch(() => null);
    if (!owner) continue;
    const mine = await owner.evaluate((iframe, h) => iframe.getRootNode().host === h, host).catch(() => false);
    if (mine) return frame;
  }
  return null;
}

/**
 * A control inside the panel, by selector (e.g. '[data-postcheck="close"]'),
 * as a Playwright Locator in the panel's frame: clicks are real, hit-tested clicks.
 * For a control that closes the panel, use clickPanelControl.
 */
export async function panelControl(host, selector) {
  const frame = await until(() => panelFrame(host), { timeout: 5_000, message: 'the panel frame' });
  return frame.locator(selector).first();
}

/**
 * Clicks a control inside the panel (a real click in its frame), once the frame
 * has taken the height its content asks for: a click sent while the frame is
 * still growing (say, after "why?" opened) would land where the control was.
 */
export async function clickPanelControl(host, selector) {
  const control = await panelControl(host, selector);
  await until(async () => (await readPanel(host)).settled, { timeout: 5_000, message: 'the panel to settle before a click in it' });
  await control.click();
}

/** Reads a panel host: its hints and states, as text (from the panel's frame). */
export async function readPanel(panel) {
  const host = await panel.evaluate((h) => ({
    visible: h.checkVisibility ? h.checkVisibility({ visibilityProperty: true }) : h.getClientRects().length > 0,
    // What the page itself sees of the host: no open shadow root.
    pageSeesShadow: h.shadowRoot !== null,
  }));
  const frame = await panelFrame(panel);
  const empty = { hints: [], cards: 0, summary: null, noHints: false, nothingToCheck: false, error: null, errorCode: null, length: null, close: 0, loading: false, wants: null, scrolls: false };
  let inner = empty;
  let shadow = null;
  let height = null;
  if (frame) {
    const owner = await frame.frameElement();
    [shadow, height] = await owner.evaluate((iframe) => [iframe.getRootNode().mode ?? null, Math.round(iframe.getBoundingClientRect().height)]).catch(() => [null, null]);
    inner = await frame
      .evaluate(() => {
        const visible = (el) => (el.checkVisibility ? el.checkVisibility({ visibilityProperty: true }) : el.getClientRects().length > 0);
        const all = (r, sel) => [...r.querySelectorAll(sel)];
        const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : null);
        return {
          // One entry per hint of the answer: a card that stands for identical
          // hints (data-count) gives one per hint, each passage as often as its data-count.
          hints: all(document, '[data-postcheck="hint"]').flatMap((h) => {
            const one = (excerpt) => ({
              rule: h.dataset.rule ?? null,
              category: h.dataset.category ?? null,
              level: h.dataset.level ?? null,
              excerpt,
              message: text(h.querySelector('[data-postcheck="message"]')),
              copy: all(h, '[data-postcheck="copy"]').length,
            });
            const passages = all(h, '[data-postcheck="excerpt"]').flatMap((e) => Array(Number(e.dataset.count ?? 1)).fill(text(e)));
            const count = Number(h.dataset.count ?? 1);
            while (passages.length < count) passages.push(passages.length ? passages.at(-1) : null);
            return passages.length ? passages.map(one) : [one(null)];
          }),
          // The cards shown (identical hints are one card).
          cards: all(document, '[data-postcheck="hint"]').length,
          summary: text(document.querySelector('[data-postcheck="summary"]')),
          noHints: all(document, '[data-postcheck="no-hints"]').some(visible),
          // An empty draft: "nothing to check yet" (no hints, and not called clean).
          nothingToCheck: all(document, '[data-postcheck="nothing-to-check"]').some(visible),
          error: all(document, '[data-postcheck="error"]').filter(visible).map(text).join(' ') || null,
          errorCode: all(document, '[data-postcheck="error"]').filter(visible).map((e) => e.dataset.code)[0] ?? null,
          length: text(all(document, '[data-postcheck="length"]').find(visible) || null),
          close: all(document, '[data-postcheck="close"]').length,
          loading: all(document, '[data-postcheck="loading"]').length > 0,
          // The height the panel asks its frame for (panel.js: reportSize).
          wants: Math.ceil(document.getElementById('panel').getBoundingClientRect().height) + 8,
          // The frame is shorter than its content (there was less room: it scrolls).
          scrolls: document.scrollingElement.scrollHeight > innerHeight,
        };
      })
      .catch(() => empty);
  }
  // Settled: the frame has taken the height its content asked for (at most 520 px),
  // or less where the composer has less room (the panel then scrolls), so the
  // page's layout around the panel will not move any more.
  const asked = inner.wants === null ? null : Math.min(520, Math.max(24, inner.wants));
  const settled = height !== null && asked !== null && (height === asked || (height < asked && inner.scrolls === true));
  const { wants: _wants, scrolls: _scrolls, ...shown } = inner;
  return { shadow, isolation: frame ? 'iframe' : null, visible: host.visible, pageSeesShadow: host.pageSeesShadow, settled, ...shown };
}

/**
 * The content script's isolated world of a page, over CDP (the page's own
 * scripts cannot reach it): returns `evaluate(fn, arg)`, which runs `fn(arg)`
 * there and returns its value. The world of the page's current document.
 */
const worlds = new WeakMap();
export async function contentScriptWorld(page) {
  let world = worlds.get(page);
  if (!world) {
    const cdp = await page.context().newCDPSession(page);
    const contexts = new Map();
    cdp.on('Runtime.executionContextCreated', (e) => contexts.set(e.context.id, e.context));
    cdp.on('Runtime.executionContextDestroyed', (e) => contexts.delete(e.executionContextId));
    cdp.on('Runtime.executionContextsCleared', () => contexts.clear());
    await cdp.send('Runtime.enable');
    world = { cdp, contexts };
    worlds.set(page, world);
  }
  const { cdp, contexts } = world;
  const context = await until(
    () => [...contexts.values()].reverse().find((c) => c.auxData?.type === 'isolated' && c.auxData?.isDefault === false && c.origin.startsWith('chrome-extension://')),
    { timeout: 10_000, message: "the content script's isolated world" },
  );
  return {
    id: context.id,
    async evaluate(fn, arg) {
      const expression = `(${fn})(${JSON.stringify(arg ?? null)})`;
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: context.id, awaitPromise: true, returnByValue: true });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    },
  };
}

/**
 * The boxes postcheck draws over flagged passages, read as only the extension
 * (or a debugger) can: from the content script's world, through the closed
 * shadow roots of the overlay hosts (`chrome.dom.openOrClosedShadowRoot`).
 * Each box: the index of its passage (`mark`), its level, where it is in
 * the viewport, and how it looks (`look`: its tint and its underline, computed).
 */
export async function readOverlayBoxes(page) {
  const world = await contentScriptWorld(page);
  return world.evaluate(() => {
    const hosts = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.matches('[data-postcheck="overlay"]')) hosts.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return hosts.flatMap((host, h) =>
      [...chrome.dom.openOrClosedShadowRoot(host).querySelectorAll('[data-mark]')].map((box) => {
        const r = box.getBoundingClientRect();
        const css = getComputedStyle(box);
        // How it looks: its tint, and its underline (width, style, colour).
        const look = { background: css.backgroundColor, underline: `${css.borderBottomWidth} ${css.borderBottomStyle} ${css.borderBottomColor}` };
        return { host: h, mark: Number(box.dataset.mark), level: box.dataset.level, left: r.left, top: r.top, width: r.width, height: r.height, look };
      }),
    );
  });
}

/**
 * The highlighted passages in `editor`: which text each drawn passage covers,
 * and where it starts in the editor's text (UTF-16 units, counted from the
 * editor's start through the DOM). Read from the boxes on screen: a passage is
 * the text (one of `excerpts`, at one of its places in the editor) whose
 * `Range.getClientRects()` are exactly its boxes; a passage whose boxes match
 * none of them is listed with `text: null` (and fails the callers' checks).
 */
export async function readHighlights(page, editor, excerpts = []) {
  const boxes = await readOverlayBoxes(page);
  const groups = new Map();
  for (const b of boxes) {
    const key = `${b.host}/${b.mark}`;
    if (!groups.has(key)) groups.set(key, { level: b.level, rects: [] });
    groups.get(key).rects.push(b);
  }
  return editor.evaluate(
    (ed, [marks, wanted]) => {
      const nodes = [];
      const walker = document.createTreeWalker(ed, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
      const text = nodes.map((n) => n.data).join('');
      const wellFormed = text.toWellFormed();
      const at = (offset, end) => {
        let sum = 0;
        for (const n of nodes) {
          if (end ? offset <= sum + n.data.length : offset < sum + n.data.length) return [n, offset - sum];
          sum += n.data.length;
        }
        const last = nodes[nodes.length - 1];
        return [last, last.data.length];
      };
      const rectsOf = (start, length) => {
        const r = document.createRange();
        r.setStart(...at(start, false));
        r.setEnd(...at(start + length, true));
        return [...r.getClientRects()].filter((x) => x.width > 0 && x.height > 0);
      };
      const key = (r) => `${Math.round(r.left * 2)},${Math.round(r.top * 2)},${Math.round(r.width * 2)},${Math.round(r.height * 2)}`;
      const same = (a, b) => {
        const ka = new Set(a.map(key));
        const kb = new Set(b.map(key));
        return ka.size === kb.size && [...ka].every((k) => kb.has(k));
      };
      const places = [];
      for (const excerpt of new Set(wanted)) {
        if (!excerpt) continue;
        for (let i = wellFormed.indexOf(excerpt); i >= 0; i = wellFormed.indexOf(excerpt, i + 1)) places.push({ text: text.slice(i, i + excerpt.length), start: i, rects: rectsOf(i, excerpt.length) });
      }
      return marks.map(({ level, rects }) => {
        const place = places.find((p) => p.rects.length > 0 && same(p.rects, rects));
        return place ? { text: place.text, start: place.start, inside: true, level } : { text: null, start: -1, inside: false, level };
      });
    },
    [[...groups.values()], excerpts],
  );
}

/**
 * Clicks the composer's check button and waits until its panel has an answer
 * (hints, "no hints" or an error) that satisfies `answered` (default: any), and
 * its frame has taken the height of that answer (the layout has settled).
 * Pass `answered` when a panel of an earlier check may still be showing.
 */
export async function runCheck(page, editor, { answered = () => true, retryBusy = true } = {}) {
  // A spec checks far more often in one tab than a person does: a check the
  // worker's rate limit answers `busy` (burst 8, then 1 a second) is clicked
  // again once a token is back, unless `retryBusy` is false (worker.test.mjs,
  // which tests the limit itself).
  const result = await runCheckOnce(page, editor, { answered });
  if (!retryBusy || result.data.errorCode !== 'busy') return result;
  await new Promise((r) => setTimeout(r, 1100));
  return runCheckOnce(page, editor, { answered: (p) => p.errorCode !== 'busy' && answered(p) });
}

async function runCheckOnce(page, editor, { answered }) {
  const button = await checkButtonFor(page, editor);
  assert.equal(await editor.evaluate((ed, b) => ed.contains(b), button), false, 'the check button is not inside the contenteditable');
  await button.click();
  let last = null;
  const panel = await until(
    async () => {
      const p = await panelFor(page, editor);
      if (!p) return null;
      last = await readPanel(p);
      return last.visible && last.settled && (last.hints.length > 0 || last.noHints || last.nothingToCheck || last.error) && answered(last) ? p : null;
    },
    { message: 'a panel with hints, "no hints" or an error next to the composer' },
  ).catch((e) => {
    throw new Error(`${e.message}; last panel seen: ${JSON.stringify(last)}`);
  });
  return { button, panel, data: await readPanel(panel) };
}


/** Waits until `count` passages are highlighted (boxes drawn) and returns them (see readHighlights). */
export async function highlightsWhenDrawn(page, editor, count, excerpts = []) {
  return until(
    async () => {
      const h = await readHighlights(page, editor, excerpts);
      return h.length === count && h.every((r) => r.text !== null) ? h : null;
    },
    { timeout: 10_000, message: `${count} highlighted passages (boxes) over ${JSON.stringify(excerpts)}` },
  ).catch(async (e) => {
    const got = await readHighlights(page, editor, excerpts);
    throw new Error(`${e.message}; got ${JSON.stringify(got)}`);
  });
}

/** Strips quotes an excerpt may be shown in. */
export function bareExcerpt(s) {
  return s == null ? s : s.replace(/^[\s"'“”„«»‹›‚‘’]+|[\s"'“”„«»‹›‚‘’]+$/g, '');
}

/**
 * Asserts the hints of a check: exactly the expected (rule, category) pairs,
 * each excerpt shown, each highlighted exactly, at the right UTF-16 offset.
 */
export async function assertHints(page, editor, data, expected, typed) {
  const got = data.hints.map((h) => ({ rule: h.rule, category: h.category })).sort((a, b) => a.rule.localeCompare(b.rule));
  const want = expected.map((h) => ({ rule: h.rule, category: h.category })).sort((a, b) => a.rule.localeCompare(b.rule));
  assert.deepEqual(got, want, `hints (rule, category); panel: ${JSON.stringify(data.hints)}`);
  for (const h of data.hints) {
    assert.ok(['note', 'consider', 'important'].includes(h.level), `level of ${h.rule}: ${h.level}`);
    assert.ok(h.message && h.message.length > 0, `message of ${h.rule}`);
    const e = expected.find((x) => x.rule === h.rule);
    assert.ok(h.excerpt && h.excerpt.includes(e.excerpt), `excerpt of ${h.rule}: expected "${e.excerpt}", got "${h.excerpt}"`);
  }
  const ranges = await highlightsWhenDrawn(page, editor, expected.length, expected.map((e) => e.excerpt));
  assert.deepEqual(
    ranges.map((r) => r.text).sort(),
    expected.map((e) => e.excerpt).sort(),
    'highlighted ranges equal the hint excerpts',
  );
  for (const e of expected) {
    const r = ranges.find((x) => x.text === e.excerpt);
    assert.ok(r.inside, `the range of "${e.excerpt}" lies in the editor`);
    assert.equal(r.start, typed.indexOf(e.excerpt), `the range of "${e.excerpt}" starts at its UTF-16 offset in the draft (emoji before it included)`);
  }
}

/** Asserts no http(s) request left during a check, and none to anything but the fixture files overall. */
export function assertNoNetwork(session, mark, what) {
  const during = session.log.networkSince(mark);
  assert.deepEqual(during.map((e) => e.url), [], `requests to the network during ${what}`);
  const outside = session.log.entries.filter((e) => !isAllowedRequest(e, session.extensionId, session.dynamicId));
  assert.deepEqual(outside.map((e) => e.url), [], 'requests beyond the fixture files and the extension');
  assert.deepEqual(session.log.blocked, [], 'aborted requests');
}

/** Writes a screenshot of the composer and its panel to docs/screenshots/<name>.png. */
export async function screenshot(page, areas, name, { style } = {}) {
  const boxes = [];
  for (const a of areas) {
    const box = a && (await a.boundingBox());
    if (box) boxes.push(box);
  }
  const view = page.viewportSize();
  const pad = 16;
  const x0 = Math.max(0, Math.min(...boxes.map((b) => b.x)) - pad);
  const y0 = Math.max(0, Math.min(...boxes.map((b) => b.y)) - pad);
  const x1 = Math.min(view.width, Math.max(...boxes.map((b) => b.x + b.width)) + pad);
  const y1 = Math.min(view.height, Math.max(...boxes.map((b) => b.y + b.height)) + pad);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  const clip = boxes.length ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : undefined;
  await page.screenshot({ path, clip, animations: 'disabled', caret: 'hide', style });
  return path;
}

// ---------------------------------------------------------------- options page

export const OPTIONS = {
  file: 'input#pack-file',
  url: 'input#pack-url',
  urlImport: 'button#pack-url-import',
  update: 'button#pack-update',
  revert: 'button#pack-revert',
  name: '[data-postcheck="pack-name"]',
  version: '[data-postcheck="pack-version"]',
  rules: '[data-postcheck="pack-rules"]',
  error: '[data-postcheck="pack-error"]',
  ok: '[data-postcheck="pack-ok"]',
};

export async function openOptions(session) {
  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/options.html`);
  await until(async () => (await packName(page)) !== '', { message: 'the options page to show the active pack' });
  return page;
}

export async function packName(page) {
  const name = page.locator(OPTIONS.name).first();
  return (await name.count()) ? ((await name.textContent()) ?? '').trim() : '';
}

export async function packErrors(page) {
  const errors = page.locator(OPTIONS.error);
  const out = [];
  for (let i = 0; i < (await errors.count()); i++) {
    if (await errors.nth(i).isVisible()) out.push((await errors.nth(i).textContent()).replace(/\s+/g, ' ').trim());
  }
  return out;
}

/**
 * Imports a pack file on the options page and waits for the outcome:
 * { ok: true } when the name shows `expectName`, or { ok: false, errors } when errors show.
 */
export async function importPackFile(page, file, expectName) {
  await page.locator(OPTIONS.file).setInputFiles(join(PACKS, file));
  return until(
    async () => {
      const errors = await packErrors(page);
      if (errors.length) return { ok: false, errors };
      if ((await packName(page)) === expectName) return { ok: true };
      return null;
    },
    { message: `pack "${file}" to be active or refused` },
  );
}

/**
 * Makes the tests' pack active: the one with an IBAN rule when the engine
 * knows the `iban` detector, else the same pack without it.
 * Returns { iban: boolean, note }.
 */
export async function activateE2EPack(session) {
  const page = await openOptions(session);
  try {
    const withIban = await importPackFile(page, 'e2e-iban.json', 'ACME e2e pack');
    if (withIban.ok) {
      // The options page shows the active pack's rules: its count, and its list.
      const count = (await page.locator(OPTIONS.rules).first().textContent()).trim();
      if (/^\d+$/.test(count)) assert.equal(count, '3', 'number of rules of the e2e pack');
      assert.match(await page.locator('body').innerText(), /\biban\b/i, 'the options page lists the iban rule of the active pack');
      return { iban: true, note: 'the active pack has a rule with detector iban' };
    }
    const why = withIban.errors.join(' | ');
    assert.match(why, /iban|detector/i, `the e2e pack was refused for another reason than the iban detector: ${why}`);
    await page.reload();
    await until(async () => (await packName(page)) !== '', { message: 'the options page to show the active pack' });
    const plain = await importPackFile(page, 'e2e.json', 'ACME e2e pack');
    assert.ok(plain.ok, `the e2e pack without IBAN was refused: ${JSON.stringify(plain.errors)}`);
    return { iban: false, note: `the engine refused the iban rule (${why}); IBAN hints are not asserted` };
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------- re-check, dismiss, links

/**
 * The count of open hints on the check button of `editor`'s composer, as only
 * the extension (or a debugger) can read it: inside the closed shadow root of
 * the button's `[data-postcheck="count"]` host, from the content script's
 * world. "" when it shows none; null when there is no count host.
 */
export async function readButtonCount(page, editor) {
  const button = await checkButtonFor(page, editor);
  const box = await button.boundingBox();
  const world = await contentScriptWorld(page);
  const counts = await world.evaluate(() => {
    const hosts = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.matches('[data-postcheck="count"]')) hosts.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return hosts.map((host) => {
      const r = host.getBoundingClientRect();
      const value = chrome.dom.openOrClosedShadowRoot(host)?.querySelector('[data-postcheck="count-value"]');
      return { x: r.left + r.width / 2, y: r.top + r.height / 2, text: value ? value.textContent : null };
    });
  });
  const mine = counts.find((c) => box && c.x >= box.x && c.x <= box.x + box.width && c.y >= box.y && c.y <= box.y + box.height);
  return mine ? mine.text : null;
}

/**
 * What the panel says about re-checks and links: "last checked" (its text),
 * the index and rule of the card marked current (the caret is in its passage),
 * each card's index and rule, and the rules of the cards marked stale.
 */
export async function readRecheck(panel) {
  const frame = await panelFrame(panel);
  if (!frame) return { checkedAt: null, current: null, indexes: [], stale: [] };
  return frame.evaluate(() => {
    const at = document.querySelector('[data-postcheck="checked-at"]');
    const current = document.querySelector('[data-postcheck="hint"][data-current]');
    return {
      checkedAt: at ? at.textContent.trim() : null,
      current: current ? { index: Number(current.dataset.index), rule: current.dataset.rule } : null,
      indexes: [...document.querySelectorAll('[data-postcheck="hint"]')].map((h) => ({ index: Number(h.dataset.index), rule: h.dataset.rule })),
      // The cards whose passage the user edited since the check (until the re-check).
      stale: [...document.querySelectorAll('[data-postcheck="hint"][data-stale]')].map((h) => h.dataset.rule),
    };
  });
}

/** The indexes of the passages whose boxes are emphasised (the user is on their card), read from the closed overlay roots. */
export async function readEmphasised(page) {
  const world = await contentScriptWorld(page);
  return world.evaluate(() => {
    const out = new Set();
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.matches('[data-postcheck="overlay"]')) {
          for (const box of chrome.dom.openOrClosedShadowRoot(el).querySelectorAll('[data-emphasis]')) out.add(Number(box.dataset.mark));
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return [...out];
  });
}
