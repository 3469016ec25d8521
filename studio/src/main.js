/**
 * The Pack Studio: a pack editor with the engine's problems inline, and tools
 * to try drafts, run examples, audit on ordinary posts, hash terms and preview
 * the guideline page. Everything runs on the page with postcheck's wasm
 * engine; nothing is sent anywhere (index.html's CSP allows no connection).
 */
import "./i18n-shim.js";
import { byId } from "./dom.js";
import { createEditor, goTo, setText, textOf } from "./editor.js";
import { problemsOf, startEngine, today } from "./engine.js";
import { setupFiles } from "./files.js";
import { setupAudit } from "./panels/audit.js";
import { setupDraft } from "./panels/draft.js";
import { setupExamples } from "./panels/examples.js";
import { setupGuidelines } from "./panels/guidelines.js";
import { setupHash } from "./panels/hash.js";
import { renderProblems } from "./problems.js";
import { S } from "./strings.js";
import { setupTabs } from "./tabs.js";

/** Fills every `data-s` element with its string. */
function fillStrings() {
  for (const node of document.querySelectorAll("[data-s]")) {
    const value = S[node.getAttribute("data-s")];
    if (typeof value === "string") node.textContent = value;
  }
  byId("draft").setAttribute("placeholder", S.draftPlaceholder);
  for (const tab of document.querySelectorAll("[data-tab]")) tab.textContent = S.tabs[tab.getAttribute("data-tab")];
}

async function main() {
  fillStrings();
  let engine;
  try {
    engine = await startEngine();
  } catch (e) {
    byId("problems-summary").textContent = `${S.engineFailed} (${e?.message ?? e})`;
    return;
  }
  /** The last lint: what the tools work with. */
  const state = { text: "", lint: null, listeners: [] };
  const lint = (text) => {
    let result;
    try {
      result = engine.lintPack(text, today());
    } catch (e) {
      result = { loads: false, problems: problemsOf(e), examples: [] };
    }
    state.text = text;
    state.lint = result;
    renderProblems(byId("problems-summary"), byId("problems"), result.problems, (from) => goTo(view, from));
    document.body.setAttribute("data-pack-loads", String(result.loads));
    for (const listener of state.listeners) listener();
    return result.problems;
  };
  const view = createEditor(byId("editor"), engine.starterPack(), lint);
  lint(textOf(view));
  const pack = {
    text: () => textOf(view),
    set: (text) => setText(view, text),
    starter: () => engine.starterPack(),
    loads: () => state.lint?.loads === true,
    /** Calls `fn` after every lint (the pack changed). */
    onChange: (fn) => state.listeners.push(fn),
  };
  setupTabs(byId("tabs"));
  setupFiles(pack);
  setupDraft(engine, pack);
  setupExamples(engine, pack);
  setupAudit(engine, pack);
  setupHash(engine, pack);
  setupGuidelines(engine, pack);
  document.body.setAttribute("data-ready", "true");
}

main();
