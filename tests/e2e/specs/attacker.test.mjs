// The page as an attacker. The site's own scripts (the page's main world) try
// to use postcheck as an oracle for the pack: they make editors of their own
// that postcheck adopts as composers (matching the site's editor selectors),
// fill them (and the user's real editor) with guesses, dispatch synthetic
// clicks, pointer, key, focus, input, paste and Escape events on every
// postcheck element and on the editors, call `button.click()`, focus their own
// editor and type into it with `execCommand`, hide postcheck's elements with
// their own CSS, have the keyboard shortcut's message arrive while their
// editor has the focus, and then read everything a page can: `CSS.highlights`,
// `document.querySelectorAll('*')`, every open shadow root, the computed style
// and the box of every postcheck element, `window.frames`, the performance
// timeline. They also frame `panel.html` themselves and send it hints of
// their own.
//
// The pack has two hashed code names (`orion`, `blue falcon`: the pack holds
// only their salted hashes) and two plain customer names (`Globex`,
// `Initech`). What must hold, on every fixture:
// - no check reaches the worker from anything the page does (a listener the
//   test adds in the service worker counts `check` messages: 0 after the
//   attack, exactly 1 after the user's own click);
// - what the page can read is the same for an editor full of the pack's terms
//   and for one full of misses, and holds no highlight registry entry;
// - the real user's click (and the shortcut, after the user typed) does check,
//   and the highlights are drawn (read from the boxes in the closed shadow
//   root, through the content script's world: the page cannot);
// - a panel the page hides draws no highlights, does not take Escape, and is
//   as tall after four hints as after none;
// - the user's clicks that the page redirects to the real button (a `<label>`
//   around it, a transparent button) check nothing, and the user's click or
//   shortcut on the page's own editor checks nothing (the panel asks to click
//   into the draft first);
// - a `panel.html` framed by the page stays blank and takes no port.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { launch, readPack } from '../lib/harness.mjs';
import { SEL, URLS } from '../lib/fixtures.mjs';
import {
  checkButtonFor,
  highlightsWhenDrawn,
  importPackFile,
  isPanelUrl,
  openOptions,
  panelFor,
  panelFrame,
  readOverlayBoxes,
  readButtonCount,
  readPanel,
  runCheck,
  until,
} from '../lib/postcheck.mjs';

const PACK = readPack('attacker.json');
/** The terms of the pack (the hashed ones are not in it: the test knows them). */
const HITS = ['orion', 'Blue Falcon', 'Globex', 'Initech'];
/** Guesses the pack does not flag: as many, as long. */
const MISSES = ['rigel', 'Blue Heron', 'Sirius', 'Umbrel'];
const FILLER = ['apollo', 'titan', 'Acme', 'Hooli', 'Vega', 'Red Falcon', 'Soylent', 'Massive', 'Wayne'];

/** What the user types in the positive control: every term of the pack among misses. */
const USER_DRAFT = `Guesses ${FILLER.slice(0, 3).join(' ')} orion and Blue Falcon, customers Globex and Initech, ${MISSES.join(' ')}.`;
const USER_HINTS = [
  ['codenames', 'important', 'orion'],
  ['codenames', 'important', 'Blue Falcon'],
  ['customers', 'consider', 'Globex'],
  ['customers', 'consider', 'Initech'],
];

const FIXTURES = [
  {
    name: 'X',
    url: URLS.x,
    open: async () => {},
    editor: SEL.x.inlineEditor,
    real: '[data-testid="primaryColumn"] [data-testid="tweetTextarea_0"][contenteditable="true"]',
    // What the attacker's own editors look like: X's editor test ids.
    fake: { tag: 'div', attributes: { 'data-testid': 'tweetTextarea_7', contenteditable: 'true', role: 'textbox' } },
  },
  {
    name: 'LinkedIn classic',
    url: URLS.linkedinClassic,
    open: (page) => page.locator(SEL.linkedinClassic.trigger).click(),
    editor: SEL.linkedinClassic.editor,
    real: '.ql-editor[aria-label="Text editor for creating content"]',
    fake: { tag: 'div', attributes: { class: 'ql-editor', contenteditable: 'true', role: 'textbox' } },
  },
  {
    name: 'LinkedIn new',
    url: URLS.linkedinNew,
    open: (page) => page.locator(SEL.linkedinNew.trigger).click(),
    editor: SEL.linkedinNew.editor,
    real: 'dialog [componentkey="ShareBox_textEditor"][contenteditable="true"]',
    fake: { tag: 'div', attributes: { componentkey: 'ShareBox_textEditor', contenteditable: 'true', role: 'textbox' } },
  },
  {
    name: 'LinkedIn post page Quill comment box',
    url: URLS.linkedinPost,
    open: async () => {},
    editor: SEL.linkedinPost.quillComment,
    real: 'form.comments-comment-box__form .ql-editor[contenteditable="true"]',
    // The page's editors go where a comment box is (surfaces are told by their surroundings).
    fake: { tag: 'div', attributes: { class: 'ql-editor', contenteditable: 'true', role: 'textbox' }, parent: '.comments-comment-box--cr form.comments-comment-box__form' },
  },
  {
    name: 'LinkedIn post page plaintext-only reply box',
    url: URLS.linkedinPost,
    open: async () => {},
    editor: `${SEL.linkedinPost.reply}#reply-editor`,
    real: '#reply-editor',
    // Next to the reply form, in the post (the readers of the tests pair a panel with the editor of its own form).
    fake: { tag: 'div', attributes: { contenteditable: 'plaintext-only', role: 'textbox' }, parent: '.comments-comment-item' },
  },
];

/**
 * Runs in the page's main world: everything the page can read about
 * postcheck. `editors` (ids of the attacker's editors) get the postcheck
 * elements after them listed on their own, so that two editors can be compared.
 */
function observe(editorIds) {
  const roots = [document];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) {
        roots.push(el.shadowRoot);
        walk(el.shadowRoot);
      }
    }
  };
  walk(document);
  const describe = (el) => {
    const cs = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      kind: el.getAttribute('data-postcheck'),
      tag: el.tagName,
      attributes: [...el.attributes].map((a) => `${a.name}=${a.value}`),
      shadowRoot: el.shadowRoot === null ? null : el.shadowRoot.mode,
      children: el.childNodes.length,
      text: el.textContent,
      size: [box.width, box.height],
      style: [...cs].map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';'),
    };
  };
  const byId = (id) => roots.map((r) => r.getElementById?.(id) ?? r.querySelector(`#${id}`)).find(Boolean);
  const after = (id) => {
    const editor = byId(id);
    const out = [];
    for (let n = editor.nextElementSibling; n && n.hasAttribute('data-postcheck'); n = n.nextElementSibling) {
      out.push(describe(n));
      for (const inner of n.querySelectorAll('*')) out.push(describe(inner));
    }
    return out;
  };
  const ours = roots.flatMap((r) => [...r.querySelectorAll('[data-postcheck]')]);
  return {
    highlights: CSS.highlights.size,
    highlightNames: [...CSS.highlights.keys()],
    highlighted: [...CSS.highlights].flatMap(([name, h]) => [...h].map((r) => `${name}: ${r.toString()}`)),
    frames: window.frames.length,
    iframes: roots.flatMap((r) => [...r.querySelectorAll('iframe')].map((f) => f.src)),
    timeline: performance
      .getEntries()
      .map((e) => e.name)
      .filter((n) => /^chrome-extension:|postcheck/i.test(n)),
    kinds: ours.map((el) => el.getAttribute('data-postcheck')),
    openShadowInOurs: ours.filter((el) => el.shadowRoot !== null).length,
    textOfOurs: ours.map((el) => el.textContent).join('|'),
    perEditor: Object.fromEntries(editorIds.map((id) => [id, after(id)])),
  };
}

/**
 * Runs in the page's main world: the attack (postcheck's elements are hidden
 * already: see hideWith). Makes two editors of its own (one full of the
 * pack's terms, one full of misses), waits until postcheck adopted both, and fires every synthetic event it
 * can at every postcheck element and at every editor (its own and the user's,
 * into which it also writes the guesses).
 */
async function attack({ fake, hits, misses, filler, realEditor }) {
  // The user's editor (found across open shadow roots): guesses are written into it too.
  const deep = (root, sel) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.matches(sel)) return el;
      if (el.shadowRoot) {
        const found = deep(el.shadowRoot, sel);
        if (found) return found;
      }
    }
    return null;
  };
  const real = deep(document, realEditor);
  // The composer's dialog (a modal one makes the rest of the page inert, and a
  // dialog may keep the focus inside): the page's editors go into it.
  const parent = (fake.parent ? deep(document, fake.parent) : null) ?? real?.closest('dialog[open], [role="dialog"]') ?? document.body;
  const make = (id, words, top) => {
    const ed = document.createElement(fake.tag);
    for (const [k, v] of Object.entries(fake.attributes)) ed.setAttribute(k, v);
    ed.id = id;
    // Off-screen, but rendered: discovery takes it for a visible composer.
    Object.assign(ed.style, { position: 'fixed', left: '-4000px', top: `${top}px`, width: '600px', minHeight: '40px', font: '16px/1.4 sans-serif' });
    ed.textContent = [...filler, ...words, ...filler].join(' ');
    parent.append(ed);
    return ed;
  };
  const hit = make('attacker-hits', hits, 10);
  const miss = make('attacker-misses', misses, 300);
  const adopted = () => [hit, miss].every((ed) => ed.nextElementSibling?.getAttribute('data-postcheck') === 'bar');
  for (let i = 0; i < 100 && !adopted(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!adopted()) return { adopted: false };

  if (!real) return { adopted: true, real: false };

  const ours = [];
  const collect = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.hasAttribute('data-postcheck')) ours.push(el);
      if (el.shadowRoot) collect(el.shadowRoot);
    }
  };
  collect(document);

  const fire = (el) => {
    const o = { bubbles: true, composed: true, cancelable: true };
    const p = { ...o, button: 0, buttons: 1, isPrimary: true, pointerId: 1, pointerType: 'mouse', clientX: 5, clientY: 5 };
    for (const type of ['pointerover', 'pointerenter', 'pointerdown']) el.dispatchEvent(new PointerEvent(type, p));
    el.dispatchEvent(new MouseEvent('mousedown', p));
    el.dispatchEvent(new FocusEvent('focus', o));
    el.dispatchEvent(new FocusEvent('focusin', o));
    for (const type of ['pointerup']) el.dispatchEvent(new PointerEvent(type, p));
    el.dispatchEvent(new MouseEvent('mouseup', p));
    el.dispatchEvent(new MouseEvent('click', p));
    for (const key of ['Enter', ' ', 'Escape', 'K']) {
      const k = { ...o, key, code: key === ' ' ? 'Space' : key === 'K' ? 'KeyK' : key, altKey: key === 'K', shiftKey: key === 'K' };
      for (const type of ['keydown', 'keypress', 'keyup']) el.dispatchEvent(new KeyboardEvent(type, k));
    }
    el.dispatchEvent(new InputEvent('beforeinput', { ...o, inputType: 'insertText', data: ' orion' }));
    el.dispatchEvent(new InputEvent('input', { ...o, inputType: 'insertText', data: ' orion' }));
    const data = new DataTransfer();
    data.setData('text/plain', ' orion');
    el.dispatchEvent(new ClipboardEvent('paste', { ...o, clipboardData: data }));
    el.dispatchEvent(new DragEvent('drop', { ...o, dataTransfer: data }));
    if (typeof el.click === 'function') el.click();
  };

  // Focus (page-made focus events are trusted) and execCommand (page-made input
  // events are trusted too) on its own editors and the user's.
  for (const ed of [hit, miss, real].filter(Boolean)) {
    ed.focus();
    document.execCommand('selectAll');
    document.execCommand('insertText', false, [...filler, ...(ed === miss ? misses : hits)].join(' '));
  }
  for (const el of [...ours, hit, miss, real].filter(Boolean)) fire(el);
  for (const target of [document, document.body, window]) {
    target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: 'Escape', code: 'Escape' }));
  }
  // The editors settle (Quill handles the synthetic Enter later, and takes the
  // focus), then the page's own editor takes the focus (for the shortcut that follows).
  await new Promise((r) => setTimeout(r, 300));
  hit.focus();
  await new Promise((r) => setTimeout(r, 100));
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return { adopted: true, ours: ours.map((el) => el.getAttribute('data-postcheck')), focused: active?.id ?? null };
}

/**
 * Runs in the page's main world: puts `css` into the document and into every
 * open shadow root (a document style does not reach into shadow trees), as
 * `style.attacker-style`; `hideWith(null)` takes them out again.
 */
function hideWith(css) {
  const roots = [document];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) {
        roots.push(el.shadowRoot);
        walk(el.shadowRoot);
      }
    }
  };
  walk(document);
  for (const root of roots) {
    for (const old of root.querySelectorAll('style.attacker-style')) old.remove();
    if (css === null) continue;
    const style = document.createElement('style');
    style.className = 'attacker-style';
    style.textContent = css;
    (root === document ? document.head : root).append(style);
  }
}

/**
 * Runs in the page's main world: everything the page can read of postcheck's
 * bars (the check button and the count host inside it): tag, attributes, text,
 * children, box and computed style of each element.
 */
function barsSeen() {
  const bars = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.getAttribute('data-postcheck') === 'bar') bars.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return bars.flatMap((bar) =>
    [bar, ...bar.querySelectorAll('*')].map((el) => {
      const cs = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return {
        kind: el.getAttribute('data-postcheck'),
        tag: el.tagName,
        attributes: [...el.attributes].map((a) => `${a.name}=${a.value}`),
        shadowRoot: el.shadowRoot === null ? null : el.shadowRoot.mode,
        children: el.childNodes.length,
        text: el.textContent,
        size: [box.width, box.height],
        style: [...cs].map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';'),
      };
    }),
  );
}

/** Counts the `check` messages that reach the service worker from now on (a listener of the test's, in the worker). */
async function countChecks(session) {
  await session.currentWorker().evaluate(() => {
    globalThis.__e2eChecks = 0;
    if (!globalThis.__e2eCounting) {
      globalThis.__e2eCounting = true;
      chrome.runtime.onMessage.addListener((m) => {
        if (m && m.kind === 'check') globalThis.__e2eChecks++;
        return false;
      });
    }
  });
  return () => session.currentWorker().evaluate(() => globalThis.__e2eChecks);
}

/** The keyboard shortcut's message, as the worker sends it (commands API) to the tab showing `url`. */
function pressShortcut(session) {
  // Without the "tabs" permission the worker does not see the tabs' URLs: every
  // tab gets it (only the fixture page has the content script).
  return session.currentWorker().evaluate(async () => {
    let sent = 0;
    for (const tab of await chrome.tabs.query({})) {
      sent += await chrome.tabs.sendMessage(tab.id, { kind: 'run-check' }).then(
        () => 1,
        () => 0,
      );
    }
    return sent;
  });
}

describe('the page as an attacker: no check, nothing to read, no framed panel', () => {
  let session;
  let page;
  before(async () => {
    session = await launch({ name: 'attacker' });
    const options = await openOptions(session);
    assert.deepEqual(await importPackFile(options, 'attacker.json', PACK.name), { ok: true });
    await options.close();
    page = await session.context.newPage();
  });
  after(async () => {
    await session?.close();
  });

  test('the pack hashes the code names (the page could only learn them by guessing)', () => {
    const rule = PACK.rules.find((r) => r.kind === 'hashed_terms');
    const hash = (t) => createHash('sha256').update(`${rule.salt}\0${t}`).digest('hex');
    assert.deepEqual(rule.hashes, [hash('orion'), hash('blue falcon')]);
    const text = JSON.stringify(PACK).toLowerCase();
    assert.ok(!text.includes('orion') && !text.includes('falcon'), 'the pack does not name them');
  });

  for (const fixture of FIXTURES) {
    test(`${fixture.name}: the attacker starts no check and reads nothing; the user's own click and shortcut do check`, async (t) => {
      await page.goto(fixture.url);
      await fixture.open(page);
      const editor = page.locator(fixture.editor);
      await editor.waitFor();
      // The user has typed in the real editor (so only the click is missing),
      // once postcheck has found it: the panel is made, hidden, for the check to come.
      await checkButtonFor(page, editor);
      await editor.click();
      await page.keyboard.type('Hello team');
      await until(() => page.evaluate(observe, []).then((o) => o.kinds.includes('panel')), { message: "the user's composer's panel, made ahead" });
      const checks = await countChecks(session);
      const before = await page.evaluate(observe, []);

      await page.evaluate(hideWith, '[data-postcheck] { display: none !important; }');
      const outcome = await page.evaluate(attack, { fake: fixture.fake, hits: HITS, misses: MISSES, filler: FILLER, realEditor: fixture.real });
      assert.equal(outcome.adopted, true, 'postcheck adopted both editors of the page (a button after each)');
      assert.notEqual(outcome.real, false, "the attack found the user's editor");
      assert.equal(outcome.focused, 'attacker-hits', "the page's own editor has the focus");
      assert.ok(outcome.ours.filter((k) => k === 'check').length >= 3, `the attack reached every check button: ${outcome.ours}`);

      const seen = await page.evaluate(observe, ['attacker-hits', 'attacker-misses']);
      t.diagnostic(`after the attack: ${await checks()} checks reached the worker; CSS.highlights: ${JSON.stringify(seen.highlighted)}`);
      assert.equal(seen.highlights, 0, `CSS.highlights is empty: ${seen.highlighted}`);
      assert.deepEqual(seen.perEditor['attacker-hits'], seen.perEditor['attacker-misses'], 'the page sees the same next to an editor of hits as next to one of misses');
      assert.deepEqual(seen.perEditor['attacker-hits'].map((e) => e.kind), ['bar', 'check', 'count'], 'next to its editors: the button (with its count host) only (no panel, no highlight host)');
      assert.deepEqual(seen.kinds.filter((k) => k !== 'bar' && k !== 'check' && k !== 'count'), before.kinds.filter((k) => k !== 'bar' && k !== 'check' && k !== 'count'), 'no panel or overlay appeared');
      assert.equal(seen.openShadowInOurs, 0, 'no open shadow root in postcheck elements');
      assert.equal(seen.frames, before.frames, 'window.frames: unchanged');
      assert.deepEqual(seen.timeline, [], 'nothing of postcheck in the page timeline');
      for (const term of HITS) assert.ok(!seen.textOfOurs.includes(term), `no "${term}" in postcheck elements`);

      // The user's own shortcut while the page's editor has the focus, and the
      // user's own click on the button of the page's other editor (as if the page
      // had put it under the pointer): nothing is checked, the panel asks the user
      // to click into the draft first.
      await page.evaluate(hideWith, null);
      assert.equal(await pressShortcut(session), 1, 'the shortcut message reached the content script');
      const fakePanel = (id) =>
        page.evaluateHandle((editorId) => {
          const find = (root) => {
            const el = root.getElementById?.(editorId) ?? root.querySelector(`#${editorId}`);
            if (el) return el;
            for (const host of root.querySelectorAll('*')) if (host.shadowRoot) return find(host.shadowRoot);
            return null;
          };
          let n = find(document)?.nextElementSibling;
          while (n && n.getAttribute('data-postcheck') !== 'panel') n = n.nextElementSibling?.hasAttribute('data-postcheck') ? n.nextElementSibling : null;
          return n;
        }, id);
      const asksToUseEditor = async (id) =>
        until(
          async () => {
            const host = (await fakePanel(id)).asElement();
            const d = host && (await readPanel(host));
            return d && d.visible && d.error && d.hints.length === 0 ? d.error : null;
          },
          { message: `the panel next to ${id} asking to click into the draft` },
        );
      assert.match(await asksToUseEditor('attacker-hits'), /click into it/, 'the shortcut on the page\'s editor: a request to click into it');
      await page.locator('#attacker-misses + [data-postcheck="bar"] [data-postcheck="check"]').click();
      assert.match(await asksToUseEditor('attacker-misses'), /click into it/, 'the user\'s click on the button of the page\'s editor: the same request');
      assert.equal(await checks(), 0, 'no check reached the worker from the attack, nor from the user\'s shortcut and click on the page\'s editors');
      // The user closes both (Escape closes the panel opened last).
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await until(
        async () => {
          const o = await page.evaluate(observe, ['attacker-hits', 'attacker-misses']);
          return Object.values(o.perEditor).every((list) => list.every((e) => e.kind !== 'panel' || e.style.includes('visibility:hidden')));
        },
        { timeout: 5_000, message: "the panels of the page's editors to close on Escape" },
      );

      // The user, in the real editor: the draft with every term, and the real button.
      await editor.click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type(USER_DRAFT);
      const { panel, data } = await runCheck(page, editor, { answered: (d) => d.hints.length === USER_HINTS.length });
      assert.deepEqual(
        data.hints.map((h) => [h.rule, h.level, h.excerpt]),
        USER_HINTS,
        "the user's click checks the draft: both hashed code names and both customers",
      );
      assert.equal(await checks(), 1, "exactly one check reached the worker: the user's");
      const marks = await highlightsWhenDrawn(page, editor, USER_HINTS.length, HITS);
      assert.deepEqual(
        marks.map((m) => [m.text, m.level]).sort(),
        USER_HINTS.map(([, level, text]) => [text, level]).sort(),
        'each passage highlighted with its level',
      );
      const after = await page.evaluate(observe, []);
      assert.equal(after.highlights, 0, 'CSS.highlights is empty with the highlights drawn');
      assert.equal(after.openShadowInOurs, 0, 'no open shadow root');
      for (const term of HITS) assert.ok(!after.textOfOurs.includes(term), `no "${term}" in postcheck elements`);

      // The page hides the panel: no highlights are drawn, Escape is not taken.
      await page.evaluate(hideWith, '[data-postcheck="panel"] { display: none !important; }');
      await page.evaluate(() => {
        // Registered after postcheck's listener on the same target and phase: runs after it.
        window.__escapes = [];
        document.addEventListener('keydown', (e) => e.key === 'Escape' && window.__escapes.push(e.defaultPrevented), true);
      });
      await until(async () => (await readOverlayBoxes(page)).length === 0, { timeout: 5_000, message: 'the boxes to go when the page hides the panel' });
      await page.keyboard.press('Escape');
      assert.deepEqual(await page.evaluate(() => window.__escapes), [false], 'Escape reached the page, not taken by postcheck');
      assert.equal(await panel.evaluate((h) => h.isConnected), true, 'the hidden panel was not closed by it');
      await page.evaluate(hideWith, null);
      await highlightsWhenDrawn(page, editor, USER_HINTS.length, HITS);
      await page.keyboard.press('Escape');
      await until(async () => (await panelFor(page, editor)) === null, { timeout: 5_000, message: 'the shown panel to close on Escape' });

      // The shortcut, now that the user's editor has the focus: it checks.
      await editor.click();
      assert.equal(await pressShortcut(session), 1);
      const shown = await until(
        async () => {
          const p = await panelFor(page, editor);
          const d = p && (await readPanel(p));
          return d && d.visible && d.hints.length === USER_HINTS.length ? d : null;
        },
        { message: 'the panel after the shortcut' },
      );
      assert.deepEqual(shown.hints.map((h) => h.rule).sort(), ['codenames', 'codenames', 'customers', 'customers']);
      assert.equal(await checks(), 2, "the shortcut's check reached the worker");
    });
  }

  test("the user's clicks the page redirects: a <label> around the button, a transparent button: no check", async () => {
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    const button = await checkButtonFor(page, editor);
    await editor.click();
    await page.keyboard.type('Globex');
    const checks = await countChecks(session);
    // The page wraps the button in a <label> with bait beside it: a click on the
    // bait is forwarded to the button by the browser (a trusted click).
    await button.evaluate((b) => {
      window.__clicks = [];
      b.addEventListener('click', (e) => window.__clicks.push(e.isTrusted), true);
      const label = document.createElement('label');
      const bait = document.createElement('span');
      bait.id = 'attacker-bait';
      bait.textContent = 'Like';
      Object.assign(bait.style, { display: 'inline-block', width: '200px', height: '40px' });
      b.parentElement.insertBefore(label, b);
      label.append(bait, b);
    });
    await page.locator('#attacker-bait').click();
    // A transparent button where the user clicks.
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.id = 'attacker-opacity';
      style.textContent = '[data-postcheck="check"] { opacity: 0 !important; }';
      document.head.append(style);
    });
    const box = await button.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    assert.deepEqual(await page.evaluate(() => window.__clicks), [true, true], 'both clicks reached the button, trusted (the attack is real)');
    assert.equal(await panelFor(page, editor), null, 'no panel opened');

    // The user's own click on the button as shown checks (and only that one reaches the worker).
    await page.evaluate(() => document.getElementById('attacker-opacity').remove());
    const { data } = await runCheck(page, editor);
    assert.deepEqual(data.hints.map((h) => [h.rule, h.excerpt]), [['customers', 'Globex']]);
    assert.equal(await checks(), 1, "one check reached the worker: the user's click on the visible button");
  });

  test('with the panel open, synthetic edits and execCommand start no re-check; the count on the button is not readable by the page', async () => {
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await checkButtonFor(page, editor);
    await editor.click();
    await page.keyboard.type(USER_DRAFT);
    await runCheck(page, editor, { answered: (d) => d.hints.length === USER_HINTS.length });
    assert.equal(await readButtonCount(page, editor), String(USER_HINTS.length), 'the count shows the open hints (read in its closed root)');
    const withHits = await page.evaluate(barsSeen);
    assert.deepEqual(withHits.map((e) => e.kind), ['bar', 'check', 'count'], 'the button and its count host');

    const checks = await countChecks(session);
    // The page, while the panel is open: every edit event it can make, on the
    // editor (and its contents), and execCommand, whose input event is trusted.
    await page.evaluate((realEditor) => {
      const deep = (root, sel) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.matches(sel)) return el;
          if (el.shadowRoot) {
            const found = deep(el.shadowRoot, sel);
            if (found) return found;
          }
        }
        return null;
      };
      const ed = deep(document, realEditor);
      const o = { bubbles: true, composed: true, cancelable: true };
      for (const target of [ed, ed.firstElementChild, document.activeElement].filter(Boolean)) {
        for (const key of ['a', 'Backspace', 'Enter', ' ']) {
          for (const type of ['keydown', 'keypress', 'keyup']) target.dispatchEvent(new KeyboardEvent(type, { ...o, key }));
        }
        for (const type of ['beforeinput', 'input']) target.dispatchEvent(new InputEvent(type, { ...o, inputType: 'insertText', data: ' orion' }));
        const data = new DataTransfer();
        data.setData('text/plain', ' orion');
        target.dispatchEvent(new ClipboardEvent('paste', { ...o, clipboardData: data }));
        target.dispatchEvent(new ClipboardEvent('cut', { ...o, clipboardData: data }));
        target.dispatchEvent(new DragEvent('drop', { ...o, dataTransfer: data }));
        target.dispatchEvent(new MouseEvent('click', o));
      }
      ed.focus();
      document.execCommand('insertText', false, ' Blue Falcon');
    }, FIXTURES[0].real);
    // Far longer than the pause: nothing may come.
    await page.waitForTimeout(2_000);
    assert.equal(await checks(), 0, 'no re-check from the page\'s events or its execCommand');

    // The user's own typing re-checks (positive control): a draft of misses, no click.
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Hello team, nice day');
    const host = await panelFor(page, editor);
    await until(async () => (await readPanel(host)).noHints, { message: "the re-check after the user's typing: no hints" });
    assert.equal(await checks(), 1, "one re-check: the user's typing");
    assert.equal(await readButtonCount(page, editor), '0', 'the count follows (read in its closed root)');
    const withMisses = await page.evaluate(barsSeen);
    assert.deepEqual(withMisses, withHits, 'the page sees the same button and count host with four hints as with none');
  });

  test("a panel the page hides keeps one height, whatever the user's check found", async () => {
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    const button = await checkButtonFor(page, editor);
    await editor.click();
    await page.keyboard.type('Hello team, nice day');
    // The page hides the panel (the button stays visible: the user clicks it).
    await page.evaluate(hideWith, '[data-postcheck="panel"] { visibility: hidden !important; }');
    const hostHeight = () => page.evaluate(() => document.querySelector('[data-postcheck="panel"]')?.getBoundingClientRect().height ?? null);
    const heights = [];
    for (const draft of ['Hello team, nice day', USER_DRAFT]) {
      await editor.click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type(draft);
      await button.click();
      // panelFor finds visible panels only: the page's one panel host, read directly.
      const host = (await page.evaluateHandle(() => document.querySelector('[data-postcheck="panel"]'))).asElement();
      const answered = await until(
        async () => {
          const d = await readPanel(host);
          return d.noHints || d.hints.length > 0 ? d : null;
        },
        { message: 'the hidden panel to get its answer' },
      );
      // The frame has reported its height (the answer is laid out): give the message its turn.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 200))));
      heights.push([answered.hints.length, await hostHeight()]);
    }
    assert.deepEqual(heights.map(([n]) => n), [0, USER_HINTS.length], 'the checks were answered: no hints, then four');
    assert.equal(heights[0][1], heights[1][1], `the hidden panel's box is as tall with four hints as with none: ${JSON.stringify(heights)}`);
    // Shown again: the panel takes the height of its answer (the size was known, only withheld).
    await page.evaluate(hideWith, null);
    await until(async () => (await hostHeight()) > heights[1][1], { timeout: 5_000, message: 'the panel to take its real height once shown' });
  });

  test('a panel.html framed by the page stays blank and takes no port, with any fragment', async (t) => {
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await page.keyboard.type('Globex');
    const { panel } = await runCheck(page, editor);
    const real = new URL((await panelFrame(panel)).url());
    const urls = [
      // The real frame's own URL (its secret was used once already).
      real.href,
      // The dynamic URL (as if the page had learnt it) with a fragment of the page's own.
      `chrome-extension://${session.dynamicId}/panel.html#${randomBytes(16).toString('hex')}`,
      // The extension's fixed id, with a fragment of the page's own.
      `chrome-extension://${session.extensionId}/panel.html#${randomBytes(16).toString('hex')}`,
    ];
    const answers = await page.evaluate(async (list) => {
      const out = [];
      for (const url of list) {
        const f = document.createElement('iframe');
        f.src = url;
        f.className = 'attacker-frame';
        document.body.append(f);
        await new Promise((r) => {
          f.addEventListener('load', r, { once: true });
          setTimeout(r, 3_000);
        });
        const channel = new MessageChannel();
        const got = [];
        channel.port1.onmessage = (e) => got.push(e.data);
        f.contentWindow.postMessage({ postcheck: 'connect', secret: new URL(url).hash.slice(1) }, '*', [channel.port2]);
        channel.port1.postMessage({
          type: 'result',
          result: { length: null, hints: [{ rule: 'fake', category: 'confidential', level: 'important', excerpt: 'orion', message: 'Call +1 555 0100 now', suggestions: [] }] },
        });
        await new Promise((r) => setTimeout(r, 1_000));
        out.push(got);
      }
      return out;
    }, urls);
    assert.deepEqual(answers, [[], [], []], 'no framed panel answered the page (no size, nothing)');
    const framed = [];
    for (const f of page.frames()) {
      const owner = f === page.mainFrame() ? null : await f.frameElement().catch(() => null);
      if (owner && (await owner.evaluate((el) => el.className === 'attacker-frame'))) framed.push(f);
    }
    assert.equal(framed.length, 3, 'the three frames of the page');
    const outcomes = [];
    for (const f of framed) {
      // Each is blocked by the browser (an error page), or the panel page, blank.
      if (f.url().startsWith('chrome-error:')) {
        outcomes.push('blocked');
        continue;
      }
      assert.ok(isPanelUrl(f.url()), `a panel page: ${f.url()}`);
      const shown = await f.evaluate(() => ({ text: document.body.innerText.trim(), hidden: document.getElementById('panel').hidden }));
      assert.deepEqual(shown, { text: '', hidden: true }, `the framed ${f.url()} shows nothing`);
      outcomes.push('blank');
    }
    t.diagnostic(`the page's frames of panel.html: ${outcomes.join(', ')}`);
    assert.ok(outcomes.includes('blank'), 'at least one frame loaded the panel page (and it stayed blank): the claim, not only the browser, keeps it blank');
    assert.deepEqual((await readPanel(panel)).hints.map((h) => h.rule), ['customers'], 'the real panel still shows its own answer');
  });
});
