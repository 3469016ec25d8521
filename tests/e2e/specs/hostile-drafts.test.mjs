// Hostile drafts in real editors: unpaired UTF-16 put into the editor by the
// page, right-to-left text and bidi controls, ZWJ sequences and flags at span
// edges, combining marks, BOM, NUL and control characters, every kind of line
// break (typed, and written into the text by the page), a 100,000-character
// word. For each, in Draft.js (X), Tiptap (LinkedIn new) and Quill (LinkedIn
// classic): the panel answers (nothing hangs, no error), every highlighted
// range holds exactly its hint's excerpt at a place in the editor where that
// text is, the editor's text is untouched, and Post submits it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch } from '../lib/harness.mjs';
import { linkedinNewPost, posted, SEL, URLS } from '../lib/fixtures.mjs';
import { assertNoNetwork, highlightsWhenDrawn, importPackFile, openOptions, readHighlights, runCheck } from '../lib/postcheck.mjs';

const EDITORS = {
  'X (Draft.js)': {
    url: URLS.x,
    open: async () => {},
    editor: SEL.x.inlineEditor,
    fixture: 'inline',
    post: (page) => page.locator(SEL.x.inlinePost),
    limit: 280,
  },
  'LinkedIn new (Tiptap)': {
    url: URLS.linkedinNew,
    open: (page) => page.locator(SEL.linkedinNew.trigger).click(),
    editor: SEL.linkedinNew.editor,
    fixture: 'share',
    post: linkedinNewPost,
    limit: 3000,
  },
  'LinkedIn classic (Quill in a shadow root)': {
    url: URLS.linkedinClassic,
    open: (page) => page.locator(SEL.linkedinClassic.trigger).click(),
    editor: SEL.linkedinClassic.editor,
    fixture: 'share',
    post: (page) => page.locator(SEL.linkedinClassic.post),
    limit: 3000,
  },
};

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The drafts. Each step is text inserted by the page (`document.execCommand('insertText')`,
 * which keeps unpaired surrogates), `{ type }` typed on the keyboard, a `{ key }` pressed
 * (Draft.js breaks on insertText into an empty block), or `{ append }`: text the page writes
 * straight into the editor's last text node. `required` excerpts must be among the
 * hints; `dom` must match the editor's text (the hostile part really is there).
 */
const DRAFTS = [
  {
    name: 'unpaired surrogates put into the editor by the page',
    steps: ['a\uD800b ', 'streng vertraulich', ' \uDC00 x\uDBFFy ', 'anna.muster@acme.example', ' \uD83D ende Q\uD800Q.'],
    // The last: a span over an unpaired surrogate (the excerpt holds U+FFFD in its place).
    required: ['streng vertraulich', 'anna.muster@acme.example', 'Q\uFFFDQ'],
    dom: LONE,
  },
  {
    name: 'unpaired surrogates at span edges',
    steps: ['x \uD800streng vertraulich\uDC00 y \uDBFFanna.muster@acme.example\uDC00 z'],
    required: [],
    dom: LONE,
  },
  {
    name: 'right-to-left text and bidi controls',
    steps: ['שלום, ', 'המסמך סודי ביותר', ' و هذا سري للغاية ', '\u202B streng vertraulich \u202C ', '\u2067 anna.muster@acme.example \u2069', ' \u202Eטקסט הפוך\u202C'],
    required: ['סודי ביותר', 'سري للغاية', 'streng vertraulich', 'anna.muster@acme.example'],
    dom: /[\u202B\u2067\u202E]/,
  },
  {
    name: 'ZWJ sequences and flags at span edges',
    steps: ['👩🏽‍💻streng vertraulich🇨🇭 ', '🇨🇭‍streng vertraulich‍👩 ', 'streng vertraulich\u200D🚀 ', '🏳️‍🌈anna.muster@acme.example🏳️‍⚧️ ', '👨‍👩‍👧‍👦🇺🇳🇪🇺 streng vertraulich'],
    required: ['streng vertraulich'],
    dom: /\u200D/,
  },
  {
    name: 'combining marks, a BOM, NUL and control characters',
    steps: ['\uFEFFstreng vertraulich ', 'e\u0301\u0301 streng vertraulich\u0301 ', 'nul\u0000 bel\u0007 esc\u001B[31m del\u007F ', 'anna.muster@acme.example'],
    required: ['anna.muster@acme.example'],
    dom: /\uFEFF|\u0301/,
  },
  {
    name: 'line breaks typed: Enter and Shift+Enter, an empty line',
    steps: [
      { type: 'streng vertraulich' },
      { key: 'Enter' },
      { type: 'anna.muster@acme.example' },
      { key: 'Shift+Enter' },
      { type: 'streng vertraulich' },
      { key: 'Enter' },
      { key: 'Enter' },
      { type: 'b.muster@acme.example' },
    ],
    required: ['streng vertraulich', 'anna.muster@acme.example', 'b.muster@acme.example'],
  },
  {
    name: 'every kind of line break written into the text by the page',
    steps: [
      'anfang ',
      { append: 'streng vertraulich\r\nanna.muster@acme.example\rstreng vertraulich\u2028b.muster@acme.example\u2029streng vertraulich\u0085c.muster@acme.example\u000Bstreng vertraulich\u000Cd.muster@acme.example\nstreng vertraulich ende' },
    ],
    required: ['streng vertraulich', 'anna.muster@acme.example', 'b.muster@acme.example'],
    dom: /[\r\u2028\u2029\u0085\u000B\u000C]/,
  },
  {
    // Just under the worker's limit of 100,000 UTF-16 units for a whole draft.
    name: 'a 99,900-character word',
    steps: ['streng vertraulich ', 'w'.repeat(99_900), ' anna.muster@acme.example'],
    required: ['streng vertraulich', 'anna.muster@acme.example'],
    long: true,
  },
];

/** The editor's text as the DOM holds it (every text node, in order), and as the fixture's editor model holds it. */
function texts(page, editor, fixture) {
  return editor.evaluate((ed, name) => {
    const all = document.createRange();
    all.selectNodeContents(ed);
    return { dom: all.toString(), model: window.__fixture.text(name) };
  }, fixture);
}

/** Runs one step in the page. */
async function step(page, editor, s) {
  if (typeof s === 'string') {
    await page.evaluate((t) => document.execCommand('insertText', false, t), s);
  } else if (s.type) {
    await page.keyboard.type(s.type);
  } else if (s.key) {
    await page.keyboard.press(s.key);
  } else if (s.append) {
    await editor.evaluate((ed, t) => {
      const walker = document.createTreeWalker(ed, NodeFilter.SHOW_TEXT);
      let last = null;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) last = n;
      last.data += t;
    }, s.append);
  }
}

describe('hostile drafts in real editors', () => {
  let session;
  let page;
  before(async () => {
    session = await launch({ name: 'hostile-drafts' });
    const options = await openOptions(session);
    assert.deepEqual(await importPackFile(options, 'hostile-drafts.json', 'ACME e2e hostile drafts'), { ok: true });
    await options.close();
    page = await session.context.newPage();
  });
  after(async () => {
    await session?.close();
  });

  for (const [editorName, E] of Object.entries(EDITORS)) {
    for (const draft of DRAFTS) {
      test(`${editorName}: ${draft.name}`, async (t) => {
        const errors = [];
        page.on('pageerror', (e) => errors.push(e.message));
        try {
          await page.goto(E.url);
          await E.open(page);
          const editor = page.locator(E.editor);
          await editor.click();
          // Typed first: Draft.js breaks on execCommand('insertText') into an empty editor.
          await page.keyboard.type('» ');
          for (const s of draft.steps) await step(page, editor, s);
          // Let the editor settle on what it holds (Quill and ProseMirror read DOM changes back).
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
          const before = await texts(page, editor, E.fixture);
          if (draft.dom) assert.match(before.dom, draft.dom, 'the hostile characters are in the editor');
          const mark = session.log.mark();

          const { data } = await runCheck(page, editor);
          assert.equal(data.error, null, `no error: ${data.error}`);
          const excerpts = data.hints.map((h) => h.excerpt).filter((e) => e);
          for (const r of draft.required) assert.ok(excerpts.includes(r), `"${r}" is found: ${JSON.stringify(excerpts)}`);
          if (draft.long) assert.match((data.length ?? '').replace(/[^\d/]/g, ''), new RegExp(`^99\\d{3}/${E.limit}$`), `the length: ${data.length}`);

          // Every excerpt highlighted once per hint, each range exactly on that text in the editor.
          const ranges = excerpts.length ? await highlightsWhenDrawn(page, editor, excerpts.length, excerpts) : await readHighlights(page, editor);
          const now = await texts(page, editor, E.fixture);
          assert.deepEqual(
            ranges.map((r) => r.text.toWellFormed()).sort(),
            [...excerpts].sort(),
            'the highlighted ranges are the excerpts (an unpaired surrogate reads as U+FFFD in both)',
          );
          const starts = new Set();
          for (const r of ranges) {
            assert.ok(r.inside, `the range of ${JSON.stringify(r.text)} lies in the editor`);
            assert.equal(now.dom.slice(r.start, r.start + r.text.length), r.text, 'the range sits where its text is');
            assert.ok(!starts.has(r.start), 'one range per place');
            starts.add(r.start);
          }
          t.diagnostic(`${excerpts.length} hints: ${JSON.stringify(excerpts.map((e) => (e.length > 40 ? `${e.slice(0, 40)}…` : e)))}`);

          // Nothing was written into the editor; Post submits what it holds.
          assert.ok(now.dom === before.dom && now.model === before.model, 'the editor is untouched');
          assertNoNetwork(session, mark, draft.name);
          const post = E.post(page);
          if (await post.isEnabled()) {
            // A 99,900-character word makes the page some 60,000 px tall; Chromium's
            // DOM.scrollIntoViewIfNeeded (what Playwright's click uses) then leaves
            // Post below the viewport. Scroll as a user would.
            await post.evaluate((b) => b.scrollIntoView({ block: 'center' }));
            await post.click();
            const sent = (await posted(page)).at(-1)?.texts;
            assert.ok(sent?.length === 1 && sent[0] === before.model, `Post submits the editor's text (${sent?.[0]?.length} of ${before.model.length} units)`);
          }
          assert.deepEqual(errors, [], 'no uncaught error in the page');
        } finally {
          page.removeAllListeners('pageerror');
        }
      });
    }
  }

  test('empty and whitespace-only drafts: no hint, no error; an empty one has nothing to check yet', async () => {
    for (const E of Object.values(EDITORS)) {
      for (const text of ['', ' \t  \u00A0 \u3000 ']) {
        await page.goto(E.url);
        await E.open(page);
        const editor = page.locator(E.editor);
        await editor.click();
        if (text) {
          await page.keyboard.type(' ');
          await step(page, editor, text);
        }
        const { data } = await runCheck(page, editor);
        assert.equal(data.error, null);
        assert.deepEqual(data.hints, []);
        if (data.length?.startsWith('0 /')) assert.equal(data.nothingToCheck, true, `${E.url}: an empty draft is not called clean`);
        else assert.equal(data.noHints, true);
      }
    }
  });
});
