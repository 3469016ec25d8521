// The fixtures themselves, without the extension: the real editors take real
// keyboard input, the Post buttons follow the editors' state, posting records
// exactly what was typed, and the page CSP keeps wasm out of the page.
// If these fail, the extension tests would prove nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isAllowedRequest, launch, PACK_ORIGIN } from '../lib/harness.mjs';
import { compileWasmInPage, editorText, linkedinNewPost, posted, SEL, URLS } from '../lib/fixtures.mjs';

const EMOJI_DRAFT = '👩🏽‍💻🇨🇭 Grüezi! Ünïcödé and 🎉 #launch';

describe('fixtures (no extension)', () => {
  let session;
  let page;
  before(async () => {
    session = await launch({ extension: false, name: 'fixtures' });
    page = await session.context.newPage();
  });
  after(async () => {
    await session?.close();
  });

  test('the page CSP forbids compiling wasm in the page (and only the CSP does)', async () => {
    await page.goto('about:blank');
    assert.equal(await compileWasmInPage(page), 'ok', 'the same module compiles on a page without CSP');
    for (const url of [URLS.x, URLS.linkedinClassic, URLS.linkedinNew]) {
      const response = await page.goto(url);
      const csp = response.headers()['content-security-policy'];
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /wasm-unsafe-eval|unsafe-eval/);
      const result = await compileWasmInPage(page);
      assert.match(result, /^CompileError: .*(disallowed|Content Security Policy|CSP)/i, `${url}: ${result}`);
    }
  });

  test('requests to anything but the fixture origins are aborted and recorded', async () => {
    const before = session.log.blocked.length;
    const other = await session.context.newPage();
    await assert.rejects(other.goto('https://abs.twimg.com/responsive-web/client-web/main.js'));
    await other.close();
    assert.deepEqual(session.log.blocked.slice(before), ['https://abs.twimg.com/responsive-web/client-web/main.js']);
  });

  test('X: Draft.js takes typing, Post follows aria-disabled, posting records the exact text', async () => {
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    const post = page.locator(SEL.x.inlinePost);
    await editor.waitFor();
    assert.equal(await editor.getAttribute('class'), 'notranslate public-DraftEditor-content');
    assert.equal(await page.locator('[data-testid="tweetTextarea_0_label"] [data-testid="tweetTextarea_0RichTextInputContainer"] .DraftEditor-root [data-testid="tweetTextarea_0"]').count(), 2, 'visible + hidden pre-mounted composer');
    assert.equal(await page.locator(SEL.x.hiddenComposer).locator('[data-testid="tweetTextarea_0"]').isVisible(), false);
    assert.equal(await post.getAttribute('aria-disabled'), 'true');
    // The toolbar is a sibling subtree, not an ancestor of the editor.
    assert.equal(await editor.evaluate((e) => Boolean(e.closest('[data-testid="toolBar"]'))), false);
    await editor.click();
    await page.keyboard.type(EMOJI_DRAFT);
    assert.equal(await editorText(page, 'inline'), EMOJI_DRAFT);
    assert.equal(await post.getAttribute('aria-disabled'), null);
    // Emoji sit in their own leaf.
    assert.ok(await page.locator(`${SEL.x.inlineEditor} .r-emoji span[data-text="true"]`).count() >= 3);
    await page.keyboard.press('Backspace');
    assert.equal(await editorText(page, 'inline'), EMOJI_DRAFT.slice(0, -1));
    await page.keyboard.type('h');
    await post.click();
    assert.deepEqual(await posted(page), [{ composer: 'inline', texts: [EMOJI_DRAFT] }]);
    assert.equal(await editorText(page, 'inline'), '');
    assert.equal(await post.getAttribute('aria-disabled'), 'true');
  });

  test('X: Ctrl+Enter and Cmd+Enter post from the editor, as on X; not while Post is disabled', async () => {
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await page.keyboard.press('Control+Enter');
    assert.deepEqual(await posted(page), [], 'an empty draft is not posted');
    await page.keyboard.type(EMOJI_DRAFT);
    await page.keyboard.press('Control+Enter');
    assert.deepEqual(await posted(page), [{ composer: 'inline', texts: [EMOJI_DRAFT] }]);
    assert.equal(await editorText(page, 'inline'), '');
    await page.keyboard.type('Zweiter Post 🇨🇭');
    await page.keyboard.press('Meta+Enter');
    assert.deepEqual((await posted(page))[1], { composer: 'inline', texts: ['Zweiter Post 🇨🇭'] });

    await page.locator(SEL.x.openModal).click();
    await page.locator(SEL.x.modalEditor(0)).click();
    await page.keyboard.type('Part one 🧵');
    await page.locator(SEL.x.addButton).click();
    await page.locator(SEL.x.modalEditor(1)).click();
    await page.keyboard.press('Control+Enter');
    assert.equal((await posted(page)).length, 2, 'an empty thread part keeps Post all disabled, and the shortcut too');
    await page.keyboard.type('Part two');
    await page.keyboard.press('Control+Enter');
    await page.locator(SEL.x.dialog).waitFor({ state: 'detached' });
    assert.deepEqual((await posted(page))[2], { composer: 'modal', texts: ['Part one 🧵', 'Part two'] });
  });

  test('X: compose modal under #layers with a thread of two parts', async () => {
    await page.goto(URLS.x);
    await page.locator(SEL.x.openModal).click();
    const dialog = page.locator(SEL.x.dialog);
    await dialog.waitFor();
    await page.locator(SEL.x.modalEditor(0)).click();
    await page.keyboard.type('Part one 🧵');
    assert.equal(await page.locator(SEL.x.modalPost).getAttribute('aria-disabled'), null);
    await page.locator(SEL.x.addButton).click();
    const second = page.locator(SEL.x.modalEditor(1));
    await second.waitFor();
    assert.equal(await page.locator(SEL.x.modalPost).getAttribute('aria-disabled'), 'true', 'an empty part disables Post all');
    await second.click();
    await page.keyboard.type('Part two 🇨🇭');
    assert.equal(await page.locator(SEL.x.modalPost).textContent(), 'Post all');
    // The timeline composer stays live behind the dialog.
    assert.equal(await page.locator(SEL.x.inlineEditor).isVisible(), true);
    await page.locator(SEL.x.modalPost).click();
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(await posted(page), [{ composer: 'modal', texts: ['Part one 🧵', 'Part two 🇨🇭'] }]);
  });

  test('LinkedIn classic: Quill 1.3.7 in the open shadow root of #interop-outlet', async () => {
    await page.goto(URLS.linkedinClassic);
    assert.equal(await page.evaluate(() => document.querySelector('.ql-editor')), null, 'not visible to document.querySelector');
    assert.equal(await page.evaluate(() => document.getElementById('interop-outlet').shadowRoot.mode), 'open');
    await page.locator(SEL.linkedinClassic.trigger).click();
    const editor = page.locator(SEL.linkedinClassic.editor);
    await editor.waitFor();
    assert.equal(await page.locator(SEL.linkedinClassic.post).isDisabled(), true);
    const first = await page.locator(SEL.linkedinClassic.post).elementHandle();
    await editor.click();
    await page.keyboard.type(EMOJI_DRAFT);
    await page.waitForFunction((t) => window.__fixture.text('share') === t, EMOJI_DRAFT);
    await page.locator(SEL.linkedinClassic.post).and(page.locator(':enabled')).waitFor();
    assert.equal(await first.evaluate((b) => b.isConnected), false, 'the Post button was re-rendered');
    // Quill's selection works in the shadow root: typing in the middle lands in the middle.
    await page.keyboard.press('Home');
    await page.keyboard.type('» ');
    await page.waitForFunction((t) => window.__fixture.text('share') === t, `» ${EMOJI_DRAFT}`);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Second line');
    const expected = `» ${EMOJI_DRAFT}\nSecond line`;
    await page.waitForFunction((t) => window.__fixture.text('share') === t, expected);
    await page.locator(SEL.linkedinClassic.post).click();
    assert.deepEqual(await posted(page), [{ composer: 'share', texts: [expected] }]);
    assert.equal(await page.locator(SEL.linkedinClassic.dialog).count(), 0);
  });

  test('LinkedIn classic: the interop iframe holds a hidden decoy editor', async () => {
    await page.goto(URLS.linkedinClassic);
    const frame = page.frameLocator(SEL.linkedinClassic.decoyFrame);
    const decoy = frame.locator('.ql-editor[contenteditable="true"][role="textbox"]');
    await decoy.waitFor({ state: 'attached' });
    assert.equal(await decoy.isVisible(), false);
    assert.equal(await page.locator(SEL.linkedinClassic.decoyFrame).isVisible(), true, 'the frame itself is on the page');
  });

  test('LinkedIn classic: the Tiptap comment box records the exact comment', async () => {
    await page.goto(URLS.linkedinClassic);
    const editor = page.locator(SEL.linkedinClassic.commentEditor);
    assert.match(await editor.getAttribute('class'), /\btiptap\b.*\bProseMirror\b|\bProseMirror\b.*\btiptap\b/);
    assert.equal(await page.locator(SEL.linkedinClassic.commentSubmit).isVisible(), false);
    await editor.click();
    await page.keyboard.type(EMOJI_DRAFT);
    assert.equal(await editorText(page, 'comment'), EMOJI_DRAFT);
    await page.locator(SEL.linkedinClassic.commentSubmit).click();
    assert.deepEqual(await posted(page), [{ composer: 'comment', texts: [EMOJI_DRAFT] }]);
    assert.equal(await editorText(page, 'comment'), '');
  });

  test('LinkedIn new: Tiptap in a modal <dialog>, text-only Post button', async () => {
    await page.goto(URLS.linkedinNew);
    await page.locator(SEL.linkedinNew.trigger).click();
    const editor = page.locator(SEL.linkedinNew.editor);
    await editor.waitFor();
    assert.equal(await page.locator(SEL.linkedinNew.dialog).evaluate((d) => d.open && d.matches(':modal')), true);
    assert.match(await editor.getAttribute('class'), /tiptap ProseMirror/);
    const post = linkedinNewPost(page);
    assert.equal(await post.isDisabled(), true);
    await editor.click();
    await page.keyboard.type(EMOJI_DRAFT);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Line two');
    const expected = `${EMOJI_DRAFT}\nLine two`;
    assert.equal(await editorText(page, 'share'), expected);
    assert.equal(await post.isDisabled(), false);
    // Escape does not throw a draft away.
    await page.keyboard.press('Escape');
    assert.equal(await page.locator(SEL.linkedinNew.dialog).evaluate((d) => d.open), true);
    await post.click();
    assert.deepEqual(await posted(page), [{ composer: 'share', texts: [expected] }]);
    assert.equal(await page.locator(SEL.linkedinNew.dialog).evaluate((d) => d.open), false);
  });

  test('nothing but the fixture files was requested', async () => {
    const outside = session.log.entries.filter((e) => !/^https:\/\/(x\.com|www\.linkedin\.com)\//.test(e.url));
    // The one deliberate request of the routing test above.
    assert.deepEqual(outside.map((e) => e.url), ['https://abs.twimg.com/responsive-web/client-web/main.js']);
  });
});

// The network assertions of the extension specs are only worth something if
// the harness sees what an extension's service worker and content script
// send. A throwaway probe extension sends one request from each; both must be
// recorded, aborted and flagged. It also shows that the pre-granted pack
// origin (see lib/harness.mjs) is inactive until permissions.request().
describe('harness (probe extension)', () => {
  let dir;
  let session;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'postcheck-probe-'));
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({
        manifest_version: 3,
        name: 'probe',
        version: '1',
        background: { service_worker: 'sw.js' },
        optional_host_permissions: ['https://*/*'],
        content_scripts: [{ matches: ['https://x.com/*'], js: ['cs.js'] }],
      }),
    );
    writeFileSync(
      join(dir, 'sw.js'),
      `chrome.runtime.onMessage.addListener((m, s, reply) => {
        fetch('https://telemetry.example/sw?' + m).then(() => reply('sent'), (e) => reply('failed'));
        return true;
      });`,
    );
    writeFileSync(
      join(dir, 'cs.js'),
      `chrome.runtime.sendMessage('hello', (r) => { document.documentElement.dataset.probe = r; });
       fetch('https://telemetry.example/cs').catch(() => {});`,
    );
    session = await launch({ extensionDir: dir, grantOrigins: [PACK_ORIGIN], name: 'probe' });
  });
  after(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('requests of the service worker and of the content script are recorded and flagged', async () => {
    const page = await session.context.newPage();
    await page.goto('https://x.com/home');
    await page.waitForFunction(() => document.documentElement.dataset.probe);
    const sw = session.log.entries.find((e) => e.url === 'https://telemetry.example/sw?hello');
    assert.ok(sw, 'the service worker request is recorded');
    assert.ok(sw.worker, 'and attributed to the service worker');
    assert.ok(session.log.entries.some((e) => e.url === 'https://telemetry.example/cs'), 'the content script request is recorded');
    assert.deepEqual(session.log.blocked.sort(), ['https://telemetry.example/cs', 'https://telemetry.example/sw?hello']);
    assert.equal(isAllowedRequest(sw, session.extensionId), false);
  });

  test('the extension id is computed before launch, and the pre-granted origin is not active', async () => {
    assert.equal(session.extensionId, session.expectedId);
    const origins = await session.worker.evaluate(async () => (await chrome.permissions.getAll()).origins);
    assert.deepEqual(origins, ['https://x.com/*']);
  });
});
