// Keyboard paths: the "Check my draft" button names the keyboard shortcut
// (tooltip and aria-keyshortcuts) as the browser has it, and nothing when none
// is set.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyExtension, launch } from '../lib/harness.mjs';
import { SEL, URLS } from '../lib/fixtures.mjs';
import { checkButtonFor, runCheck, until } from '../lib/postcheck.mjs';

/** The button's attributes that name the shortcut, once the worker's warm answer is in (or after the check). */
function shortcutAttributes(button) {
  return button.evaluate((b) => ({ title: b.getAttribute('title'), keys: b.getAttribute('aria-keyshortcuts') }));
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
