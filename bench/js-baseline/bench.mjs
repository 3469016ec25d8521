// The JavaScript baseline on the same workload: compile time of the large
// pack, check time per draft, and the adversarial drafts (each in a child
// process with a timeout, since a backtracking RegExp cannot be interrupted).
// Writes out/js-baseline.json.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECK_OPTIONS, OUT, QUICK, measure, workload } from '../node/timing.mjs';
import { compilePack } from './baseline.mjs';

const TIMEOUT_MS = Number(process.env.BENCH_JS_TIMEOUT_MS || (QUICK ? 2000 : 10000));
const CHILD = fileURLToPath(new URL('./adversarial-child.mjs', import.meta.url));

function main() {
  const w = workload();
  const results = { quick: QUICK, node: process.version, timeout_ms: TIMEOUT_MS };

  results.compile = {};
  for (const name of ['starter', 'large']) {
    const json = w.pack(name);
    const s = measure(() => compilePack(JSON.parse(json)), { ms: 1000, minIters: 10 });
    delete s.last;
    results.compile[name] = s;
    console.error(`js compile ${name}: ${JSON.stringify(s)}`);
  }

  results.check = {};
  for (const name of ['starter', 'large']) {
    const pack = compilePack(JSON.parse(w.pack(name)));
    results.check[name] = {};
    for (const [size, text] of Object.entries(w.drafts)) {
      // The large pack takes the baseline hundreds of milliseconds per check: fewer runs.
      const slow = name === 'large';
      const s = measure(() => pack.check(text, CHECK_OPTIONS), slow ? { ms: size === '30000' ? 1 : 3000, minIters: size === '30000' ? 3 : 10 } : { ms: 1500 });
      s.hints = s.last.hints.length;
      delete s.last;
      results.check[name][size] = s;
      console.error(`js check ${name} ${size}: ${JSON.stringify(s)}`);
    }
  }

  // Adversarial drafts: one child per length, killed after the timeout.
  results.adversarial = {};
  for (const n of Object.keys(w.adversarial)) {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [CHILD, n], { encoding: 'utf8', timeout: TIMEOUT_MS, env: process.env });
    const wall = Number(process.hrtime.bigint() - started) / 1e3;
    if (child.error?.code === 'ETIMEDOUT' || child.signal) {
      results.adversarial[n] = { finished: false, over_us: TIMEOUT_MS * 1000, wall_us: Math.round(wall) };
    } else if (child.status !== 0) {
      throw new Error(`adversarial child ${n} failed: ${child.stderr}`);
    } else {
      results.adversarial[n] = { finished: true, ...JSON.parse(child.stdout) };
    }
    console.error(`js adversarial ${n}: ${JSON.stringify(results.adversarial[n])}`);
  }

  writeFileSync(join(OUT, 'js-baseline.json'), `${JSON.stringify(results, null, 1)}\n`);
}

main();
