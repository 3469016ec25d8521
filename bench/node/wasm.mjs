// The engine in Node, through the real postcheck-wasm API (wasm-bindgen
// --target nodejs build in out/wasm-node): pack compile time (`new Engine`),
// check time per draft (`engine.check`, spans converted to UTF-16 and results
// handed over as JS objects, as the extension gets them), the term-count
// scaling curve, the adversarial drafts, and the linear memory the large pack
// takes. Writes out/wasm.json.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CHECK_OPTIONS, OUT, QUICK, measure, workload } from './timing.mjs';

const require = createRequire(import.meta.url);
const WASM_JS = join(OUT, 'wasm-node', 'postcheck_wasm.js');

/** Memory of a fresh instance before and after compiling `pack` (run in a child: linear memory never shrinks). */
function memoryOf(pack) {
  const script = `
    const w = require(${JSON.stringify(WASM_JS)});
    const fs = require('fs');
    const json = fs.readFileSync(${JSON.stringify(join(OUT, `pack-${pack}.json`))}, 'utf8');
    const before = w.__memory().buffer.byteLength;
    const engine = new w.Engine(json);
    const after = w.__memory().buffer.byteLength;
    engine.check('warm', {});
    process.stdout.write(JSON.stringify({ before, after, held_bytes: after - before }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

function main() {
  const { Engine } = require(WASM_JS);
  const w = workload();
  const results = { quick: QUICK, node: process.version };

  results.compile = {};
  for (const name of ['starter', 'large', 'terms-100', 'terms-10000', 'terms-100000']) {
    const json = w.pack(name);
    const slow = name === 'large' || name === 'terms-100000';
    const s = measure(() => new Engine(json).free(), { ms: slow ? 4000 : 1500, minIters: slow ? 10 : 30 });
    delete s.last;
    results.compile[name] = s;
    console.error(`wasm compile ${name}: ${JSON.stringify(s)}`);
  }

  {
    // What a worker restart does with a pack this engine imported before: no examples.
    const json = w.pack('large');
    const s = measure(() => Engine.withoutExamples(json).free(), { ms: 4000, minIters: 10 });
    delete s.last;
    results.compile['large-without-examples'] = s;
    console.error(`wasm compile large without examples: ${JSON.stringify(s)}`);
  }

  results.check = {};
  for (const name of ['starter', 'large']) {
    const engine = new Engine(w.pack(name));
    results.check[name] = {};
    for (const [size, text] of Object.entries(w.drafts)) {
      const s = measure(() => engine.check(text, CHECK_OPTIONS), { ms: 1500 });
      s.hints = s.last.hints.length;
      delete s.last;
      results.check[name][size] = s;
      console.error(`wasm check ${name} ${size}: ${JSON.stringify(s)}`);
    }
    engine.free();
  }

  {
    // Length, on the same text: the 30,000-character draft against its ten
    // 3,000-character slices, checked one after the other (see bench/native).
    const engine = new Engine(w.pack('large'));
    const long = [...w.drafts['30000']];
    const slices = [];
    for (let i = 0; i < long.length; i += 3000) slices.push(long.slice(i, i + 3000).join(''));
    const round = measure(() => slices.map((s) => engine.check(s, CHECK_OPTIONS)), { ms: 3000 });
    const perSlice = {};
    for (const k of ['median_us', 'p95_us', 'min_us']) perSlice[k] = round[k] / slices.length;
    perSlice.iterations = round.iterations;
    const { last: wholeReport, ...whole } = measure(() => engine.check(w.drafts['30000'], CHECK_OPTIONS), { ms: 3000 });
    results.linearity_same_text = {
      slices: slices.length,
      slice: perSlice,
      whole,
      slice_hints: round.last.reduce((n, r) => n + r.hints.length, 0),
      whole_hints: wholeReport.hints.length,
    };
    console.error(`wasm length, same text: ${JSON.stringify(results.linearity_same_text)}`);
    engine.free();
  }

  results.scaling_terms = {};
  for (const n of [100, 10000, 100000]) {
    const engine = new Engine(w.pack(`terms-${n}`));
    const s = measure(() => engine.check(w.drafts['3000'], CHECK_OPTIONS), { ms: 1000 });
    s.hints = s.last.hints.length;
    delete s.last;
    results.scaling_terms[n] = s;
    console.error(`wasm scaling ${n}: ${JSON.stringify(s)}`);
    engine.free();
  }

  results.adversarial = {};
  const adv = new Engine(w.pack('adversarial'));
  for (const [n, text] of Object.entries(w.adversarial)) {
    const s = measure(() => adv.check(text, CHECK_OPTIONS), { ms: 300 });
    s.hints = s.last.hints.length;
    delete s.last;
    results.adversarial[n] = s;
  }
  console.error(`wasm adversarial: ${JSON.stringify(results.adversarial)}`);

  results.memory = {};
  for (const name of ['starter', 'large']) results.memory[name] = memoryOf(name);
  console.error(`wasm memory: ${JSON.stringify(results.memory)}`);

  writeFileSync(join(OUT, 'wasm.json'), `${JSON.stringify(results, null, 1)}\n`);
}

main();
