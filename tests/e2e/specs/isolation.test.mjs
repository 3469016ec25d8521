// Page isolation: the site's own scripts (the page's main world) cannot read the
// hints, the pack or the analysis of a draft; what they can see is exactly what
// extension/README.md ("Page isolation") says. And hints render as text: markup
// in a pack or in a draft never runs, never loads, never becomes an element.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch, readPack } from '../lib/harness.mjs';
import { posted, SEL, URLS } from '../lib/fixtures.mjs';
import {
  activateE2EPack,
  assertNoNetwork,
  clickPanelControl,
  highlightsWhenDrawn,
  importPackFile,
  openOptions,
  panelControl,
  panelFrame,
  readPanel,
  runCheck,
  until,
} from '../lib/postcheck.mjs';

const E2E = readPack('e2e-iban.json');
/** Texts only the panel shows (never in the draft): the site must not find any of them. */
const PANEL_ONLY = [
  '"streng vertraulich" marks internal material.',
  'marks internal material',
  'An e-mail address: is it yours to share?',
  'is it yours to share',
  E2E.guidelines[0].title,
  E2E.guidelines[0].text,
  E2E.contacts[0].name,
  'Leave out what is marked internal.',
  'Please check',
  'Worth a second look',
  E2E.name,
];

/**
 * Runs in the page's main world, as the site's own scripts would: every way we
 * know to get at text, frames and messages. `secrets` must stay unreachable;
 * `visible` are texts the page does show (the probe must find them, or it
 * proves nothing).
 */
function probe({ secrets, visible }) {
  const hosts = [];
  const openRoots = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.matches('[data-postcheck="panel"]')) hosts.push(el);
      if (el.shadowRoot) {
        openRoots.push(el.shadowRoot);
        walk(el.shadowRoot);
      }
    }
  };
  walk(document);
  const attributes = [];
  for (const root of [document, ...openRoots]) {
    for (const el of root.querySelectorAll('*')) for (const a of el.attributes) attributes.push(a.value);
  }
  const sources = {
    innerText: document.body.innerText,
    textContent: document.documentElement.textContent,
    outerHTML: document.documentElement.outerHTML,
    getHTML: document.documentElement.getHTML({ serializableShadowRoots: true, shadowRoots: openRoots }),
    openShadowRoots: openRoots.map((r) => `${r.innerHTML}\n${r.textContent}`).join('\n'),
    attributes: attributes.join('\n'),
    title: document.title,
  };
  const findIn = (needle) => Object.entries(sources).filter(([, text]) => text.includes(needle)).map(([k]) => k);
  const find = (needle) => {
    getSelection().removeAllRanges();
    return window.find(needle, true, false, true);
  };
  getSelection().removeAllRanges();
  getSelection().selectAllChildren(document.body);
  const selected = getSelection().toString();
  getSelection().removeAllRanges();
  const iframes = [];
  for (const root of [document, ...openRoots]) iframes.push(...[...root.querySelectorAll('iframe')].map((f) => f.src));
  return {
    hosts: hosts.map((h) => ({ shadowRoot: h.shadowRoot, children: h.childNodes.length, attributes: [...h.attributes].map((a) => a.name) })),
    secretsInText: secrets.map((s) => [s, findIn(s)]).filter(([, where]) => where.length > 0),
    secretsFound: secrets.filter(find),
    secretsSelected: secrets.filter((s) => selected.includes(s)),
    visibleInText: visible.map((s) => [s, findIn(s).length > 0]),
    visibleFound: visible.map((s) => [s, find(s)]),
    frames: window.frames.length,
    iframes,
    messages: window.__probe.messages,
    newGlobals: Object.getOwnPropertyNames(window).filter((k) => !window.__probe.globals.includes(k)),
    chromeRuntime: typeof window.chrome?.runtime?.sendMessage,
    extensionEntries: performance.getEntries().filter((e) => e.name.startsWith('chrome-extension:')).map((e) => e.name),
  };
}

/** Texts of the "Read it in the guidelines" link (its text and address), shown only in the panel frame. */
const LINK_ONLY = ['Read it in the guidelines', 'guidelines.html', 'g-confidential', 'pack=acme-e2e', 'read-guideline'];

/**
 * Runs in the page's main world: every element the page can reach (its
 * document and open shadow roots, but the editors' own content) with its
 * attributes, its frames, its messages about postcheck, its globals, the
 * extension URLs in its timeline, its address and title.
 */
function pageView() {
  const elements = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.closest('[contenteditable]')) continue;
      elements.push(`${el.tagName} ${[...el.attributes].map((a) => `${a.name}=${a.value}`).join(' ')}`);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return {
    elements,
    frames: window.frames.length,
    messages: window.__probe.messages.filter((m) => /postcheck|guideline|chrome-extension|connect/i.test(m.data)),
    newGlobals: Object.getOwnPropertyNames(window).filter((k) => !window.__probe.globals.includes(k)),
    extensionEntries: performance.getEntries().filter((e) => e.name.startsWith('chrome-extension:')).map((e) => e.name),
    location: location.href,
    title: document.title,
  };
}

/** Before the check: the page starts listening for messages and notes its globals. */
function arm(page) {
  return page.evaluate(() => {
    window.__probe = { messages: [], globals: [] };
    window.addEventListener('message', (e) => window.__probe.messages.push({ origin: e.origin, data: String(JSON.stringify(e.data)).slice(0, 100_000) }), true);
    window.__probe.globals = Object.getOwnPropertyNames(window);
  });
}

const COMPOSERS = [
  {
    name: 'X timeline composer',
    url: URLS.x,
    frames: 0,
    open: async () => {},
    editor: SEL.x.inlineEditor,
    fixture: 'inline',
    draft: '🇨🇭 Die Zahlen sind streng vertraulich, Fragen an anna.muster@acme.example',
  },
  {
    name: 'LinkedIn classic share box',
    url: URLS.linkedinClassic,
    frames: 1, // the interop iframe with the decoy editor
    open: (page) => page.locator(SEL.linkedinClassic.trigger).click(),
    editor: SEL.linkedinClassic.editor,
    fixture: 'share',
    draft: '🇨🇭 Die Zahlen sind streng vertraulich, Fragen an anna.muster@acme.example',
  },
  {
    name: 'LinkedIn new share box',
    url: URLS.linkedinNew,
    frames: 0,
    open: (page) => page.locator(SEL.linkedinNew.trigger).click(),
    editor: SEL.linkedinNew.editor,
    fixture: 'share',
    draft: '🇨🇭 Die Zahlen sind streng vertraulich, Fragen an anna.muster@acme.example',
  },
  {
    name: 'LinkedIn post page: Quill comment box',
    url: URLS.linkedinPost,
    frames: 0,
    open: async () => {},
    editor: SEL.linkedinPost.quillComment,
    fixture: 'comment',
    draft: '🇨🇭 Die Zahlen sind streng vertraulich, Fragen an anna.muster@acme.example',
  },
  {
    name: 'LinkedIn post page: plaintext-only reply box',
    url: URLS.linkedinPost,
    frames: 0,
    open: async () => {},
    editor: SEL.linkedinPost.reply,
    fixture: 'reply',
    draft: '🇨🇭 Die Zahlen sind streng vertraulich, Fragen an anna.muster@acme.example',
  },
  {
    name: 'LinkedIn post page: Tiptap comment box without the test-id wrapper',
    url: URLS.linkedinPost,
    frames: 0,
    open: async () => {},
    editor: SEL.linkedinPost.tiptapComment,
    fixture: 'tiptap-comment',
    draft: '🇨🇭 Die Zahlen sind streng vertraulich, Fragen an anna.muster@acme.example',
  },
  {
    name: 'LinkedIn article body',
    url: URLS.linkedinArticle,
    frames: 0,
    open: async () => {},
    editor: SEL.linkedinArticle.body,
    fixture: 'article',
    draft: '🇨🇭 Die Zahlen sind streng vertraulich, Fragen an anna.muster@acme.example',
  },
];

/** The keyboard shortcut's message, as the worker sends it (commands API) to every tab. */
function pressShortcut(session) {
  return session.currentWorker().evaluate(async () => {
    let sent = 0;
    for (const tab of await chrome.tabs.query({})) sent += await chrome.tabs.sendMessage(tab.id, { kind: 'run-check' }).then(() => 1, () => 0);
    return sent;
  });
}

describe('page isolation: what the site can and cannot see', () => {
  let session;
  let page;
  before(async () => {
    session = await launch({ name: 'isolation' });
    const pack = await activateE2EPack(session);
    assert.ok(pack.iban, 'the e2e pack with its guideline and contact is active');
    page = await session.context.newPage();
  });
  after(async () => {
    await session?.close();
  });

  for (const composer of COMPOSERS) {
    test(`${composer.name}: the page's scripts find no hint text, no frame, no message`, async () => {
      await page.goto(composer.url);
      await composer.open(page);
      const editor = page.locator(composer.editor);
      await editor.click();
      await page.keyboard.type(composer.draft);
      await arm(page);
      const mark = session.log.mark();
      const { panel, data } = await runCheck(page, editor);
      assert.deepEqual(data.hints.map((h) => h.rule).sort(), ['confidential-markers', 'email']);
      // The secrets really are on screen, in the panel frame: the probe looks for shown text.
      const frame = await panelFrame(panel);
      const shown = await frame.evaluate(() => document.body.textContent);
      for (const s of ['marks internal material', 'is it yours to share', 'Please check', 'Leave out what is marked internal.']) assert.ok(shown.includes(s), `the panel shows "${s}"`);
      await frame.locator('[data-postcheck="why"] summary').first().click();
      assert.ok((await frame.evaluate(() => document.body.innerText)).includes(E2E.guidelines[0].text), 'the guideline text is shown');

      const seen = await page.evaluate(probe, { secrets: PANEL_ONLY, visible: ['Check my draft', 'streng vertraulich'] });
      assert.deepEqual(seen.visibleInText, [['Check my draft', true], ['streng vertraulich', true]], 'the probe does read the page (positive control)');
      assert.deepEqual(seen.visibleFound, [['Check my draft', true], ['streng vertraulich', true]], 'window.find does find page text (positive control)');
      assert.deepEqual(seen.hosts, [{ shadowRoot: null, children: 0, attributes: ['data-postcheck', 'style'] }], 'one panel host: no open shadow root, no children');
      assert.deepEqual(seen.secretsInText, [], 'no hint text in innerText, textContent, HTML, open shadow roots or attributes');
      assert.deepEqual(seen.secretsFound, [], 'window.find() finds no hint text');
      assert.deepEqual(seen.secretsSelected, [], 'selecting the whole page selects no hint text');
      assert.equal(seen.frames, composer.frames, 'the panel frame is not in window.frames');
      assert.ok(!seen.iframes.some((src) => src.startsWith('chrome-extension:')), `no extension frame in the queryable DOM: ${seen.iframes}`);
      // The page's own messages (Draft.js's setImmediate polyfill posts to itself) are its business.
      const about = seen.messages.filter((m) => /postcheck|hint|rule|excerpt|streng vertraulich|anna\.muster|internal material|connect/i.test(m.data));
      assert.deepEqual(about, [], 'no window message about the check reached the page');
      assert.deepEqual(seen.newGlobals, [], 'no new global in the page');
      assert.equal(seen.chromeRuntime, 'undefined', 'the page cannot message the extension');
      assert.deepEqual(seen.extensionEntries, [], 'the panel URL (with its secret) is not in the page\'s performance timeline');
      assertNoNetwork(session, mark, `${composer.name}: checking and probing`);
    });
  }

  test('"Read it in the guidelines": the page sees no new element, attribute or message when the link is there, nor when the user opens it', async () => {
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await page.keyboard.type('Die Zahlen sind streng vertraulich, Fragen an anna.muster@acme.example');
    await arm(page);
    const { panel } = await runCheck(page, editor);
    const frame = await panelFrame(panel);
    const closed = await page.evaluate(pageView);
    await frame.locator('[data-rule="confidential-markers"] [data-postcheck="why"] summary').click();
    await until(async () => (await readPanel(panel)).settled, { timeout: 5_000, message: 'the panel to settle with its why? open' });
    // The link is there, in the panel's own document (positive control).
    const link = frame.locator('[data-rule="confidential-markers"] [data-postcheck="read-guideline"]');
    assert.match(await link.getAttribute('href'), /\/guidelines\.html\?pack=acme-e2e#g-confidential$/);
    const withLink = await page.evaluate(pageView);
    // The fold makes the panel taller (as every why? does): the host's size is all that may change.
    const unsized = (view) => ({ ...view, elements: view.elements.map((e) => e.replace(/ style=.*$/, '')) });
    assert.deepEqual(unsized(withLink), unsized(closed), 'with the link: the same elements and attributes (but the host\'s size), frames, messages, globals, timeline');
    const seen = await page.evaluate(probe, { secrets: LINK_ONLY, visible: ['Check my draft'] });
    assert.deepEqual(seen.visibleInText, [['Check my draft', true]], 'the probe does read the page (positive control)');
    assert.deepEqual(seen.secretsInText, [], 'the link\'s text and address are nowhere the page can read');
    assert.deepEqual(seen.secretsFound, [], 'window.find() finds none of them');

    // The user opens it: a tab of the extension's page, at the guideline.
    const mark = session.log.mark();
    const [tab] = await Promise.all([
      session.context.waitForEvent('page', { timeout: 15_000 }),
      clickPanelControl(panel, '[data-rule="confidential-markers"] [data-postcheck="read-guideline"]'),
    ]);
    await tab.waitForLoadState('domcontentloaded', { timeout: 15_000 });
    assert.match(tab.url(), /^chrome-extension:\/\/[a-p]{32}\/guidelines\.html\?pack=acme-e2e#g-confidential$/);
    assert.deepEqual(await page.evaluate(pageView), withLink, 'after the user opened it: the same elements, attributes, frames, messages, globals, timeline, address');
    assert.deepEqual((await page.evaluate(probe, { secrets: LINK_ONLY, visible: ['Check my draft'] })).secretsInText, []);
    assertNoNetwork(session, mark, 'opening the guidelines from the panel');
    await tab.close();
  });

  test('what the page can see: a panel host and a highlight host, the same whatever was flagged; no highlight registry', async () => {
    // Everything the page can read of postcheck's hosts (not what is inside their closed roots).
    const hostsSeen = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('[data-postcheck="panel"], [data-postcheck="overlay"]')].map((h) => {
          const cs = getComputedStyle(h);
          const box = h.getBoundingClientRect();
          return {
            kind: h.getAttribute('data-postcheck'),
            shadowRoot: h.shadowRoot,
            children: h.childNodes.length,
            attributes: [...h.attributes].map((a) => `${a.name}=${a.value}`),
            box: h.getAttribute('data-postcheck') === 'overlay' ? [box.x, box.y, box.width, box.height] : null,
            style: h.getAttribute('data-postcheck') === 'overlay' ? [...cs].map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';') : null,
            highlights: CSS.highlights.size,
          };
        }),
      );
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await page.keyboard.type('Die Zahlen sind streng vertraulich, Fragen an anna.muster@acme.example');
    await runCheck(page, editor);
    const marks = await highlightsWhenDrawn(page, editor, 2, ['streng vertraulich', 'anna.muster@acme.example']);
    assert.deepEqual(marks.map((m) => [m.text, m.level]).sort(), [['anna.muster@acme.example', 'consider'], ['streng vertraulich', 'important']], 'the boxes are drawn (read through the closed root, as the page cannot)');
    const flagged = await hostsSeen();
    assert.deepEqual(flagged.map((h) => [h.kind, h.shadowRoot, h.children, h.highlights]), [['panel', null, 0, 0], ['overlay', null, 0, 0]], 'two hosts, closed roots, no children, CSS.highlights empty');

    await page.keyboard.press('Escape');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Schönes Wochenende!');
    await runCheck(page, editor, { answered: (d) => d.noHints });
    assert.deepEqual(await highlightsWhenDrawn(page, editor, 0), []);
    const clean = await hostsSeen();
    assert.deepEqual(
      clean.map(({ kind, attributes, box, style }) => ({ kind, attributes, box, style })),
      flagged.map(({ kind, attributes, box, style }) => ({ kind, attributes, box, style })),
      'the highlight host looks the same with two passages flagged as with none',
    );
  });

  test('the shortcut into the open panel: the page sees the same focus moves with hints as with none', async () => {
    // What the page can see of the focus: its own focus events and the active element (a postcheck host at most).
    const watchFocus = () =>
      page.evaluate(() => {
        window.__focusSeen = [];
        const name = (n) => (n && n.nodeType === 1 ? `${n.tagName.toLowerCase()}${n.getAttribute('data-postcheck') ? `[${n.getAttribute('data-postcheck')}]` : ''}` : String(n));
        for (const type of ['focusin', 'focusout', 'focus', 'blur']) document.addEventListener(type, (e) => window.__focusSeen.push(`${type}:${name(e.target)}`), true);
      });
    const seenNow = () => page.evaluate(() => ({ events: window.__focusSeen, active: document.activeElement?.getAttribute('data-postcheck') ?? document.activeElement?.tagName.toLowerCase() }));
    const run = async (draft, answered) => {
      await page.goto(URLS.linkedinPost);
      const editor = page.locator(SEL.linkedinPost.quillComment);
      await editor.click();
      await page.keyboard.type(draft);
      await runCheck(page, editor, { answered });
      await watchFocus();
      assert.equal(await pressShortcut(session), 1);
      await until(async () => (await seenNow()).active === 'panel', { timeout: 5_000, message: 'the focus in the panel' });
      return seenNow();
    };
    const flagged = await run('Die Zahlen sind streng vertraulich, Fragen an anna.muster@acme.example', (d) => d.hints.length === 2);
    const clean = await run('Schönes Wochenende!', (d) => d.noHints);
    assert.deepEqual(clean, flagged, 'the same focus events and active element');
    assert.equal(flagged.active, 'panel', 'the page sees the panel host focused (positive control)');
  });

  test('framing panel.html itself (even with the secret) gets the page nothing of the real panel', async () => {
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await page.keyboard.type('streng vertraulich');
    const { panel } = await runCheck(page, editor);
    const frameUrl = (await panelFrame(panel)).url();
    // Even given the frame's full URL (secret included), the site has no window to post
    // to, and a frame of its own with that URL is another document that no content
    // script ever connects to.
    const outcome = await page.evaluate(async (url) => {
      const f = document.createElement('iframe');
      f.src = url;
      document.body.append(f);
      await new Promise((r) => {
        f.addEventListener('load', r, { once: true });
        setTimeout(r, 2_000);
      });
      let read = null;
      try {
        read = f.contentDocument?.body?.innerText ?? null;
      } catch (e) {
        read = `error: ${e.name}`;
      }
      const channel = new MessageChannel();
      const got = new Promise((r) => {
        channel.port1.onmessage = (e) => r(e.data);
        setTimeout(() => r(null), 500);
      });
      f.contentWindow.postMessage({ postcheck: 'connect', secret: new URL(url).hash.slice(1) }, '*', [channel.port2]);
      channel.port1.postMessage({ type: 'result', result: { length: null, hints: [{ rule: 'fake', category: 'values', level: 'important', excerpt: '', message: 'Call +1 555 0100 now', suggestions: [] }] } });
      const answer = await got;
      f.remove();
      return { read, answer };
    }, frameUrl);
    assert.equal(outcome.read, null, 'the site cannot read the panel document');
    // The spoofed frame is the site's own: what it shows is the site's business (it
    // could draw anything itself); it is not postcheck's panel and reaches no hint.
    assert.ok(outcome.answer === null || outcome.answer.type === 'size', `no hint data comes back: ${JSON.stringify(outcome.answer)}`);
    const real = await readPanel(panel);
    assert.deepEqual(real.hints.map((h) => h.rule), ['confidential-markers'], 'the real panel is untouched');
  });

  test('hints render as text: markup in a pack and in a draft never runs, loads or becomes an element', async () => {
    const options = await openOptions(session);
    assert.deepEqual(await importPackFile(options, 'hostile-html.json', 'ACME e2e markup pack'), { ok: true });
    // The options page lists the pack's texts as text too.
    const listed = await options.evaluate(() => ({
      markup: document.querySelectorAll('main img, body img, script:not([src]), [data-pwn]').length,
      pwned: window.__pwned ?? null,
      text: document.body.innerText,
    }));
    assert.equal(listed.markup, 0, 'no element from the pack on the options page');
    assert.equal(listed.pwned, null);
    assert.ok(listed.text.includes('<b data-pwn>'), 'the options page shows the markup as text');
    await options.close();
    for (const origin of ['https://x.com', 'https://www.linkedin.com']) {
      await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    }

    for (const composer of [COMPOSERS[0], COMPOSERS[2]]) {
      await page.goto(composer.url);
      await page.evaluate(() => {
        window.__pwned = null;
      });
      await composer.open(page);
      const editor = page.locator(composer.editor);
      await editor.click();
      const draft = `Projekt Orion auf Github, siehe <img src=x onerror="window.__pwned='draft'"> bis Montag`;
      await page.keyboard.type(draft);
      await page.waitForFunction(([n, t]) => window.__fixture.text(n) === t, [composer.fixture, draft]);
      const mark = session.log.mark();
      const { panel, data } = await runCheck(page, editor);
      const byRule = Object.fromEntries(data.hints.map((h) => [h.rule, h]));
      assert.deepEqual(Object.keys(byRule).sort(), ['brand-markup', 'code-name', 'markup-in-draft']);
      assert.equal(byRule['code-name'].message, `<img src=x onerror="window.__pwned='message'"><b data-pwn>Orion</b> is a code name.`);
      assert.equal(byRule['markup-in-draft'].excerpt, `<img src=x onerror="window.__pwned='draft'">`);
      assert.equal(byRule['markup-in-draft'].message, `Markup in the draft: <img src=x onerror="window.__pwned='draft'">`);
      const frame = await panelFrame(panel);
      await frame.locator('[data-postcheck="why"] summary').first().click();
      const inFrame = await frame.evaluate(() => ({
        elements: document.querySelectorAll('img, script:not([src]), b, i, [data-pwn], [onerror]').length,
        pwned: window.__pwned ?? null,
        text: document.body.innerText,
      }));
      assert.equal(inFrame.elements, 0, 'no element from pack or draft text in the panel');
      assert.equal(inFrame.pwned, null);
      for (const s of [`window.__pwned='guideline'">Code names`, `<script>window.__pwned='guideline-script'</script>`, `window.__pwned='contact'">Comms`]) {
        assert.ok(inFrame.text.includes(s), `shown as text: ${s}`);
      }
      // "copy suggestion" copies the markup as the text it is.
      await (await panelControl(panel, '[data-postcheck="hint"][data-rule="brand-markup"] [data-postcheck="copy"]')).click();
      assert.equal(
        await until(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 5_000, message: 'the clipboard' }),
        `<img src=x onerror="window.__pwned='swap'">GitHub`,
      );
      assert.equal(await page.evaluate(() => window.__pwned), null, 'nothing ran in the page');
      assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0, 'no image in the page');
      assert.ok(!session.log.since(mark).some((e) => /\/x(\?|$)/.test(new URL(e.url).pathname)), 'nothing tried to load the src=x of the markup');
      assertNoNetwork(session, mark, `${composer.name}: markup in pack and draft`);
      const post = composer === COMPOSERS[0] ? page.locator(SEL.x.inlinePost) : page.locator(SEL.linkedinNew.dialog).getByRole('button', { name: 'Post', exact: true });
      await post.click();
      assert.deepEqual((await posted(page)).at(-1).texts, [draft], 'the draft with its markup is posted as typed');
    }
  });
});
