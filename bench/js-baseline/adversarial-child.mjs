// One check of an adversarial draft (`aaaa…!`) with the baseline of the
// adversarial pack (the large pack plus two nested-quantifier patterns).
// Prints {median_us, runs} on stdout; the parent kills it after its timeout.
import { CHECK_OPTIONS, stats, workload } from '../node/timing.mjs';
import { compilePack } from './baseline.mjs';

const n = process.argv[2];
const w = workload();
const text = w.adversarial[n];
if (text === undefined) throw new Error(`no adversarial draft ${n}`);
const pack = compilePack(JSON.parse(w.pack('adversarial')));
// V8 compiles each RegExp on first use (the 10,000-term alternations take a while): not part of the case.
pack.check('warm-up', CHECK_OPTIONS);
const times = [];
const end = performance.now() + 300;
do {
  const t = process.hrtime.bigint();
  pack.check(text, CHECK_OPTIONS);
  times.push(Number(process.hrtime.bigint() - t) / 1000);
} while (performance.now() < end && times.length < 50);
const s = stats(times);
process.stdout.write(JSON.stringify({ median_us: s.median_us, runs: s.iterations }));
