/**
 * "Guidelines": the guideline page employees get (`postcheck pack docs`),
 * drawn from the engine's plain data as text (a pack is untrusted).
 */
import { byId, h } from "../dom.js";
import { problemsOf } from "../engine.js";
import { S } from "../strings.js";

/** The page as DOM. @param {any} page the core's GuidelinePage */
export function renderGuidelines(page) {
  const out = [h("h3", { "data-studio": "guidelines-title" }, page.title)];
  if (page.description) out.push(h("p", {}, page.description));
  out.push(h("p", { class: "muted" }, `${page.publisher} · ${page.version} · ${page.date}`));
  for (const s of page.sections) {
    const part = h("section", { "data-studio": "guideline" });
    part.append(h("h4", {}, s.title));
    if (s.text) part.append(h("p", {}, s.text));
    if (s.link) part.append(h("p", { class: "muted" }, s.link));
    if (s.contacts.length) part.append(h("p", { class: "muted" }, `${S.contacts}: ${s.contacts.join(", ")}`));
    if (s.checks.length) {
      part.append(h("p", {}, S.checksHeading));
      const list = h("ul");
      for (const c of s.checks) {
        const li = h("li", { "data-level": c.level }, `${c.what} (${c.looks_for}${c.when ? `; ${c.when}` : ""}${c.platforms.length ? `; ${c.platforms.join(", ")}` : ""})`);
        if (c.examples.length) {
          const examples = h("ul");
          for (const e of c.examples) examples.append(h("li", { class: "muted" }, e));
          li.append(examples);
        }
        list.append(li);
      }
      part.append(list);
    }
    out.push(part);
  }
  if (page.contacts.length) {
    const part = h("section");
    part.append(h("h4", {}, S.contacts));
    const list = h("ul");
    for (const c of page.contacts) list.append(h("li", {}, [c.name, c.email, c.phone, c.url, c.topics].filter(Boolean).join(" · ")));
    part.append(list);
    out.push(part);
  }
  return out;
}

/**
 * @param {any} engine the wasm module
 * @param {{text: () => string}} pack
 */
export function setupGuidelines(engine, pack) {
  const out = byId("guidelines");
  byId("show-guidelines").addEventListener("click", () => {
    const lang = /** @type {HTMLSelectElement} */ (byId("guidelines-lang")).value;
    try {
      out.replaceChildren(...renderGuidelines(engine.guidelinePage(pack.text(), lang, ["en"])));
    } catch (e) {
      out.replaceChildren(h("p", { class: "postcheck-error" }, `${S.packRefused} ${problemsOf(e)[0]?.message ?? ""}`));
    }
  });
}
