/**
 * What a site adapter provides. Each site keeps all of its selectors in its own file.
 *
 * @typedef {object} Site
 * @property {string} name adapter name
 * @property {"x" | "linkedin"} platform the platform sent to the engine
 * @property {(host: string) => boolean} matches whether the adapter handles this host
 * @property {string} editorSelector every editor (contenteditable) of a composer
 * @property {(editor: Element) => boolean} [isComposer] whether a visible match is a
 *   posting surface (never messaging); every match is when missing
 * @property {(editor: Element) => string | null} [titleOf] the title published with the
 *   draft, checked with it (LinkedIn articles), or null
 * @property {(editor: Element) => "draft" | "blocks"} modelKind how its text model is built
 * @property {(editor: Element) => Element | null} dialogOf the composer's dialog, if any
 * @property {(editor: Element) => Element} anchorOf the element after which the button and panel go
 * @property {(editor: Element) => ("image" | "video" | "document")[]} mediaOf media attached to the post
 */
import { linkedin } from "./linkedin.js";
import { x } from "./x.js";

export const SITES = [x, linkedin];

/**
 * The adapter for a host name, or null.
 * @param {string} host
 * @returns {Site | null}
 */
export function siteFor(host) {
  return SITES.find((s) => s.matches(host)) ?? null;
}
