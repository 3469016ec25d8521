// Timing helpers shared by the Node measurements: warm-up, then runs until a
// time budget is spent (at least `minIters`), reported as median and p95 in µs.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = process.env.BENCH_OUT || join(BENCH, 'out');
export const QUICK = process.env.BENCH_QUICK === '1';

/** The workload the native bench generated. */
export function workload() {
  const drafts = JSON.parse(readFileSync(join(OUT, 'drafts.json'), 'utf8'));
  const pack = (name) => readFileSync(join(OUT, `pack-${name}.json`), 'utf8');
  return { ...drafts, pack };
}

/** Options of every check: LinkedIn (3,000 characters allowed), English hints, a fixed date. */
export const CHECK_OPTIONS = { platform: 'linkedin', locale: 'en', date: '2026-11-25', media: [] };

function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * q))];
}

function round(x) {
  return x >= 100 ? Math.round(x) : Math.round(x * 100) / 100;
}

/** Median, p95 and minimum of run times in µs. */
export function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return { median_us: round(quantile(sorted, 0.5)), p95_us: round(quantile(sorted, 0.95)), min_us: round(quantile(sorted, 0)), iterations: sorted.length };
}

/**
 * Runs `fn` for a warm-up, then at least `minIters` times and until `ms` milliseconds are spent.
 * Returns stats in µs. `fn` may return a value; the last one is returned as `last`.
 */
export function measure(fn, { ms = 1000, minIters = 30, maxIters = 20000 } = {}) {
  if (QUICK) {
    ms = 0;
    minIters = 2;
    maxIters = 3;
  }
  let last = fn();
  const warmEnd = performance.now() + ms / 5;
  while (performance.now() < warmEnd) last = fn();
  const times = [];
  const start = performance.now();
  while (times.length < minIters || (performance.now() - start < ms && times.length < maxIters)) {
    const t = process.hrtime.bigint();
    last = fn();
    times.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  return { ...stats(times), last };
}
