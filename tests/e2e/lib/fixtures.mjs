// Where things are in each fixture, and how the tests read the fixtures' own
// records. Selectors are the real sites' (extension/docs/composers.md), so that these tests
// describe the DOM the extension meets on x.com and www.linkedin.com.
import { LINKEDIN, X } from './harness.mjs';

export const URLS = {
  x: `${X}/home`,
  linkedinClassic: `${LINKEDIN}/feed/`,
  linkedinNew: `${LINKEDIN}/feed/new/`,
  linkedinPost: `${LINKEDIN}/feed/update/urn:li:activity:7400000000000000002/`,
  linkedinArticle: `${LINKEDIN}/article/new/`,
  // The same page: a conversation and the messages drawer, plus a Draft.js editor outside both.
  xMessages: `${X}/messages/1234-5678`,
  xDrawer: `${X}/explore`,
};

export const SEL = {
  x: {
    inlineEditor: '[data-testid="primaryColumn"] [data-testid="tweetTextarea_0"][contenteditable="true"][role="textbox"]',
    inlinePost: '[data-testid="primaryColumn"] [data-testid="tweetButtonInline"]',
    inlineComposer: '[data-testid="primaryColumn"] [data-fixture-composer="inline"]',
    hiddenComposer: '#premounted-composer',
    openModal: '[data-testid="SideNav_NewTweet_Button"]',
    dialog: '#layers [role="dialog"]',
    modalEditor: (i) => `#layers [role="dialog"] [data-testid="tweetTextarea_${i}"][contenteditable="true"][role="textbox"]`,
    modalPost: '#layers [role="dialog"] [data-testid="tweetButton"]',
    addButton: '#layers [role="dialog"] [data-testid="addButton"]',
  },
  linkedinClassic: {
    trigger: '.share-box-feed-entry__trigger',
    // Playwright's CSS engine pierces open shadow roots: this reaches into #interop-outlet.
    editor: '#interop-outlet .ql-editor[contenteditable="true"][role="textbox"][data-test-ql-editor-contenteditable="true"][aria-label="Text editor for creating content"]',
    dialog: '#interop-outlet [role="dialog"]',
    post: '#interop-outlet button.share-actions__primary-action',
    decoyFrame: 'iframe[data-testid="interop-iframe"]',
    commentEditor: '[data-testid="ui-core-tiptap-text-editor-wrapper"] [contenteditable="true"][role="textbox"]',
    commentBox: '.comments-comment-box',
    commentSubmit: 'button.comments-comment-box__submit-button--cr',
  },
  linkedinNew: {
    trigger: '#start-post-trigger',
    dialog: 'dialog:has([data-sdui-screen*="sharing.ShareCompose"])',
    editor: 'dialog [data-sdui-screen*="sharing.ShareCompose"] [componentkey="ShareBox_textEditor"][contenteditable="true"]',
  },
  linkedinPost: {
    // The live Quill comment box of a post page, in the normal page.
    quillComment: 'form.comments-comment-box__form .ql-container > .ql-editor[contenteditable="true"][role="textbox"]',
    quillClipboard: 'form.comments-comment-box__form .ql-container > .ql-clipboard',
    quillSubmit: '.comments-comment-box--cr button.comments-comment-box__submit-button',
    reply: '.comments-reply-box [contenteditable="plaintext-only"][role="textbox"]',
    replySubmit: '.comments-reply-box button[type="submit"]',
    // The Tiptap comment box without the test-id wrapper.
    tiptapComment: '[componentkey^="commentBox"] > [data-view-name="comment-box"] div.tiptap.ProseMirror[contenteditable="true"]',
    tiptapSubmit: '[data-view-name="feed-comment-button"]',
    messageForm: '#msg-overlay .msg-form__contenteditable',
    messageTiptap: '#msg-overlay [data-testid="ui-core-tiptap-text-editor-wrapper"] [contenteditable="true"]',
  },
  xMessages: {
    plain: '#plain-draft .public-DraftEditor-content[contenteditable="true"][role="textbox"]',
    conversation: '[data-testid="DmActivityContainer"] [data-testid="dmComposerTextInput"][contenteditable="true"]',
    drawer: '[data-testid="DMDrawer"] [data-testid="dmComposerTextInput"][contenteditable="true"]',
  },
  linkedinArticle: {
    title: 'textarea.article-editor-headline__textarea',
    body: 'div.ProseMirror[role="textbox"][contenteditable="true"][aria-label="Article editor content"]',
    publish: '#publish',
  },
};

/** The plain text of a fixture editor, from the editor's model. */
export function editorText(page, name) {
  return page.evaluate((n) => window.__fixture.text(n), name);
}

/** Everything the fixture's Post/Comment buttons submitted so far. */
export function posted(page) {
  return page.evaluate(() => window.__posted);
}

/** The new share box's Post button: known only by its text. */
export function linkedinNewPost(page) {
  return page.locator(SEL.linkedinNew.dialog).getByRole('button', { name: 'Post', exact: true });
}

/** Compiles a minimal wasm module in the page's main world; returns 'ok' or the error. */
export function compileWasmInPage(page) {
  return page.evaluate(async () => {
    try {
      await WebAssembly.compile(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
      return 'ok';
    } catch (e) {
      return `${e.name}: ${e.message}`;
    }
  });
}
