/**
 * The text model of an editor: its draft as one string, built by walking the
 * editor's blocks and joining them with "\n", plus a table from model offsets
 * (UTF-16 code units, like JavaScript strings and the engine's spans) back to
 * (text node, offset) positions. Never `innerText` (Quill doubles newlines).
 *
 * Blocks: Draft.js `[data-block="true"]`; otherwise the leaf blocks of the editor
 * (Quill's top-level `p`/`li`, ProseMirror's `p`, headings, list items...).
 * Inside a block a `<br>` is a soft line break ("\n"), except a placeholder break:
 * `br.ProseMirror-trailingBreak`, or a `<br>` with nothing after it in its block.
 *
 * A `contenteditable="plaintext-only"` editor holds text nodes (line breaks as
 * "\n" in them, or `<br>`) and no blocks: the editor is its one block, and the
 * model is its text as written, like `innerText` of a `pre-wrap` box.
 *
 * A title published with the draft (a LinkedIn article's) goes first, followed
 * by an empty line; spans in it have no place in the editor (`domSpan` gives null).
 *
 * Works on any DOM implementation (it uses only nodeType, nodeName, childNodes,
 * getAttribute and classList), so it is tested in Node.
 */

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
/** Elements whose children are blocks, never text of their own. */
const CONTAINERS = new Set(["UL", "OL"]);
/** Elements that are blocks (leaves, unless they contain blocks themselves). */
const BLOCKS = new Set(["P", "DIV", "LI", "H1", "H2", "H3", "H4", "H5", "H6", "PRE", "BLOCKQUOTE", "UL", "OL"]);
/** Elements whose text is not part of the draft. */
const SKIP_CLASSES = ["ql-cursor", "ProseMirror-separator", "ProseMirror-trailingBreak"];

/**
 * @typedef {object} Segment
 * @property {number} start model offset of the first code unit
 * @property {number} end model offset after the last code unit
 * @property {Text} node the text node
 */

/**
 * @typedef {object} TextModel
 * @property {string} text the draft
 * @property {Segment[]} segments text nodes in order, with their model offsets
 * @property {string} title the title put before the editor's text ("" when none)
 * @property {number} from model offset where the editor's text starts (after the title)
 */

const isElement = (n) => n.nodeType === ELEMENT_NODE;

function skipped(el) {
  if (el.nodeName === "SCRIPT" || el.nodeName === "STYLE" || el.nodeName === "TEMPLATE") return true;
  return SKIP_CLASSES.some((c) => el.classList?.contains(c));
}

/** True when a block element holds other blocks (then it is a container, not a leaf). */
function holdsBlocks(el) {
  for (const child of el.childNodes) {
    if (isElement(child) && BLOCKS.has(child.nodeName)) return true;
  }
  return false;
}

/**
 * The leaf blocks of an editor, in document order.
 * @param {Element} editor
 * @param {"draft" | "blocks"} kind
 * @returns {Element[]}
 */
export function blocksOf(editor, kind) {
  if (kind === "draft") {
    const blocks = [...editor.querySelectorAll('[data-block="true"]')];
    if (blocks.length > 0) return blocks;
  }
  if (!holdsBlocks(editor)) return [editor];
  const out = [];
  const walk = (el) => {
    for (const child of el.childNodes) {
      if (!isElement(child) || skipped(child)) continue;
      if (CONTAINERS.has(child.nodeName) || (BLOCKS.has(child.nodeName) && holdsBlocks(child))) walk(child);
      else if (BLOCKS.has(child.nodeName)) out.push(child);
    }
  };
  walk(editor);
  return out;
}

/**
 * The inline pieces of a block, in order: text nodes and soft breaks.
 * @param {Element} block
 * @returns {(Text | "\n")[]}
 */
function inlinePieces(block) {
  const pieces = [];
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === TEXT_NODE) {
        if (child.data.length > 0) pieces.push(child);
      } else if (isElement(child)) {
        if (skipped(child)) continue;
        if (child.nodeName === "BR") pieces.push("\n");
        else walk(child);
      }
    }
  };
  walk(block);
  // A break with nothing after it only keeps an empty line open: not part of the text.
  while (pieces.length > 0 && pieces[pieces.length - 1] === "\n") pieces.pop();
  return pieces;
}

/**
 * Builds the text model of an editor.
 * @param {Element} editor the contenteditable element
 * @param {"draft" | "blocks"} [kind] how its blocks are found
 * @param {string | null} [title] a title published with the draft, put first (see the module's comment)
 * @returns {TextModel}
 */
export function buildTextModel(editor, kind = "blocks", title = null) {
  const heading = title ?? "";
  let text = heading ? `${heading}\n\n` : "";
  const from = text.length;
  /** @type {Segment[]} */
  const segments = [];
  blocksOf(editor, kind).forEach((block, i) => {
    if (i > 0) text += "\n";
    for (const piece of inlinePieces(block)) {
      if (piece === "\n") {
        text += "\n";
      } else {
        segments.push({ start: text.length, end: text.length + piece.data.length, node: piece });
        text += piece.data;
      }
    }
  });
  return { text, segments, title: heading, from };
}

/**
 * The DOM position of a model offset.
 * @param {TextModel} model
 * @param {number} offset
 * @param {"start" | "end"} side `start` of a span looks forward, `end` looks back
 * @returns {{node: Text, offset: number} | null}
 */
export function positionAt(model, offset, side) {
  const segs = model.segments;
  if (segs.length === 0) return null;
  if (side === "start") {
    for (const s of segs) {
      if (offset < s.end && offset >= s.start) return { node: s.node, offset: offset - s.start };
      if (s.start >= offset) return { node: s.node, offset: 0 };
    }
    const last = segs[segs.length - 1];
    return { node: last.node, offset: last.end - last.start };
  }
  for (let i = segs.length - 1; i >= 0; i--) {
    const s = segs[i];
    if (offset > s.start && offset <= s.end) return { node: s.node, offset: offset - s.start };
    if (s.end <= offset) return { node: s.node, offset: s.end - s.start };
  }
  return { node: segs[0].node, offset: 0 };
}

/**
 * The DOM span of a model span, or null when it is empty or out of the text.
 * @param {TextModel} model
 * @param {number} start
 * @param {number} end
 * @returns {{start: {node: Text, offset: number}, end: {node: Text, offset: number}} | null}
 */
export function domSpan(model, start, end) {
  if (!(start >= (model.from ?? 0) && end > start && end <= model.text.length)) return null;
  const a = positionAt(model, start, "start");
  const b = positionAt(model, end, "end");
  return a && b ? { start: a, end: b } : null;
}
