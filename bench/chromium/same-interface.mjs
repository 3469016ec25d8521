// Exits 0 when two wasm modules have the same imports and exports (the same
// wasm-bindgen glue works for both), 1 otherwise.
import { existsSync, readFileSync } from 'node:fs';

const [a, b] = process.argv.slice(2);
if (!a || !b || !existsSync(a) || !existsSync(b)) process.exit(1);
const shape = (path) => {
  const m = new WebAssembly.Module(readFileSync(path));
  return JSON.stringify([WebAssembly.Module.imports(m), WebAssembly.Module.exports(m)]);
};
process.exit(shape(a) === shape(b) ? 0 : 1);
