/**
 * Small DOM helpers. Every text from a pack, a draft or the engine is set as
 * text (`textContent`), never as HTML: a pack is untrusted.
 */

/**
 * An element with attributes and, optionally, text.
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {string} [text]
 */
export function h(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The element with id `id` (the page's structure is fixed in index.html). @param {string} id */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from index.html`);
  return node;
}

/**
 * Offers `text` as a file download named `name`: a blob link clicked, then
 * let go. Nothing is sent anywhere.
 * @param {string} name
 * @param {string} text
 * @param {string} [type]
 */
export function download(name, text, type = "application/json") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: name });
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Calls `fn` once typing has paused for `ms`.
 * @param {() => void} fn
 * @param {number} ms
 */
export function debounce(fn, ms) {
  let timer;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}
