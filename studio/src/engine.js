/**
 * The engine: postcheck's wasm with the Studio's calls (cargo feature
 * `studio`). In the folder flavour its bytes are embedded in the bundle (no
 * fetch: a page opened from a folder may not fetch files); in the extension
 * flavour it is the package's own file (wasm-source.extension.js).
 */
import init, * as wasm from "../generated/wasm/postcheck_wasm.js";
import source from "./wasm-source.js";

/** Today as YYYY-MM-DD (the engine has no clock), in the author's time zone. */
export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Starts the engine once; resolves to the wasm module's exports. */
let started;
export function startEngine() {
  started ??= init({ module_or_path: source }).then(() => wasm);
  return started;
}

/**
 * The problems of a refused pack thrown by the engine (`{problems}`), or the
 * message of an error, as one list of problems.
 * @param {unknown} thrown
 */
export function problemsOf(thrown) {
  if (thrown && typeof thrown === "object" && Array.isArray(/** @type {any} */ (thrown).problems)) return /** @type {any} */ (thrown).problems;
  return [{ severity: "error", path: "$", message: String(/** @type {any} */ (thrown)?.message ?? thrown) }];
}
