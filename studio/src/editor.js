/**
 * The pack editor: CodeMirror 6 with JSON highlighting, completion from the
 * pack schema, and the engine's problems shown inline (underline, gutter
 * mark, tooltip) as you type.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { json, jsonLanguage } from "@codemirror/lang-json";
import { HighlightStyle, bracketMatching, foldGutter, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, linter } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import schema from "../../schema/pack-v1.schema.json";
import { diagnosticsOf } from "./diagnostics.js";
import { schemaCompletion } from "./schema-complete.js";
import { S } from "./strings.js";

/** JSON colours: CSS variables of studio.css, readable in light and dark. */
const colours = HighlightStyle.define([
  { tag: tags.propertyName, color: "var(--st-key)" },
  { tag: tags.string, color: "var(--st-string)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--st-literal)" },
]);

/**
 * The editor's look: the page's colours (CSS variables inherit into the
 * shadow root). CodeMirror's styles go into the shadow root as adopted style
 * sheets, which the page's strict CSP (no inline style) allows.
 */
const look = EditorView.theme({
  "&": { height: "100%", color: "var(--pc-text)", backgroundColor: "var(--pc-background)" },
  "&.cm-focused": { outline: "2px solid var(--pc-link)", outlineOffset: "1px" },
  ".cm-scroller": { font: '13px/1.5 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace' },
  ".cm-content": { caretColor: "var(--pc-text)" },
  ".cm-gutters": { color: "var(--pc-muted)", backgroundColor: "var(--pc-background)", borderRightColor: "var(--pc-border)" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "color-mix(in srgb, var(--pc-link) 8%, transparent)" },
  ".cm-tooltip": { color: "var(--pc-text)", backgroundColor: "var(--pc-background)", border: "1px solid var(--pc-border)" },
});

/** How long typing must pause before the pack is linted again. */
export const LINT_DELAY_MS = 400;

/**
 * Makes the editor in a shadow root of `parent` with the text `doc`. `lint(text)` returns the
 * engine's problems (it also updates the rest of the page).
 * @param {HTMLElement} parent
 * @param {string} doc
 * @param {(text: string) => any[]} lint
 */
export function createEditor(parent, doc, lint) {
  const root = parent.attachShadow({ mode: "open" });
  const view = new EditorView({
    parent: root,
    root,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        foldGutter(),
        lintGutter(),
        history(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        syntaxHighlighting(colours),
        look,
        json(),
        jsonLanguage.data.of({ autocomplete: schemaCompletion(schema) }),
        autocompletion(),
        linter((v) => diagnosticsOf(lint(v.state.doc.toString()), v.state.doc.length), { delay: LINT_DELAY_MS }),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap]),
        // tabindex: an explicit tab stop, so that checkers see the scrolling region holds one.
        EditorView.contentAttributes.of({ "aria-label": S.editorLabel, tabindex: "0" }),
      ],
    }),
  });
  return view;
}

/** The whole text of the editor. @param {EditorView} view */
export const textOf = (view) => view.state.doc.toString();

/** Replaces the whole text. @param {EditorView} view @param {string} text */
export function setText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/** Puts the caret at `from` (a UTF-16 offset), shows it and focuses the editor. @param {EditorView} view @param {number} from */
export function goTo(view, from) {
  const at = Math.min(from, view.state.doc.length);
  view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
  view.focus();
}
