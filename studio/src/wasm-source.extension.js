/**
 * Where the engine's wasm comes from, in the extension flavour (studio.html in
 * the extension's package): its own file next to studio.js, fetched from the
 * package (a smaller zip than bytes embedded in a script, and the package says
 * what it is). scripts/bundle.mjs swaps this module in for wasm-source.js.
 */
export default new URL("postcheck_studio_bg.wasm", import.meta.url);
