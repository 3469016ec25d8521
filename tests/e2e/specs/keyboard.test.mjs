// Keyboard paths: the "Check my draft" button names the keyboard shortcut
// (tooltip and aria-keyshortcuts) as the browser has it, and nothing when none
// is set; closing the panel from inside it (Escape, or the close button by
// keyboard) gives the focus back to the editor, with the caret where it was.
// On every fixture, with the panel open: the shortcut (its message, as the
// worker sends it) moves the focus from the editor into the panel (the first
// hint) without checking again (in Quill, Tab types a tab: this is the way to
// the hints) and, pressed there, back to the editor; Tab and Shift+Tab reach
// every control of the panel, and Escape
// gives the focus back to the editor at the caret.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyExtension, launch } from '../lib/harness.mjs';
import { editorText, SEL, URLS } from '../lib/fixtures.mjs';
import { activateE2EPack, checkButtonFor, panelFor, panelFrame, readPanel, runCheck, until } from '../lib/postcheck.mjs';

/** The button's attributes that name the shortcut, once the worker's warm answer is in (or after the check). */
function shortcutAttributes(button) {
  return button.evaluate((b) => ({ title: b.getAttribute('title'), keys: b.getAttribute('aria-keyshortcuts') }));
}

/** True while the focus is in the editor (or inside it), as the page sees it. */
function editorHasFocus(editor) {
  return editor.evaluate((ed) => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return document.hasFocus() && active !== null && (active === ed || ed.contains(active));
  });
}

/** What has the focus in the page, for messages. */
function describeFocus(page) {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active ? `${active.tagName.toLowerCase()}${active.getAttribute('data-postcheck') ? `[data-postcheck=${active.getAttribute('data-postcheck')}]` : ''}` : 'nothing';
  });
}

/**
 * Presses Tab (as the user does) until the panel's close button has the focus
 * inside the panel's frame; at most `max` presses.
 */
async function tabToClose(page, panel, max = 12) {
  const frame = await until(() => panelFrame(panel), { timeout: 5_000, message: 'the panel frame' });
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const there = await frame.evaluate(() => document.hasFocus() && document.activeElement?.getAttribute('data-postcheck') === 'close').catch(() => false);
    if (there) return frame;
  }
  throw new Error(`the close button of the panel was not reached with ${max} presses of Tab; the focus is on ${await describeFocus(page)}`);
}

/**
 * Checks the draft typed in `editor`, moves the focus into the panel by
 * keyboard, closes it with `key` there (Escape, or Enter on the close button),
 * and asserts that the focus is back in the editor with the caret at the end
 * of the draft (where it was): a character typed then lands at the end.
 */
async function closeFromInside(page, editor, { draft, key, fixture }) {
  await editor.click();
  await page.keyboard.type(draft);
  const { panel } = await runCheck(page, editor);
  await tabToClose(page, panel);
  assert.equal(await editorHasFocus(editor), false, 'the focus left the editor for the panel');
  await page.keyboard.press(key);
  await until(async () => (await panelFor(page, editor)) === null, { timeout: 5_000, message: `the panel to close on ${key}` });
  await until(() => editorHasFocus(editor), { timeout: 5_000, message: 'the focus back in the editor' }).catch(async (e) => {
    throw new Error(`${e.message}; the focus is on ${await describeFocus(page)}`);
  });
  await page.keyboard.type('!');
  assert.equal(await until(() => editorText(page, fixture).then((text) => (text !== draft ? text : null)), { timeout: 5_000, message: 'the typed "!"' }), `${draft}!`, 'typing goes on where the caret was');
}

describe('keyboard', () => {
  let session;
  let page;
  before(async () => {
    session = await launch({ name: 'keyboard' });
    page = await session.context.newPage();
  });
  after(async () => {
    await session?.close();
  });

  test('the button names the shortcut in its tooltip and aria-keyshortcuts, once the editor is used', async () => {
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    const button = await checkButtonFor(page, editor);
    await editor.click();
    await page.keyboard.type('Hallo zusammen');
    const shown = await until(
      async () => {
        const a = await shortcutAttributes(button);
        return a.title ? a : null;
      },
      { timeout: 10_000, message: 'the shortcut on the button' },
    );
    assert.deepEqual(shown, { title: 'Check my draft (Alt+Shift+K)', keys: 'Alt+Shift+K' });

    await page.goto(URLS.linkedinNew);
    await page.locator(SEL.linkedinNew.trigger).click();
    const linkedinEditor = page.locator(SEL.linkedinNew.editor);
    await linkedinEditor.click();
    await page.keyboard.type('Hallo zusammen');
    const linkedinButton = await checkButtonFor(page, linkedinEditor);
    // A new page: the shortcut comes with its first warm answer.
    assert.deepEqual(
      await until(
        async () => {
          const a = await shortcutAttributes(linkedinButton);
          return a.title ? a : null;
        },
        { timeout: 10_000, message: 'the shortcut on the LinkedIn button' },
      ),
      { title: 'Check my draft (Alt+Shift+K)', keys: 'Alt+Shift+K' },
    );
  });

  test('X: Escape in the panel gives the focus back to the editor, caret in place', async () => {
    await page.goto(URLS.x);
    await closeFromInside(page, page.locator(SEL.x.inlineEditor), { draft: 'Die Zahlen sind streng vertraulich', key: 'Escape', fixture: 'inline' });
  });

  test('X: the close button pressed by keyboard gives the focus back to the editor', async () => {
    await page.goto(URLS.x);
    await closeFromInside(page, page.locator(SEL.x.inlineEditor), { draft: 'Ein Entwurf', key: 'Enter', fixture: 'inline' });
  });

  test('LinkedIn new: Escape in the panel gives the focus back to the editor, and the share box stays open', async () => {
    await page.goto(URLS.linkedinNew);
    await page.locator(SEL.linkedinNew.trigger).click();
    const editor = page.locator(SEL.linkedinNew.editor);
    await editor.waitFor();
    await closeFromInside(page, editor, { draft: 'Roadmap: internal only', key: 'Escape', fixture: 'share' });
    assert.equal(await page.locator(SEL.linkedinNew.dialog).evaluate((d) => d.open), true, 'the share box stays open');
  });
});

describe('keyboard: no shortcut set', () => {
  let session;
  let copy;
  before(async () => {
    // The browser's shortcut settings cannot be driven from a test: an
    // extension whose command has no suggested key has no shortcut set.
    copy = copyExtension();
    const file = join(copy.dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    assert.ok(manifest.commands['check-draft'].suggested_key, 'the built manifest suggests a key');
    delete manifest.commands['check-draft'].suggested_key;
    writeFileSync(file, JSON.stringify(manifest));
    session = await launch({ name: 'keyboard-no-shortcut', extensionDir: copy.dir });
  });
  after(async () => {
    await session?.close();
    copy?.remove();
  });

  test('the button names no shortcut', async () => {
    const page = await session.context.newPage();
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await page.keyboard.type('Hallo zusammen');
    // The check is asked after the warm-up (sent on the first key press): its answer comes later.
    const { button } = await runCheck(page, editor);
    assert.deepEqual(await shortcutAttributes(button), { title: null, keys: null });
  });
});

/** The keyboard shortcut's message, as the worker sends it (commands API) to every tab; returns how many took it. */
function pressShortcut(session) {
  return session.currentWorker().evaluate(async () => {
    let sent = 0;
    for (const tab of await chrome.tabs.query({})) sent += await chrome.tabs.sendMessage(tab.id, { kind: 'run-check' }).then(() => 1, () => 0);
    return sent;
  });
}

/** Counts the checks the worker is asked for from now on; returns a reader of the count. */
async function countChecks(session) {
  await session.currentWorker().evaluate(() => {
    globalThis.__e2eKeyboardChecks = 0;
    if (!globalThis.__e2eKeyboardCounting) {
      globalThis.__e2eKeyboardCounting = true;
      chrome.runtime.onMessage.addListener((m) => {
        if (m && m.kind === 'check') globalThis.__e2eKeyboardChecks++;
        return false;
      });
    }
  });
  return () => session.currentWorker().evaluate(() => globalThis.__e2eKeyboardChecks);
}

/** What has the focus in the panel's frame (null when the frame has none). */
function frameFocus(frame) {
  return frame
    .evaluate(() => {
      if (!document.hasFocus()) return null;
      const a = document.activeElement;
      if (!a || a === document.body) return 'body';
      const hint = a.closest('[data-postcheck="hint"]');
      const index = hint ? [...document.querySelectorAll('[data-postcheck="hint"]')].indexOf(hint) : -1;
      return `${a.tagName.toLowerCase()}${a.getAttribute('data-postcheck') ? `[${a.getAttribute('data-postcheck')}]` : ''}#${index}`;
    })
    .catch(() => null);
}

/** Every control of the panel's frame that the keyboard must reach, named as frameFocus names them. */
function frameControls(frame) {
  return frame.evaluate(() =>
    [...document.querySelectorAll('button, summary, a[href], [tabindex="0"]')]
      .filter((c) => c.checkVisibility())
      .map((a) => {
        const hint = a.closest('[data-postcheck="hint"]');
        const index = hint ? [...document.querySelectorAll('[data-postcheck="hint"]')].indexOf(hint) : -1;
        return `${a.tagName.toLowerCase()}${a.getAttribute('data-postcheck') ? `[${a.getAttribute('data-postcheck')}]` : ''}#${index}`;
      }),
  );
}

/**
 * On one composer: types `draft`, checks it with the button, then by keyboard
 * only: the shortcut moves the focus onto the first hint (no second check),
 * Shift+Tab reaches the close button, Tab from there every control, and Escape
 * gives the focus back to the editor where the caret was.
 */
async function walkByKeyboard(session, page, editor, { draft, fixture }) {
  await editor.click();
  await page.keyboard.type(draft);
  const { panel, data } = await runCheck(page, editor);
  assert.ok(data.hints.length >= 2, `the draft has hints: ${JSON.stringify(data.hints)}`);
  assert.equal(await editorHasFocus(editor), true, 'the editor kept the focus through the click on the button');
  const frame = await panelFrame(panel);
  const checks = await countChecks(session);

  assert.equal(await pressShortcut(session), 1, 'the shortcut message reached the content script');
  assert.equal(await until(() => frameFocus(frame), { timeout: 5_000, message: 'the focus in the panel' }), 'article[hint]#0', 'the shortcut put the focus on the first hint');
  assert.equal(await checks(), 0, 'the shortcut with the panel open on this draft did not check again');
  assert.deepEqual((await readPanel(panel)).hints, data.hints, 'the panel still shows the same hints');
  // The shortcut again, from the panel: back to the editor (no check), and once more: into the panel.
  assert.equal(await pressShortcut(session), 1);
  await until(() => editorHasFocus(editor), { timeout: 5_000, message: 'the shortcut in the panel to give the focus back to the editor' });
  assert.equal(await pressShortcut(session), 1);
  assert.equal(await until(() => frameFocus(frame), { timeout: 5_000, message: 'the focus in the panel again' }), 'article[hint]#0');
  assert.equal(await checks(), 0, 'going back and forth checked nothing');

  const controls = await frameControls(frame);
  assert.ok(controls.includes('button[close]#-1') && controls.length >= 2, `the panel's controls: ${controls}`);
  await page.keyboard.press('Shift+Tab');
  assert.equal(await frameFocus(frame), 'button[close]#-1', 'Shift+Tab from the first hint reaches the close button');
  const reached = ['button[close]#-1'];
  for (let i = 0; i < controls.length + 2; i++) {
    await page.keyboard.press('Tab');
    const now = await frameFocus(frame);
    if (now === null) break;
    reached.push(now);
  }
  assert.deepEqual([...new Set(reached)].sort(), [...controls].sort(), 'Tab reaches every control of the panel, in order, and then leaves it');
  // Back into the panel from the page (its last control), and Escape there.
  await page.keyboard.press('Shift+Tab');
  assert.equal(await frameFocus(frame), controls[controls.length - 1], 'Shift+Tab from the page comes back to the last control');
  await page.keyboard.press('Escape');
  await until(async () => (await panelFor(page, editor)) === null, { timeout: 5_000, message: 'the panel to close on Escape' });
  await until(() => editorHasFocus(editor), { timeout: 5_000, message: 'the focus back in the editor' }).catch(async (e) => {
    throw new Error(`${e.message}; the focus is on ${await describeFocus(page)}`);
  });
  await page.keyboard.type('!');
  assert.equal(await until(() => editorText(page, fixture).then((text) => (text !== draft ? text : null)), { timeout: 5_000, message: 'the typed "!"' }), `${draft}!`, 'typing goes on where the caret was');
}

describe('keyboard: the shortcut moves the focus into the open panel, every control is reached, on every fixture', () => {
  let session;
  let page;
  const draft = 'Numbers are streng vertraulich, write to anna.muster@acme.example';
  before(async () => {
    session = await launch({ name: 'keyboard-panel' });
    await activateE2EPack(session);
    page = await session.context.newPage();
  });
  after(async () => {
    await session?.close();
  });

  test('LinkedIn classic share box (Quill: Tab types a tab)', async () => {
    await page.goto(URLS.linkedinClassic);
    await page.locator(SEL.linkedinClassic.trigger).click();
    const editor = page.locator(SEL.linkedinClassic.editor);
    await editor.waitFor();
    // The problem: in Quill, Tab types a tab (it does not move the focus).
    await editor.click();
    await page.keyboard.press('Tab');
    assert.equal(await editorText(page, 'share'), '\t', 'Tab typed a tab in Quill');
    await page.keyboard.press('Backspace');
    await walkByKeyboard(session, page, editor, { draft, fixture: 'share' });
  });

  test('LinkedIn post page: Quill comment box', async () => {
    await page.goto(URLS.linkedinPost);
    await walkByKeyboard(session, page, page.locator(SEL.linkedinPost.quillComment), { draft, fixture: 'comment' });
  });

  test('LinkedIn post page: plaintext-only reply box', async () => {
    await page.goto(URLS.linkedinPost);
    await walkByKeyboard(session, page, page.locator(SEL.linkedinPost.reply), { draft, fixture: 'reply' });
  });

  test('LinkedIn post page: Tiptap comment box without the test-id wrapper', async () => {
    await page.goto(URLS.linkedinPost);
    await walkByKeyboard(session, page, page.locator(SEL.linkedinPost.tiptapComment), { draft, fixture: 'tiptap-comment' });
  });

  test('LinkedIn Tiptap comment box (feed)', async () => {
    await page.goto(URLS.linkedinClassic);
    await walkByKeyboard(session, page, page.locator(SEL.linkedinClassic.commentEditor), { draft, fixture: 'comment' });
  });

  test('LinkedIn new share box', async () => {
    await page.goto(URLS.linkedinNew);
    await page.locator(SEL.linkedinNew.trigger).click();
    const editor = page.locator(SEL.linkedinNew.editor);
    await editor.waitFor();
    await walkByKeyboard(session, page, editor, { draft, fixture: 'share' });
  });

  test('LinkedIn article body', async () => {
    await page.goto(URLS.linkedinArticle);
    await walkByKeyboard(session, page, page.locator(SEL.linkedinArticle.body), { draft, fixture: 'article' });
  });

  test('X timeline composer', async () => {
    await page.goto(URLS.x);
    await walkByKeyboard(session, page, page.locator(SEL.x.inlineEditor), { draft, fixture: 'inline' });
  });
});
