// The background worker: it validates every message (from an extension page and
// from the real content script's isolated world) and keeps working after
// malformed ones; a content script cannot manage packs; and after the service
// worker is stopped, the next check rebuilds the imported pack from storage:
// without running its examples when this same engine validated it, in full
// when another engine did.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EXTENSION, launch, readPack, stopServiceWorker } from '../lib/harness.mjs';
import { SEL, URLS } from '../lib/fixtures.mjs';
import { importPackFile, openOptions, packName, runCheck, until } from '../lib/postcheck.mjs';

/** The extension's service workers that are running (CDP targets). */
async function ourWorkers(session) {
  const page = await session.context.newPage();
  const cdp = await session.context.newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    return targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${session.extensionId}/`)).map((t) => t.url);
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

/**
 * Evaluates `fn` in the extension's newest service worker that answers (a
 * stopped worker can linger in Playwright's list and never answer: 1 s each).
 * Returns the first non-null result, or null.
 */
async function inWorker(session, fn) {
  for (const w of session.context.serviceWorkers().reverse()) {
    if (!w.url().startsWith(`chrome-extension://${session.extensionId}/`)) continue;
    const r = await Promise.race([w.evaluate(fn).catch(() => null), new Promise((resolve) => setTimeout(() => resolve(null), 1_000))]);
    if (r != null) return r;
  }
  return null;
}

/**
 * What the running worker has built and checked since it started: the detail of
 * its last pack compile and how many drafts it checked; null before it built a pack.
 */
function builtInWorker(session) {
  return inWorker(session, () => {
    const compiled = performance.getEntriesByName('postcheck:compile', 'measure').at(-1)?.detail ?? null;
    return compiled && { compiled, checks: performance.getEntriesByName('postcheck:check', 'measure').length };
  });
}

const VALID = { kind: 'check', text: 'Die Zahlen sind streng vertraulich.', platform: 'x' };

/**
 * Runs in an extension page: sends every malformed message, each followed by a
 * valid check; returns every answer. The messages are built here, in the page
 * (some, like an own `__proto__` key, do not survive a trip as arguments).
 */
function sendAll(valid) {
  const malformed = [
    ['null', null],
    ['undefined', undefined],
    ['an array', []],
    ['an array that looks like a check', ['check', 'streng vertraulich']],
    ['a string', 'check'],
    ['a number', 42],
    ['true', true],
    ['an empty object', {}],
    ['a kind that is not a string', { kind: 42, text: 'x' }],
    ['an unknown kind', { kind: 'check-all', text: 'x' }],
    ['a kind of 100,000 characters', { kind: 'k'.repeat(100000) }],
    ['a check without text', { kind: 'check', platform: 'x' }],
    ['text as a number', { kind: 'check', text: 42 }],
    ['text as an object', { kind: 'check', text: { toString: 'x' } }],
    ['text as an array', { kind: 'check', text: ['streng vertraulich'] }],
    ['text null', { kind: 'check', text: null }],
    ['a 2 MB text', { kind: 'check', text: 'streng vertraulich '.repeat(110000) }],
    ['text one unit over the limit', { kind: 'check', text: 'x'.repeat(100001) }],
    ['a wrong platform', { kind: 'check', text: 'x', platform: 'myspace' }],
    ['a platform that is a number', { kind: 'check', text: 'x', platform: 1 }],
    ['a platform in other case', { kind: 'check', text: 'x', platform: 'X' }],
    ['media as a string', { kind: 'check', text: 'x', media: 'image' }],
    ['unknown media', { kind: 'check', text: 'x', media: ['hologram'] }],
    ['too many media', { kind: 'check', text: 'x', media: Array(17).fill('image') }],
    ['an unknown field', { kind: 'check', text: 'x', debug: true }],
    ['a deeply nested unknown field', { kind: 'check', text: 'x', extra: JSON.parse('['.repeat(200) + ']'.repeat(200)) }],
    ['__proto__ as a field', JSON.parse('{"kind":"check","text":"x","__proto__":{"admin":true}}')],
    ['pack-import without json', { kind: 'pack-import', source: { type: 'file' } }],
    ['pack-import from http', { kind: 'pack-import', json: '{}', source: { type: 'url', url: 'http://acme.example/p.json' } }],
    ['pack-import with a javascript: URL', { kind: 'pack-import', json: '{}', source: { type: 'url', url: 'javascript:alert(1)' } }],
    ['pack-info with a field', { kind: 'pack-info', all: true }],
  ];
  return (async () => {
    const out = [];
    for (const [what, message] of malformed) {
      let answer;
      try {
        answer = await chrome.runtime.sendMessage(message);
      } catch (e) {
        answer = { thrown: String(e?.message ?? e) };
      }
      const after = await chrome.runtime.sendMessage(valid);
      out.push({ what, answer, after: { ok: after?.ok, hints: after?.result?.hints?.map((h) => h.excerpt) } });
    }
    return out;
  })();
}

describe('the background worker', () => {
  let session;
  let options;
  before(async () => {
    session = await launch({ name: 'worker' });
    options = await openOptions(session);
  });
  after(async () => {
    await session?.close();
  });

  test('malformed messages from an extension page are refused with an error answer; the worker keeps working', async () => {
    const results = await options.evaluate(sendAll, VALID);
    assert.equal(results.length, 31);
    for (const r of results) {
      assert.equal(r.answer?.ok, false, `${r.what}: refused (${JSON.stringify(r.answer).slice(0, 200)})`);
      assert.ok(['bad-message', 'too-long'].includes(r.answer.error?.code), `${r.what}: error code ${r.answer.error?.code}`);
      assert.equal(typeof r.answer.error.message, 'string');
      assert.ok(r.answer.error.message.length < 300, `${r.what}: a short message, no echo of the input`);
      assert.deepEqual(r.after, { ok: true, hints: ['streng vertraulich'] }, `${r.what}: the next check works`);
    }
    const byWhat = Object.fromEntries(results.map((r) => [r.what, r.answer.error.code]));
    assert.equal(byWhat['a 2 MB text'], 'too-long');
    assert.equal(byWhat['text one unit over the limit'], 'too-long');
    assert.equal(byWhat['a wrong platform'], 'bad-message');
    // The worker printed nothing about any of it.
    const errors = session.consoleLog.entries.filter((e) => e.source === 'worker' && e.type === 'error');
    assert.deepEqual(errors, []);
  });

  test('a draft of exactly the limit (100,000 UTF-16 units, many hints) is answered, hints capped; one unit more is refused in plain words', async () => {
    const answers = await options.evaluate(async () => {
      const text = 'Hallo streng vertraulich anna@acme.example, '.repeat(3000).slice(0, 100_000);
      const at = await chrome.runtime.sendMessage({ kind: 'check', text, platform: 'linkedin' });
      const over = await chrome.runtime.sendMessage({ kind: 'check', text: `${text}x`, platform: 'linkedin' });
      return {
        at: { ok: at.ok, hints: at.result?.hints.length, omitted: at.result?.omitted, used: at.result?.length?.used },
        over,
      };
    });
    assert.equal(answers.at.ok, true);
    assert.equal(answers.at.hints, 200, 'at most 200 hints are sent back');
    assert.ok(answers.at.omitted > 4000, `the rest are counted: ${answers.at.omitted}`);
    assert.ok(answers.at.used >= 100_000, `the length is counted: ${answers.at.used}`);
    assert.deepEqual(answers.over, { ok: false, error: { code: 'too-long', message: 'check: the draft is longer than 100,000 characters' } });
    // What the panel and the popup show for it: the popup renders the same error.
    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await popup.locator('textarea#draft').fill('x'.repeat(100_001));
    await popup.locator('button#check').click();
    const error = popup.locator('[data-postcheck="error"]');
    await until(() => error.isVisible(), { message: 'the error in the popup' });
    assert.match(await error.textContent(), /was not checked: it is far longer than any LinkedIn or X post \(more than 100,000 characters\)\. Posting is not affected\./);
    await popup.close();
  });

  test('40 checks at once are each answered correctly', async () => {
    const answers = await options.evaluate(() =>
      Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          chrome.runtime.sendMessage({ kind: 'check', text: `${'🎉'.repeat(i)} streng vertraulich ${i}`, platform: i % 2 ? 'x' : 'linkedin' }),
        ),
      ),
    );
    answers.forEach((a, i) => {
      assert.equal(a.ok, true);
      const hint = a.result.hints.find((h) => h.excerpt === 'streng vertraulich');
      assert.equal(hint?.start, 2 * i + 1, `check ${i}: the span after ${i} emoji`);
    });
  });

  test('from the content script\'s own world: pack management is refused, malformed checks too, the worker keeps working', async () => {
    const page = await session.context.newPage();
    await page.goto(URLS.x);
    await page.locator(SEL.x.inlineEditor).waitFor();
    // The content script's isolated world, found over CDP (the page cannot reach it).
    const cdp = await session.context.newCDPSession(page);
    const contexts = [];
    cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    const world = await until(
      () => contexts.find((c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${session.extensionId}`),
      { timeout: 5_000, message: "the content script's isolated world" },
    );
    const inWorld = async (expression) => {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    };
    assert.equal(await inWorld('typeof chrome.runtime.sendMessage'), 'function', 'this is an extension world');
    const hostile = JSON.stringify(JSON.stringify(readPack('extras.json')));
    const answers = await inWorld(`(async () => {
      const send = (m) => chrome.runtime.sendMessage(m).catch((e) => ({ thrown: String(e) }));
      return {
        import: await send({ kind: 'pack-import', json: ${hostile}, source: { type: 'file', name: 'x.json' } }),
        revert: await send({ kind: 'pack-revert' }),
        info: await send({ kind: 'pack-info' }),
        badText: await send({ kind: 'check', text: 7 }),
        tooLong: await send({ kind: 'check', text: 'x'.repeat(2000000) }),
        badPlatform: await send({ kind: 'check', text: 'x', platform: 'facebook' }),
        valid: await send(${JSON.stringify(VALID)}),
      };
    })()`);
    for (const kind of ['import', 'revert', 'info']) {
      assert.equal(answers[kind].ok, false, `${kind}: refused`);
      assert.match(answers[kind].error.message, /only for extension pages/);
    }
    assert.equal(answers.badText.error.code, 'bad-message');
    assert.equal(answers.tooLong.error.code, 'too-long');
    assert.equal(answers.badPlatform.error.code, 'bad-message');
    assert.equal(answers.valid.ok, true);
    // A tab that asks for checks faster than a person could is answered busy:
    // 30 at once from this tab's content script, after the one above.
    const burst = await inWorld(`Promise.all(Array.from({ length: 30 }, (_, i) =>
      chrome.runtime.sendMessage({ kind: 'check', text: 'streng vertraulich ' + i, platform: 'x' }).catch((e) => ({ thrown: String(e) }))))`);
    const answered = burst.filter((a) => a.ok).length;
    const busy = burst.filter((a) => a.error?.code === 'busy');
    assert.ok(answered >= 7 && answered <= 10, `the rest of the burst of 8 (and a refill or two) is checked: ${answered}`);
    assert.equal(answered + busy.length, 30, 'every other check is answered busy');
    assert.match(busy[0].error.message, /too many checks from this tab/);
    // The panel of this tab says so in plain words.
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await page.keyboard.type('Streng vertraulich.');
    const refused = await runCheck(page, editor, { retryBusy: false });
    assert.match(refused.data.error ?? '', /very often in a short time, so this draft was not checked\. Please try again in a moment\. Posting is not affected\./);
    // An extension page is not limited (the 40 checks at once above), nor is another tab.
    const other = await session.context.newPage();
    await other.goto(URLS.x);
    await other.locator(SEL.x.inlineEditor).click();
    await other.keyboard.type('Streng vertraulich.');
    const { data } = await runCheck(other, other.locator(SEL.x.inlineEditor));
    assert.equal(data.error, null, 'another tab checks as usual');
    await other.close();
    // The pack the content script tried to import is not active.
    await options.reload();
    await until(async () => (await packName(options)) !== '', { message: 'the options page' });
    assert.notEqual(await packName(options), readPack('extras.json').name);
    await cdp.detach();
    await page.close();
  });

  test('after the service worker is stopped, the next check rebuilds the imported pack from storage', async () => {
    const extras = readPack('extras.json');
    assert.deepEqual(await importPackFile(options, 'extras.json', extras.name), { ok: true });
    await options.close();
    const page = await session.context.newPage();
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await page.keyboard.type('Unser Code liegt auf Github.');
    const before = await runCheck(page, editor);
    assert.deepEqual(before.data.hints.map((h) => h.rule), ['brand-spelling'], 'the imported pack checks');
    await session.currentWorker().evaluate(() => {
      self.__e2eMark = 'before the restart';
    });

    assert.equal(await stopServiceWorker(session), 1, 'one worker stopped');
    await page.keyboard.press('Escape');
    await page.keyboard.type(' Und Github nochmal.');
    const after = await runCheck(page, editor);
    assert.deepEqual(after.data.hints.map((h) => h.rule), ['brand-spelling', 'brand-spelling'], 'the imported (not the starter) pack checks after the restart');
    assert.equal(after.data.error, null);
    // A new worker answered: its global scope is fresh.
    const fresh = await until(
      async () => {
        for (const w of session.context.serviceWorkers()) {
          if (!w.url().startsWith(`chrome-extension://${session.extensionId}/`)) continue;
          const value = await w.evaluate(() => self.__e2eMark ?? 'fresh').catch(() => null);
          if (value === 'fresh') return value;
        }
        return null;
      },
      { timeout: 5_000, message: 'a fresh service worker' },
    );
    assert.equal(fresh, 'fresh');
    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await until(async () => ((await popup.locator('#pack-name').textContent()) ?? '').includes(extras.name), { message: 'the popup to name the imported pack' });
    await popup.close();
  });

  test('after a restart: a pack this engine validated is rebuilt without its examples; one from another engine is validated in full, then stamped', async () => {
    // The engine's identity: the SHA-256 of the wasm module it runs.
    const engine = createHash('sha256').update(readFileSync(join(EXTENSION, 'postcheck_wasm_bg.wasm'))).digest('hex');
    const options = await openOptions(session);
    // The extras pack's entry in the list of packs (the broken pack below stays in the list, not in use, until removed).
    const storedPack = () => options.evaluate(() => chrome.storage.local.get('packs').then((items) => items.packs.find((p) => p.id === 'acme-e2e-extras')));
    assert.equal((await storedPack()).engine, engine, 'an imported pack is stored with the engine that validated it');

    // The extras pack with an example that fails: this engine would refuse it on import.
    const failing = readPack('extras.json');
    failing.rules[0].examples.miss = ['auf Github'];
    const entry = (pack, stamp) => ({ json: JSON.stringify(pack), source: { type: 'file', name: 'e2e.json' }, importedAt: '2026-11-25T08:00:00.000Z', ...(stamp ? { engine: stamp } : {}) });
    const page = await session.context.newPage();
    /** Stores `value`, restarts the worker, checks a draft on X; returns the panel and the worker's last compile. */
    const checkAfterRestart = async (value) => {
      // Written where earlier versions kept their single pack: moved into the list on the next read.
      await options.evaluate((v) => chrome.storage.local.set({ activePack: v }), value);
      assert.equal(await stopServiceWorker(session), 1, 'the service worker was stopped');
      await page.goto(URLS.x);
      const editor = page.locator(SEL.x.inlineEditor);
      await editor.click();
      await page.keyboard.type('Unser Code liegt auf Github.');
      const { data } = await runCheck(page, editor);
      const compiled = await until(() => inWorker(session, () => performance.getEntriesByName('postcheck:compile', 'measure').at(-1)?.detail ?? null), {
        timeout: 5_000,
        message: "the new worker's compile",
      });
      return { data, compiled };
    };

    // Stamped by this engine: its examples are not run again (this one would fail), the rest is.
    const trusted = await checkAfterRestart(entry(failing, engine));
    assert.deepEqual(trusted.data.hints.map((h) => h.rule), ['brand-spelling'], 'the stored pack checks');
    assert.equal(trusted.data.error, null);
    assert.deepEqual(trusted.compiled, { pack: 'stored', examples: false });

    // Stamped by another engine (or not at all: stored before engines were noted): validated in full, refused.
    for (const stamp of ['another-engine', null]) {
      const other = await checkAfterRestart(entry(failing, stamp));
      assert.match(other.data.error ?? '', /rule pack could not be loaded.*starter pack/i, `${stamp}: the examples ran and failed: ${JSON.stringify(other.data)}`);
    }

    // A pack this engine would refuse for anything but an example stays refused, stamp or not.
    const broken = await checkAfterRestart({ ...entry(readPack('broken.json'), engine) });
    assert.match(broken.data.error ?? '', /rule pack could not be loaded.*starter pack/i, `a broken pack stamped by this engine: ${JSON.stringify(broken.data)}`);

    // A good pack from another engine: validated in full, it checks, and is then stamped by this engine.
    const good = await checkAfterRestart(entry(readPack('extras.json'), 'another-engine'));
    assert.deepEqual(good.data.hints.map((h) => h.rule), ['brand-spelling']);
    assert.deepEqual(good.compiled, { pack: 'stored', examples: true });
    const stamped = await until(async () => ((await storedPack()).engine === engine ? storedPack() : null), { timeout: 5_000, message: 'the pack to be stamped by this engine' });
    assert.deepEqual(stamped, { ...entry(readPack('extras.json'), engine), id: 'acme-e2e-extras' }, 'only the stamp changed');
    const again = await checkAfterRestart(stamped);
    assert.deepEqual(again.compiled, { pack: 'stored', examples: false }, 'the next restart skips the examples');
    await page.close();
    await options.close();
  });

  test('after a restart, a composer getting the focus wakes the worker, which builds the pack before any check', async () => {
    assert.equal(await stopServiceWorker(session), 1, 'the service worker was stopped');
    const page = await session.context.newPage();
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.waitFor();
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await ourWorkers(session), [], 'nothing woke the worker before the composer was used');
    await editor.click();
    const built = await until(() => builtInWorker(session), { timeout: 10_000, message: 'the woken worker to build the pack' });
    assert.deepEqual(built, { compiled: { pack: 'stored', examples: false }, checks: 0 }, 'the stored pack is built; no draft was checked');
    await page.keyboard.type('Unser Code liegt auf Github.');
    const { data } = await runCheck(page, editor);
    assert.deepEqual(data.hints.map((h) => h.rule), ['brand-spelling']);
    await page.close();
  });

  test('typing in a composer keeps waking the worker (at most every 20 s), so a long draft does not meet a stopped one', async () => {
    const page = await session.context.newPage();
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    const focused = Date.now();
    await page.keyboard.type('Unser Code');
    // The browser stops the worker (as after 30 s idle) while the draft is being written.
    assert.equal(await stopServiceWorker(session), 1, 'the service worker was stopped');
    await page.keyboard.type(' liegt');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await ourWorkers(session), [], 'within 20 s of the last warm-up, typing sends nothing');
    // Back to the page now (the helpers above opened others), so that the focus
    // it gets back is not what wakes the worker later.
    await page.bringToFront();
    await new Promise((r) => setTimeout(r, Math.max(0, focused + 20_500 - Date.now())));
    assert.deepEqual(await ourWorkers(session), [], 'nothing else woke the worker meanwhile');
    await page.bringToFront();
    await page.keyboard.type(' auf Github.');
    const built = await until(() => builtInWorker(session), { timeout: 10_000, message: 'the worker woken by typing to build the pack' });
    assert.deepEqual(built, { compiled: { pack: 'stored', examples: false }, checks: 0 }, 'the stored pack is built; no draft was checked');
    const { data } = await runCheck(page, editor);
    assert.deepEqual(data.hints.map((h) => h.rule), ['brand-spelling']);
    await page.close();
  });
});

describe('the background worker after a wasm trap', () => {
  // V8 caps every wasm memory at 52 pages (3.25 MiB) in this browser: the
  // starter pack compiled and a short check fit (they need more than 44), a
  // 100,000-character draft of markers, e-mail addresses, phone numbers and
  // IBANs does not (it needs more than 56, measured in Node with the same
  // engine), so its check fails to allocate and traps (`unreachable`), as a
  // long draft did on a real device. That instance then traps on every later check (measured:
  // "streng vertraulich" traps too), until the worker restarts, or, now, at once
  // on a fresh instance.
  let session;
  before(async () => {
    session = await launch({ name: 'worker-trap', args: ['--js-flags=--wasm-max-mem-pages=52'] });
  });
  after(async () => {
    await session?.close();
  });

  test('the draft that trapped is answered engine-stopped in plain words; the next checks work on a fresh instance', async () => {
    const options = await openOptions(session);
    const answers = await options.evaluate(async () => {
      const big = 'Hallo streng vertraulich anna@acme.example, +41 79 123 45 67 CH93 0076 2011 6238 5295 7 '.repeat(1200).slice(0, 100_000);
      const send = (text) => chrome.runtime.sendMessage({ kind: 'check', text, platform: 'linkedin' });
      const out = [];
      for (let round = 0; round < 2; round++) {
        const trapped = await send(big);
        const next = await send('Das ist streng vertraulich.');
        out.push({ trapped: trapped.error ?? trapped.ok, next: next.ok ? next.result.hints.map((h) => h.excerpt) : next.error });
      }
      return out;
    });
    for (const { trapped, next } of answers) {
      assert.equal(trapped.code, 'engine-stopped', JSON.stringify(trapped));
      assert.match(trapped.message, /rule engine stopped \(unreachable\)/);
      assert.deepEqual(next, ['streng vertraulich'], 'the next draft is checked');
    }
    const resets = await inWorker(session, () => performance.getEntriesByName('postcheck:engine-reset', 'measure').at(-1)?.detail ?? null);
    assert.deepEqual(resets, { resets: 2 }, 'one fresh instance per trap');
    // What the user reads (the popup shows the same sentence as the panel).
    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await popup.locator('textarea#draft').fill('Hallo streng vertraulich anna@acme.example, +41 79 123 45 67 CH93 0076 2011 6238 5295 7 '.repeat(1200).slice(0, 100_000));
    await popup.locator('button#check').click();
    const error = popup.locator('[data-postcheck="error"]');
    await until(() => error.isVisible(), { timeout: 60_000, message: 'the error in the popup' });
    assert.match(await error.textContent(), /stopped while checking this draft, so it was not checked\. It starts afresh for the next check\. Posting is not affected\./);
    await popup.locator('textarea#draft').fill('Das ist streng vertraulich.');
    await popup.locator('button#check').click();
    const hint = popup.locator('[data-postcheck="hint"]');
    await until(async () => (await hint.count()) === 1, { message: 'the next check in the popup' });
    assert.match(await hint.textContent(), /streng vertraulich/);
    await popup.close();
    await options.close();
  });
});
