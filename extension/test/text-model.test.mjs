// Unit tests of the text model and its UTF-16 offset map, on editor markup as
// Draft.js (X), Quill 1.x (LinkedIn classic) and Tiptap/ProseMirror (LinkedIn new) render it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseHTML } from "linkedom";
import { buildTextModel, domSpan, positionAt } from "../src/content/text-model.js";

/** The editor element of a snippet of markup. */
function editorOf(html) {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return document.querySelector('[contenteditable="true"]');
}

/** The text a DOM span covers (what a Range over it would contain). */
function spanText(model, span) {
  const { start, end } = span;
  let out = "";
  let on = false;
  for (const seg of model.segments) {
    const node = seg.node;
    if (node === start.node) on = true;
    if (!on) continue;
    const from = node === start.node ? start.offset : 0;
    const to = node === end.node ? end.offset : node.data.length;
    if (out && node !== start.node) out += seg.start > 0 && model.text[seg.start - 1] === "\n" ? "\n" : "";
    out += node.data.slice(from, to);
    if (node === end.node) break;
  }
  return out;
}

const draftJs = `
<div class="DraftEditor-root"><div class="DraftEditor-editorContainer">
<div contenteditable="true" role="textbox" data-testid="tweetTextarea_0" class="public-DraftEditor-content"><div data-contents="true">
  <div data-block="true" data-offset-key="a-0-0"><div data-offset-key="a-0-0" class="public-DraftStyleDefault-block"><span data-offset-key="a-0-0"><span data-text="true">🎉🇨🇭 Launch of </span></span><span data-offset-key="a-1-0"><span data-text="true">Project Orion</span></span></div></div>
  <div data-block="true" data-offset-key="b-0-0"><div data-offset-key="b-0-0"><span data-offset-key="b-0-0"><br data-text="true"></span></div></div>
  <div data-block="true" data-offset-key="c-0-0"><div data-offset-key="c-0-0"><span data-offset-key="c-0-0"><span data-text="true">IBAN CH93 0076 2011 6238 5295 7</span></span></div></div>
</div></div></div></div>`;

test("Draft.js: blocks joined with newlines, empty block is an empty line, emoji count in UTF-16", () => {
  const model = buildTextModel(editorOf(draftJs), "draft");
  assert.equal(model.text, "🎉🇨🇭 Launch of Project Orion\n\nIBAN CH93 0076 2011 6238 5295 7");
  const start = model.text.indexOf("Project Orion");
  assert.equal(start, 17); // 🎉 = 2 units, 🇨🇭 = 4 units
  const span = domSpan(model, start, start + "Project Orion".length);
  assert.equal(span.start.node.data, "Project Orion");
  assert.equal(span.start.offset, 0);
  assert.equal(span.end.offset, 13);
  const iban = model.text.indexOf("CH93");
  const s2 = domSpan(model, iban, model.text.length);
  assert.equal(spanText(model, s2), "CH93 0076 2011 6238 5295 7");
});

test("Draft.js: a span over two leaves maps into both text nodes", () => {
  const model = buildTextModel(editorOf(draftJs), "draft");
  const start = model.text.indexOf("of Proj");
  const span = domSpan(model, start, start + "of Proj".length);
  assert.equal(span.start.node.data, "🎉🇨🇭 Launch of ");
  assert.equal(span.start.offset, "🎉🇨🇭 Launch ".length);
  assert.equal(span.end.node.data, "Project Orion");
  assert.equal(span.end.offset, 4);
});

const quill = `
<div class="ql-container"><div class="ql-editor" contenteditable="true" role="textbox" data-test-ql-editor-contenteditable="true">
<p>Hello <strong>#team</strong> 👋</p><p><br></p><ol><li>first</li><li>second</li></ol><p>mail <a href="#">anna@acme.example</a><span class="ql-cursor">\uFEFF</span></p>
</div></div>`;

test("Quill: top-level p and li, empty line, mentions/hashtags inline, cursor ignored", () => {
  const model = buildTextModel(editorOf(quill));
  assert.equal(model.text, "Hello #team 👋\n\nfirst\nsecond\nmail anna@acme.example");
  const start = model.text.indexOf("anna@");
  const span = domSpan(model, start, start + "anna@acme.example".length);
  assert.equal(span.start.node.data, "anna@acme.example");
  assert.equal(span.end.offset, "anna@acme.example".length);
});

const tiptap = `
<div class="tiptap ProseMirror" componentkey="ShareBox_textEditor" contenteditable="true">
<p>Line one<br>soft break</p><p><img class="ProseMirror-separator"><br class="ProseMirror-trailingBreak"></p><p>😀 end<br class="ProseMirror-trailingBreak"></p>
</div>`;

test("ProseMirror: soft <br> is a newline, placeholder breaks are not", () => {
  const model = buildTextModel(editorOf(tiptap));
  assert.equal(model.text, "Line one\nsoft break\n\n😀 end");
  const start = model.text.indexOf("end");
  assert.equal(start, 24);
  const span = domSpan(model, start, start + 3);
  assert.equal(span.start.node.data, "😀 end");
  assert.equal(span.start.offset, 3);
});

test("positions at block edges and empty spans", () => {
  const model = buildTextModel(editorOf(tiptap));
  // A span starting on the newline between blocks starts in the next text node.
  const nl = model.text.indexOf("\n\n");
  const pos = positionAt(model, nl + 1, "start");
  assert.equal(pos.node.data, "😀 end");
  assert.equal(pos.offset, 0);
  // An end on a newline ends in the previous text node.
  const end = positionAt(model, nl + 1, "end");
  assert.equal(end.node.data, "soft break");
  assert.equal(end.offset, "soft break".length);
  assert.equal(domSpan(model, 3, 3), null);
  assert.equal(domSpan(model, 0, model.text.length + 1), null);
});

test("plain contenteditable without blocks is one block", () => {
  const model = buildTextModel(editorOf(`<div contenteditable="true">just <b>text</b></div>`));
  assert.equal(model.text, "just text");
  assert.equal(model.segments.length, 2);
});

test("empty editors give an empty text", () => {
  assert.equal(buildTextModel(editorOf(`<div contenteditable="true"><p><br></p></div>`)).text, "");
  assert.equal(buildTextModel(editorOf(`<div contenteditable="true" data-contents><div data-block="true"><span><br data-text="true"></span></div></div>`), "draft").text, "");
});

test("plaintext-only: the editor is its one block, line breaks as written (\\n in text, or <br>), offsets in UTF-16", () => {
  const { document } = parseHTML(`<!doctype html><html><body><div contenteditable="plaintext-only" role="textbox">🎉 Line one\nstreng vertraulich<br>and  two spaces<br></div></body></html>`);
  const editor = document.querySelector("[contenteditable]");
  const model = buildTextModel(editor, "blocks");
  assert.equal(model.text, "🎉 Line one\nstreng vertraulich\nand  two spaces");
  const start = model.text.indexOf("streng vertraulich");
  assert.equal(start, 12);
  const span = domSpan(model, start, start + "streng vertraulich".length);
  assert.equal(span.start.node.data.slice(span.start.offset, span.end.offset), "streng vertraulich");
  assert.equal(span.start.node, span.end.node);
});

test("a title published with the draft goes first; spans in it have no place in the editor", () => {
  const model = buildTextModel(editorOf(`<div class="ProseMirror" contenteditable="true" role="textbox"><p>Body with internal only</p></div>`), "blocks", "Secret title");
  assert.equal(model.text, "Secret title\n\nBody with internal only");
  assert.equal(model.title, "Secret title");
  assert.equal(model.from, 14);
  assert.equal(domSpan(model, 0, 6), null, "a span in the title");
  assert.equal(domSpan(model, 10, 16), null, "a span from the title into the body");
  const start = model.text.indexOf("internal only");
  const span = domSpan(model, start, start + 13);
  assert.equal(span.start.node.data.slice(span.start.offset, span.end.offset), "internal only");
  // No title: the model is the editor's text alone.
  const plain = buildTextModel(editorOf(`<div contenteditable="true"><p>Body</p></div>`), "blocks", "");
  assert.deepEqual([plain.text, plain.from, plain.title], ["Body", 0, ""]);
});
