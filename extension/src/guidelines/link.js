/**
 * The link from a hint to its guideline on the guidelines page
 * (`guidelines.html?pack=<pack id>#g-<guideline id>`): in the "why?" of a card
 * (shared/hint-list.js), in the popup and in the in-page panel. The panel is
 * an extension page framed (in a closed shadow root) by the site: the link is
 * in the extension's own document, which the site cannot read, and opens an
 * extension page in a new tab on the user's own click only (a click the
 * site's scripts could make is not trusted, and is ignored). Nothing goes
 * through the site's page.
 */
import { api } from "../shared/browser-api.js";

/** The guidelines page, in the extension's folder. */
export const GUIDELINES_PAGE = "guidelines.html";

/**
 * The address of the guidelines page, at guideline `guideline` of pack `pack`
 * when given; null without the extension API (unit tests without it).
 * @param {unknown} [pack] the pack id a hint names (`hint.pack`)
 * @param {unknown} [guideline] the guideline's id
 * @returns {string | null}
 */
export function guidelinesUrl(pack, guideline) {
  const base = api?.runtime?.getURL?.(GUIDELINES_PAGE);
  if (typeof base !== "string" || base === "") return null;
  const query = typeof pack === "string" && pack !== "" ? `?pack=${encodeURIComponent(pack)}` : "";
  const hash = typeof guideline === "string" && guideline !== "" ? `#g-${encodeURIComponent(guideline)}` : "";
  return `${base}${query}${hash}`;
}

/**
 * "Read it in the guidelines" for a hint that cites a guideline: a paragraph
 * with the link (new tab), or null when the hint cites none.
 * @param {Document} doc
 * @param {any} hint
 * @param {string} label the link's text
 * @returns {HTMLElement | null}
 */
export function readGuidelineLink(doc, hint, label) {
  const id = hint?.guideline?.id;
  if (typeof id !== "string" || id === "") return null;
  const href = guidelinesUrl(hint.pack, id);
  if (href === null) return null;
  const p = doc.createElement("p");
  p.className = "postcheck-read-guideline";
  const a = doc.createElement("a");
  a.setAttribute("href", href);
  a.setAttribute("target", "_blank");
  a.setAttribute("rel", "noopener noreferrer");
  a.setAttribute("data-postcheck", "read-guideline");
  a.textContent = label;
  // Only the user's own click opens it (the panel's frame is on the site's page).
  a.addEventListener("click", (event) => {
    if (!event.isTrusted) event.preventDefault();
  });
  p.append(a);
  return p;
}
