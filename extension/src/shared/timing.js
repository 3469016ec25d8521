/**
 * Stage timings on the extension's own performance timeline (User Timing:
 * `performance.measure`), for the benchmark (bench/chromium/click.mjs) and for
 * anyone profiling in the browser's dev tools. They stay in the context that
 * measured them (the worker, the panel page): nothing is sent or stored, and
 * the site's scripts cannot read another origin's timeline. One entry per name
 * is kept (the latest), so the timeline does not grow with use.
 *
 * Names: `postcheck:instantiate`, `postcheck:pack-read`, `postcheck:compile`
 * (detail: {pack, examples}), `postcheck:check`, `postcheck:handle`,
 * `postcheck:warm-up` (worker); `postcheck:render`, `postcheck:frame` (panel page).
 */

/** Now, on this context's performance clock. */
export const now = () => performance.now();

/**
 * Records `name` from `start` (a `now()`) until now.
 * @param {string} name
 * @param {number} start
 * @param {object} [detail]
 */
export function measure(name, start, detail) {
  try {
    performance.clearMeasures(name);
    performance.measure(name, { start, end: performance.now(), detail });
  } catch {
    // No User Timing here: nothing to record.
  }
}

/**
 * Records the moment `name` (a mark).
 * @param {string} name
 */
export function mark(name) {
  try {
    performance.clearMarks(name);
    performance.mark(name);
  } catch {
    // No User Timing here: nothing to record.
  }
}
