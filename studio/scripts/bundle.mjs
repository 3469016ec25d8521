/**
 * Assembles the Pack Studio in dist/: index.html, studio.js (one classic
 * script with the wasm engine embedded, so that the page works opened from a
 * folder, where a page may fetch nothing), studio.css (with the extension's
 * pages.css, so that hints look as in the panel) and the pack schema.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await esbuild.build({
  entryPoints: { studio: join(root, "src/main.js") },
  bundle: true,
  format: "iife",
  target: ["chrome111", "firefox140", "safari16"],
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  loader: { ".wasm": "binary" },
  // The wasm-bindgen glue's default wasm URL (never used: the bytes are given).
  define: { "import.meta.url": '"about:blank"' },
  outdir: out,
});
await esbuild.build({
  entryPoints: { studio: join(root, "src/studio.css") },
  bundle: true,
  minify: true,
  logLevel: "warning",
  outdir: out,
});
cpSync(join(root, "src/index.html"), join(out, "index.html"));
cpSync(join(root, "..", "schema", "pack-v1.schema.json"), join(out, "pack-v1.schema.json"));
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
writeFileSync(join(out, "README.txt"), `postcheck Pack Studio ${version}\nOpen index.html in a browser (from this folder or any static web host). Nothing you type leaves the page.\n`);
console.log("assembled studio/dist");
