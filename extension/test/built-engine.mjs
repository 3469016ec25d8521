/**
 * The built engine (extension/generated/wasm, written by `extension/build.sh
 * build`) for the unit tests that run the real wasm: its folder, whether it is
 * built (tests skip with `skip` when not), and its module, instantiated once.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const wasmDir = join(dirname(fileURLToPath(import.meta.url)), "..", "generated", "wasm");
export const built = existsSync(join(wasmDir, "postcheck_wasm_bg.wasm"));
export const skip = !built && "the engine is not built (build.sh build)";

let glue;
/** The engine's module (the wasm-bindgen glue), instantiated on first use. */
export async function engine() {
  if (!glue) {
    glue = await import(join(wasmDir, "postcheck_wasm.js"));
    await glue.default({ module_or_path: readFileSync(join(wasmDir, "postcheck_wasm_bg.wasm")) });
  }
  return glue;
}
