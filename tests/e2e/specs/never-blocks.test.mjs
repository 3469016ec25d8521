// Never blocks: on every composer (X timeline, X compose-modal thread, LinkedIn
// classic share box, LinkedIn new share box, LinkedIn comment box), checking
// never disables, covers, delays or intercepts the Post button or X's posting
// shortcut (Ctrl/Cmd+Enter); what is posted is exactly what was typed, with the
// panel open and after closing it. When the engine cannot run (the wasm file
// missing from the build, or a stored pack the engine refuses), the panel says
// so in plain words and posting works as if the extension were absent.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { copyExtension, launch, readPack, stopServiceWorker } from '../lib/harness.mjs';
import { linkedinNewPost, posted, SEL, URLS } from '../lib/fixtures.mjs';
import { assertNoNetwork, openOptions, panelFor, runCheck, until } from '../lib/postcheck.mjs';

const MARKED = '👩🏽‍💻🇨🇭 Launch heute 🎉 die Zahlen sind streng vertraulich, danke!';

/** Types into the focused editor and waits until the fixture's model has it. */
async function typeInto(page, editor, text, fixtureName) {
  await editor.click();
  await page.keyboard.type(text);
  if (fixtureName) await page.waitForFunction(([n, t]) => window.__fixture.text(n) === t, [fixtureName, text]);
}

/**
 * The composers. `prepare(page)` opens the composer and types a draft; it
 * returns the editor to check, the Post button, and the record the fixture
 * must keep when it posts.
 */
const COMPOSERS = [
  {
    name: 'X timeline composer',
    url: URLS.x,
    shortcut: true,
    async prepare(page) {
      const editor = page.locator(SEL.x.inlineEditor);
      await typeInto(page, editor, MARKED, 'inline');
      return { editor, post: page.locator(SEL.x.inlinePost), record: { composer: 'inline', texts: [MARKED] } };
    },
  },
  {
    name: 'X compose modal, thread of two parts',
    url: URLS.x,
    shortcut: true,
    async prepare(page) {
      await page.locator(SEL.x.openModal).click();
      const first = '🧵 Teil eins ist streng vertraulich';
      await typeInto(page, page.locator(SEL.x.modalEditor(0)), first, 'modal:0');
      await page.locator(SEL.x.addButton).click();
      const editor = page.locator(SEL.x.modalEditor(1));
      await editor.waitFor();
      await typeInto(page, editor, MARKED, 'modal:1');
      return { editor, post: page.locator(SEL.x.modalPost), record: { composer: 'modal', texts: [first, MARKED] } };
    },
  },
  {
    name: 'LinkedIn classic share box (Quill in a shadow root)',
    url: URLS.linkedinClassic,
    async prepare(page) {
      await page.locator(SEL.linkedinClassic.trigger).click();
      const editor = page.locator(SEL.linkedinClassic.editor);
      await typeInto(page, editor, MARKED, 'share');
      return { editor, post: page.locator(SEL.linkedinClassic.post), record: { composer: 'share', texts: [MARKED] } };
    },
  },
  {
    name: 'LinkedIn new share box (Tiptap in a <dialog>)',
    url: URLS.linkedinNew,
    async prepare(page) {
      await page.locator(SEL.linkedinNew.trigger).click();
      const editor = page.locator(SEL.linkedinNew.editor);
      await typeInto(page, editor, MARKED, 'share');
      return { editor, post: linkedinNewPost(page), record: { composer: 'share', texts: [MARKED] } };
    },
  },
  {
    name: 'LinkedIn comment box (Tiptap)',
    url: URLS.linkedinClassic,
    async prepare(page) {
      const editor = page.locator(SEL.linkedinClassic.commentEditor);
      await typeInto(page, editor, MARKED, 'comment');
      return { editor, post: page.locator(SEL.linkedinClassic.commentSubmit), record: { composer: 'comment', texts: [MARKED] } };
    },
  },
];

/** Everything about the Post button that could block it: state, style, and whether a click at its centre reaches it. */
function postState(post) {
  return post.evaluate((b) => {
    const style = getComputedStyle(b);
    const r = b.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    // What a click at its centre hits, looking into open shadow roots.
    let hit = document.elementFromPoint(x, y);
    while (hit?.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    return {
      disabled: b.disabled ?? null,
      ariaDisabled: b.getAttribute('aria-disabled'),
      hidden: b.hidden,
      inert: b.closest('[inert]') !== null,
      pointerEvents: style.pointerEvents,
      visibility: style.visibility,
      display: style.display,
      html: b.outerHTML,
      reachable: hit === b || b.contains(hit),
    };
  });
}

/**
 * Records, in the page, every click, keydown and submit when it has travelled
 * through the whole page (bubble phase on window): how many posts the fixture
 * had recorded by then. A post made during that event's dispatch (not later,
 * not never) shows in its own record.
 */
function watchPosting(page) {
  return page.evaluate(() => {
    window.__postEvents = [];
    for (const type of ['click', 'keydown', 'submit']) {
      window.addEventListener(type, (e) => {
        window.__postEvents.push({ type, key: e.key ?? null, trusted: e.isTrusted, posts: window.__posted.length });
      });
    }
  });
}

/** How to post: a click on Post, or Ctrl+Enter in the editor (X). */
async function postNow(page, post, how) {
  if (how === 'click') await post.click();
  else await page.keyboard.press('Control+Enter');
}

/**
 * Checks the draft, keeps the panel open or closes it, then posts; asserts the
 * Post button was untouched and the post is exactly the typed draft.
 */
async function checkThenPost(session, page, composer, { panel, how, expectError = null }) {
  await page.goto(composer.url);
  const mark = session.log.mark();
  const { editor, post, record } = await composer.prepare(page);
  const before = await postState(post);
  assert.equal(before.reachable, true, 'Post can be clicked before the check');

  const { data } = await runCheck(page, editor);
  if (expectError) {
    assert.ok(data.error, `the panel says why the draft was not checked: ${JSON.stringify(data)}`);
    assert.match(data.error, expectError);
    assert.doesNotMatch(data.error, /TypeError|WebAssembly|wasm|fetch|chrome-extension:|\bat \S+ \(|undefined|null/, 'plain words, no stack trace');
  } else {
    assert.ok(data.hints.some((h) => h.excerpt === 'streng vertraulich'), `the draft was checked: ${JSON.stringify(data.hints)}`);
  }
  assert.deepEqual(await postState(post), before, 'with the panel open, Post is exactly as before the check');

  if (panel === 'closed') {
    await page.keyboard.press('Escape');
    await until(async () => (await panelFor(page, editor)) === null, { timeout: 5_000, message: 'the panel to close' });
    assert.deepEqual(await postState(post), before, 'after closing the panel, Post is exactly as before the check');
  } else {
    assert.ok(await panelFor(page, editor), 'the panel is still open');
  }

  await watchPosting(page);
  const postsBefore = (await posted(page)).length;
  await postNow(page, post, how);
  // Read at once: a post that waited for anything would not be there yet.
  const after = await posted(page);
  const events = await page.evaluate(() => window.__postEvents);
  assert.deepEqual(after.slice(postsBefore), [record], `exactly the typed text was posted; events seen: ${JSON.stringify(events)}`);
  const trigger = events.filter((e) => e.trusted && (how === 'click' ? e.type === 'click' || e.type === 'submit' : e.type === 'keydown' && e.key === 'Enter'));
  assert.ok(trigger.length > 0, `the ${how} went through the whole page (nothing stopped it): ${JSON.stringify(events)}`);
  assert.equal(Math.max(...trigger.map((e) => e.posts)), postsBefore + 1, `the post happened while the ${how} was being dispatched: ${JSON.stringify(events)}`);
  assertNoNetwork(session, mark, `${composer.name}: check and post`);
}

describe('never blocks: a working engine', () => {
  let session;
  let page;
  before(async () => {
    session = await launch({ name: 'never-blocks' });
    page = await session.context.newPage();
  });
  after(async () => {
    await session?.close();
  });

  for (const composer of COMPOSERS) {
    for (const panel of ['open', 'closed']) {
      test(`${composer.name}: Post clicked with the panel ${panel}`, async () => {
        await checkThenPost(session, page, composer, { panel, how: 'click' });
      });
      if (composer.shortcut) {
        test(`${composer.name}: Ctrl+Enter with the panel ${panel}`, async () => {
          await checkThenPost(session, page, composer, { panel, how: 'shortcut' });
        });
      }
    }
  }

  // Last: these replace the stored pack.
  for (const [what, entry] of [
    ['a stored pack the engine refuses', () => ({ json: JSON.stringify(readPack('broken.json')), source: { type: 'file', name: 'broken.json' }, importedAt: '2026-11-25T08:00:00.000Z' })],
    ['a damaged storage entry', () => 'not a pack'],
  ]) {
    test(`${what}: after a worker restart the panel says the starter pack stood in; Post works`, async () => {
      const options = await openOptions(session);
      // Written where earlier versions kept their single pack: moved into the list on the next read.
      await options.evaluate((value) => chrome.storage.local.set({ activePack: value }), entry());
      await options.close();
      assert.equal(await stopServiceWorker(session), 1, 'the service worker was stopped');
      for (const composer of [COMPOSERS[0], COMPOSERS[3]]) {
        await page.goto(composer.url);
        const { editor, post, record } = await composer.prepare(page);
        const before = await postState(post);
        const { data } = await runCheck(page, editor);
        assert.match(data.error ?? '', /rule pack could not be loaded.*starter pack/i, `the panel says so: ${JSON.stringify(data)}`);
        assert.ok(data.hints.length > 0, 'the starter pack checked the draft');
        assert.deepEqual(await postState(post), before);
        await post.click();
        assert.deepEqual((await posted(page)).at(-1), record);
      }
    });
  }
});

describe('never blocks: the engine cannot load (no wasm in the build)', () => {
  let session;
  let page;
  let copy;
  before(async () => {
    copy = copyExtension({ without: ['postcheck_wasm_bg.wasm'] });
    session = await launch({ extensionDir: copy.dir, name: 'never-blocks-no-engine' });
    page = await session.context.newPage();
  });
  after(async () => {
    await session?.close();
    copy?.remove();
  });

  for (const composer of COMPOSERS) {
    test(`${composer.name}: the panel says the draft was not checked; Post works`, async () => {
      await checkThenPost(session, page, composer, { panel: 'open', how: 'click', expectError: /could not start its rule engine.*post as usual/i });
    });
  }
  test('X: Ctrl+Enter works too, after closing the error panel', async () => {
    await checkThenPost(session, page, COMPOSERS[0], { panel: 'closed', how: 'shortcut', expectError: /could not start its rule engine/i });
  });
});
