/**
 * Where the engine's wasm comes from, in the folder flavour (dist/): its bytes,
 * embedded in studio.js (esbuild's binary loader), because a page opened from a
 * folder (file://) may not fetch files. The extension flavour builds with
 * wasm-source.extension.js instead (scripts/bundle.mjs).
 */
import bytes from "../generated/wasm/postcheck_wasm_bg.wasm";

export default bytes;
