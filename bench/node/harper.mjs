// harper.js (Automattic's Rust grammar checker compiled to wasm) linting the
// same drafts in Node: the reference for "instant" checking in a browser.
// Writes out/harper.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LocalLinter } from 'harper.js';
import { binary } from 'harper.js/binary';
import { BENCH, OUT, QUICK, stats, workload } from './timing.mjs';

/** Like measure() in timing.mjs, for an async function. */
async function measureAsync(fn, { ms = 1000, minIters = 20, maxIters = 5000 } = {}) {
  if (QUICK) {
    ms = 0;
    minIters = 2;
    maxIters = 3;
  }
  let last = await fn();
  const warmEnd = performance.now() + ms / 5;
  while (performance.now() < warmEnd) last = await fn();
  const times = [];
  const start = performance.now();
  while (times.length < minIters || (performance.now() - start < ms && times.length < maxIters)) {
    const t = process.hrtime.bigint();
    last = await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  return { ...stats(times), last };
}

async function main() {
  const w = workload();
  const pkgDir = join(BENCH, 'node_modules', 'harper.js');
  const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  const wasm = readFileSync(join(pkgDir, 'dist', 'harper_wasm_bg.wasm'));
  const results = { quick: QUICK, version, wasm_bytes: wasm.length, wasm_gzip_bytes: gzipSync(wasm, { level: 9 }).length };

  const t0 = process.hrtime.bigint();
  const linter = new LocalLinter({ binary });
  await linter.setup();
  results.setup_us = Math.round(Number(process.hrtime.bigint() - t0) / 1000);
  console.error(`harper ${version} setup: ${results.setup_us} µs`);

  results.lint = {};
  for (const [size, text] of Object.entries(w.drafts)) {
    const s = await measureAsync(() => linter.lint(text, { language: 'plaintext' }), { ms: size === '30000' ? 3000 : 1500, minIters: size === '30000' ? 5 : 20 });
    s.lints = s.last.length;
    delete s.last;
    results.lint[size] = s;
    console.error(`harper lint ${size}: ${JSON.stringify(s)}`);
  }
  await linter.dispose();
  writeFileSync(join(OUT, 'harper.json'), `${JSON.stringify(results, null, 1)}\n`);
}

await main();
