/**
 * Assembles the Pack Studio in two flavours.
 *
 * dist/ (a folder or any static host): index.html, studio.js (one classic
 * script with the wasm engine embedded, so that the page works opened from a
 * folder, where a page may fetch nothing), studio.css (with the extension's
 * pages.css, so that hints look as in the panel) and the pack schema.
 *
 * dist-extension/ (copied into the extension's package by
 * extension/scripts/bundle.mjs): studio.html, studio.js as a module script
 * (the extension's pages load only `<script type="module" src>` from the
 * package), studio.css, and the wasm as its own file postcheck_studio_bg.wasm,
 * fetched from the package (its CSP allows connections to 'self' only).
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist");
const outExtension = join(root, "dist-extension");
for (const dir of [out, outExtension]) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

const common = {
  entryPoints: { studio: join(root, "src/main.js") },
  bundle: true,
  minify: true,
  legalComments: "none",
  logLevel: "warning",
};

await esbuild.build({
  ...common,
  format: "iife",
  target: ["chrome111", "firefox140", "safari16"],
  loader: { ".wasm": "binary" },
  // The wasm-bindgen glue's default wasm URL (never used: the bytes are given).
  define: { "import.meta.url": '"about:blank"' },
  outdir: out,
});

/** The extension flavour takes the wasm from its own file: src/wasm-source.extension.js. */
const wasmFromPackage = {
  name: "wasm-from-package",
  setup(build) {
    build.onResolve({ filter: /^\.\/wasm-source\.js$/ }, () => ({ path: join(root, "src/wasm-source.extension.js") }));
  },
};
await esbuild.build({
  ...common,
  format: "esm",
  target: ["chrome111", "firefox140"],
  plugins: [wasmFromPackage],
  outdir: outExtension,
});

for (const dir of [out, outExtension]) {
  await esbuild.build({
    entryPoints: { studio: join(root, "src/studio.css") },
    bundle: true,
    minify: true,
    logLevel: "warning",
    outdir: dir,
  });
}

const page = readFileSync(join(root, "src/index.html"), "utf8");
writeFileSync(join(out, "index.html"), page);
writeFileSync(join(outExtension, "studio.html"), extensionPage(page));
cpSync(join(root, "generated/wasm/postcheck_wasm_bg.wasm"), join(outExtension, "postcheck_studio_bg.wasm"));
cpSync(join(root, "..", "schema", "pack-v1.schema.json"), join(out, "pack-v1.schema.json"));
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
writeFileSync(join(out, "README.txt"), `postcheck Pack Studio ${version}\nOpen index.html in a browser (from this folder or any static web host). Nothing you type leaves the page.\n`);
console.log("assembled studio/dist and studio/dist-extension");

/**
 * index.html as the extension's studio.html: a module script, and a CSP that
 * lets the page fetch its wasm from the package ('self'), nothing else.
 * Throws if index.html no longer has what is replaced, so that the two pages
 * never drift apart unnoticed.
 * @param {string} html
 */
function extensionPage(html) {
  const swaps = [
    ['<script src="studio.js"></script>', '<script type="module" src="studio.js"></script>'],
    ["connect-src 'none'", "connect-src 'self'"],
    ["the engine's wasm is in studio.js.", "the engine's wasm is the package's postcheck_studio_bg.wasm (connect-src 'self')."],
  ];
  for (const [from, to] of swaps) {
    if (!html.includes(from)) throw new Error(`studio/src/index.html: "${from}" is missing; update extensionPage() in studio/scripts/bundle.mjs with it`);
    html = html.replace(from, to);
  }
  return html;
}
