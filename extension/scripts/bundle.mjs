/**
 * Assembles the loadable extension folders `dist/chromium/` and `dist/firefox/`
 * from src/, _locales/, the wasm built by build.sh (generated/wasm/) and the
 * Pack Studio's extension page (../studio/dist-extension/, built by
 * ../studio/build.sh build, which build.sh runs first).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { iconPng } from "./icons.mjs";
import { MANAGED_SCHEMA, manifest } from "./manifest.mjs";
import { panelCss } from "../src/content/styles.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const wasmDir = join(root, "generated", "wasm");
const studioDir = join(root, "..", "studio", "dist-extension");
if (!existsSync(join(studioDir, "studio.html"))) {
  throw new Error("studio/dist-extension/studio.html is missing: run ./extension/build.sh build (or ./studio/build.sh build) first");
}

/** Bundles once into a staging folder, then copies it per browser. */
const stage = join(root, "dist", ".stage");
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });

const common = { bundle: true, target: ["chrome111", "firefox140"], legalComments: "none", logLevel: "warning" };
await esbuild.build({
  ...common,
  entryPoints: { background: join(root, "src/background/worker.js") },
  format: "esm",
  outdir: stage,
});
await esbuild.build({
  ...common,
  entryPoints: { content: join(root, "src/content/main.js") },
  format: "iife",
  outdir: stage,
});
await esbuild.build({
  ...common,
  entryPoints: {
    popup: join(root, "src/popup/popup.js"),
    options: join(root, "src/options/options.js"),
    panel: join(root, "src/panel/panel.js"),
    guidelines: join(root, "src/guidelines/guidelines.js"),
  },
  format: "esm",
  outdir: stage,
});

cpSync(join(root, "src/popup/popup.html"), join(stage, "popup.html"));
cpSync(join(root, "src/options/options.html"), join(stage, "options.html"));
cpSync(join(root, "src/panel/panel.html"), join(stage, "panel.html"));
cpSync(join(root, "src/guidelines/guidelines.html"), join(stage, "guidelines.html"));
cpSync(join(root, "src/guidelines/guidelines.css"), join(stage, "guidelines.css"));
writeFileSync(join(stage, "panel.css"), `/* postcheck: the panel page (shown in an iframe next to the composer) */${panelCss}`);
cpSync(join(root, "src/shared/pages.css"), join(stage, "pages.css"));
cpSync(join(root, "_locales"), join(stage, "_locales"), { recursive: true });
cpSync(join(wasmDir, "postcheck_wasm_bg.wasm"), join(stage, "postcheck_wasm_bg.wasm"));
// The Pack Studio (studio.html, studio.js, studio.css, postcheck_studio_bg.wasm): only its page loads them.
for (const name of readdirSync(studioDir)) cpSync(join(studioDir, name), join(stage, name));
mkdirSync(join(stage, "icons"));
for (const size of [16, 32, 48, 128]) writeFileSync(join(stage, "icons", `icon-${size}.png`), iconPng(size));

for (const browser of ["chromium", "firefox"]) {
  const out = join(root, "dist", browser);
  rmSync(out, { recursive: true, force: true });
  cpSync(stage, out, { recursive: true });
  writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest(browser, version), null, 2)}\n`);
  if (browser === "chromium") writeFileSync(join(out, "managed-schema.json"), `${JSON.stringify(MANAGED_SCHEMA, null, 2)}\n`);
}
rmSync(stage, { recursive: true, force: true });
console.log(`assembled dist/chromium and dist/firefox (version ${version})`);
