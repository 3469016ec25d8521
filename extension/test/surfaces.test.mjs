// Unit tests of how the site adapters tell posting surfaces (share box,
// comment or reply, article) from messaging and from editors' helpers, on
// markup shaped as extension/docs/composers.md describes it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseHTML } from "linkedom";
import { isLinkedinEditor, surfaceOf, titleFieldOf } from "../src/content/sites/linkedin.js";
import { isPostEditor } from "../src/content/sites/x.js";
import { EDITABLE, isEditableElement, isInsideEditable } from "../src/content/dom.js";

/** The element `#ed` of a snippet of markup. */
function editorIn(html) {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return document.getElementById("ed");
}

const quillComment = `
<div class="feed-shared-update-v2" data-urn="urn:li:activity:1"><div class="comments-comment-box">
  <form class="comments-comment-box__form"><div class="comments-comment-texteditor"><div class="editor-container">
    <div class="ql-container"><div id="ed" class="ql-editor" contenteditable="true" role="textbox" aria-label="Text editor for creating content"><p>Hi</p></div>
    <div class="ql-clipboard" id="clip" contenteditable="true" tabindex="-1"></div></div>
  </div></div><button class="comments-comment-box__submit-button">Post</button></form>
</div></div>`;

test("LinkedIn: the live Quill comment box on a post page is a comment; its .ql-clipboard is no editor", () => {
  const ed = editorIn(quillComment);
  assert.equal(surfaceOf(ed, "/feed/update/urn:li:activity:1/"), "comment");
  const clip = ed.ownerDocument.getElementById("clip");
  assert.equal(isLinkedinEditor(clip), false);
  assert.equal(surfaceOf(clip, "/feed/update/urn:li:activity:1/"), null);
});

test("LinkedIn: the Tiptap comment box without the test-id wrapper, found by its structure", () => {
  const html = `
<div data-view-name="feed-full-update"><div aria-label="Text editor for creating comment"><div>
  <div componentkey="commentBox-urn:li:activity:2"><div data-view-name="comment-box">
    <div id="ed" class="tiptap ProseMirror" contenteditable="true" role="textbox"><p>Congrats</p></div>
    <button data-view-name="comment-emoji-picker"></button><button data-view-name="comment-add-image"></button>
  </div><button data-view-name="feed-comment-button">Comment</button></div>
</div></div></div>`;
  assert.equal(surfaceOf(editorIn(html), "/feed/"), "comment");
  // Without the post around it, the component key and the view name still tell it.
  const bare = html.replace('data-view-name="feed-full-update"', "").replace('aria-label="Text editor for creating comment"', "");
  assert.equal(surfaceOf(editorIn(bare), "/feed/"), "comment");
});

test("LinkedIn: a plaintext-only reply box is an editor and a comment", () => {
  const html = `<div class="feed-shared-update-v2"><form class="comments-comment-box__form"><div id="ed" contenteditable="plaintext-only" role="textbox" aria-label="Reply"></div></form></div>`;
  const ed = editorIn(html);
  assert.equal(isEditableElement(ed), true);
  assert.equal(ed.matches(EDITABLE), true);
  assert.equal(surfaceOf(ed, "/feed/"), "comment");
});

test("LinkedIn: share boxes, classic and new; the shared Tiptap wrapper alone decides nothing", () => {
  const classic = `<div class="artdeco-modal share-box-v2__modal" role="dialog"><div class="share-creation-state__text-editor"><div class="ql-container"><div id="ed" class="ql-editor" contenteditable="true" role="textbox"></div></div></div></div>`;
  assert.equal(surfaceOf(editorIn(classic), "/feed/"), "share");
  const fresh = `<dialog open><div data-sdui-screen="com.linkedin.sdui.flagshipnav.sharing.ShareComposeScreen"><div data-testid="ui-core-tiptap-text-editor-wrapper"><div id="ed" componentkey="ShareBox_textEditor" class="tiptap ProseMirror" contenteditable="true" role="textbox"></div></div></div></dialog>`;
  assert.equal(surfaceOf(editorIn(fresh), "/feed/"), "share");
  const wrapperOnly = `<div data-testid="ui-core-tiptap-text-editor-wrapper"><div id="ed" class="tiptap ProseMirror" contenteditable="true" role="textbox" aria-label="Text editor"></div></div>`;
  assert.equal(surfaceOf(editorIn(wrapperOnly), "/feed/"), null, "a wrapper without surroundings is no known surface");
  // A test id or a label alone never decides: one confirmation is not enough.
  const labelOnly = `<div><div id="ed" class="tiptap ProseMirror" contenteditable="true" role="textbox" aria-label="Text editor for creating comment"></div></div>`;
  assert.equal(surfaceOf(editorIn(labelOnly), "/feed/"), null);
});

test("LinkedIn: messaging never counts, even in the shared Tiptap wrapper or inside a post-like frame", () => {
  const cases = [
    `<div class="msg-form"><div id="ed" class="msg-form__contenteditable" contenteditable="true" role="textbox" aria-label="Write a message…"><p></p></div></div>`,
    `<aside id="msg-overlay"><div data-testid="ui-core-tiptap-text-editor-wrapper"><div id="ed" class="tiptap ProseMirror" contenteditable="true" role="textbox"></div></div></aside>`,
    `<div data-view-name="messaging-compose-box"><div role="article"><div id="ed" class="tiptap ProseMirror" contenteditable="true" role="textbox"></div></div></div>`,
  ];
  for (const html of cases) assert.equal(surfaceOf(editorIn(html), "/feed/"), null, html);
  // Any editor on the messaging pages.
  assert.equal(surfaceOf(editorIn(quillComment), "/messaging/thread/2-abc/"), null);
});

test("LinkedIn: the article body is found by its page and its title field; the title field is found", () => {
  const html = `<main><div class="article-editor"><textarea id="title" placeholder="Title">Q3 plans</textarea>
    <div class="article-editor-content"><div id="ed" class="ProseMirror" role="textbox" contenteditable="true" aria-label="Article editor content"><p>Body</p></div></div></div></main>`;
  const ed = editorIn(html);
  assert.equal(surfaceOf(ed, "/article/new/"), "article");
  assert.equal(surfaceOf(ed, "/article/edit/7400000000000000003/"), "article");
  // Off the article pages the title field and the label still agree.
  assert.equal(surfaceOf(ed, "/feed/"), "article");
  assert.equal(titleFieldOf(ed)?.id, "title");
  // A textarea after the editor is not its title.
  const after = html.replace('<textarea id="title" placeholder="Title">Q3 plans</textarea>', "").replace("</div></div></main>", '</div><textarea id="title"></textarea></div></main>');
  assert.equal(titleFieldOf(editorIn(after)), null);
});

test("X: posts and replies are editors; direct messages are not", () => {
  const post = `<div data-testid="primaryColumn"><div id="ed" data-testid="tweetTextarea_0" contenteditable="true" role="textbox" aria-label="Post text"></div></div>`;
  assert.equal(isPostEditor(editorIn(post), "/home"), true);
  assert.equal(isPostEditor(editorIn(post), "/messages/123-456"), false);
  const dm = `<div data-testid="DmActivityContainer"><div class="DraftEditor-root"><div id="ed" class="public-DraftEditor-content" data-testid="dmComposerTextInput" contenteditable="true" role="textbox"></div></div></div>`;
  assert.equal(isPostEditor(editorIn(dm), "/home"), false);
});

test("an editor inside any editable element (plaintext-only, empty attribute, true) is part of it; contenteditable=false is no editor", () => {
  for (const outer of ['contenteditable="plaintext-only"', 'contenteditable=""', 'contenteditable="true"', 'contenteditable="TRUE"']) {
    const ed = editorIn(`<div ${outer} role="textbox"><div><div id="ed" class="ProseMirror" contenteditable="true" role="textbox"></div></div></div>`);
    assert.equal(isInsideEditable(ed), true, outer);
  }
  const island = editorIn(`<div contenteditable="true"><div contenteditable="false"><div id="ed" contenteditable="plaintext-only" role="textbox"></div></div></div>`);
  assert.equal(isInsideEditable(island), true, "an editable inside a non-editable island of an editor still belongs to it");
  const alone = editorIn(`<div contenteditable="false"><div id="ed" contenteditable="plaintext-only" role="textbox"></div></div>`);
  assert.equal(isInsideEditable(alone), false);
  assert.equal(isEditableElement(alone.parentElement), false);
  assert.equal(alone.parentElement.matches(EDITABLE), false);
});
