/**
 * Re-checking while the panel is open, hints dismissed "not here", and the
 * count of open hints on the "Check my draft" button.
 *
 * Re-check: while a composer's panel is open, the user's own edits (trusted
 * `keydown`, `beforeinput`, `paste`, `drop`, `cut` on the editor: a page's
 * synthetic events and its `execCommand` make none of these trusted) start a
 * pause (RECHECK_PAUSE_MS); each further edit starts it again, so nothing is
 * checked per keystroke. When the pause ends, the draft is read and, if it
 * changed since the last check, checked again: the panel shows the new answer
 * (fixed hints leave, new ones come) and when it was checked. Closing the
 * panel cancels a pending pause.
 *
 * "Not here": the user dismissed a hint for this draft. Kept in memory only,
 * for this composer, until its draft is emptied (posted, cleared) or the page
 * is reloaded. "Not again" is the worker's (background/dismissals.js).
 *
 * The count: a host element inside the button with a CLOSED shadow root and a
 * fixed box; the number is inside the root. The page sees the same host, the
 * same box, the same attributes and style, whatever the count.
 */

/** The pause after the user's last edit before a re-check (ms). */
export const RECHECK_PAUSE_MS = 500;

/** A re-check the worker answered `busy` (its rate limit) is tried again after this long (ms). */
export const RECHECK_BUSY_RETRY_MS = 1100;

/** The editor's events that only the user's own edits make trusted. */
export const EDIT_EVENTS = ["keydown", "beforeinput", "paste", "drop", "cut"];

/**
 * Runs `run` once the pokes stop for `delay` ms (a poke during the pause
 * starts it again). `timers` is injectable for tests.
 */
export class Debouncer {
  /**
   * @param {number} delay
   * @param {() => void} run
   * @param {{set: (fn: () => void, ms: number) => any, clear: (id: any) => void}} [timers]
   */
  constructor(delay, run, timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (id) => clearTimeout(id) }) {
    this.delay = delay;
    this.run = run;
    this.timers = timers;
    this.timer = null;
  }

  /** Starts the pause (again). */
  poke(delay = this.delay) {
    this.cancel();
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.run();
    }, delay);
  }

  /** Forgets a pending pause. */
  cancel() {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  /** True while a pause is pending. */
  get pending() {
    return this.timer !== null;
  }
}

/** What names a hint for "not here": its pack, rule and passage. @param {{pack?: string, rule: string, excerpt?: string}} hint */
function hereKey(hint) {
  return `${hint.pack ?? ""}\u0000${hint.rule}\u0000${hint.excerpt ?? ""}`;
}

/** Most hints one composer keeps dismissed "not here" (the oldest go). */
const MAX_NOT_HERE = 500;

/** The hints dismissed "not here" in one composer (memory only). */
export class NotHere {
  constructor() {
    /** @type {Set<string>} */
    this.keys = new Set();
  }

  /** @param {{pack?: string, rule: string, excerpt?: string}} hint */
  add(hint) {
    this.keys.add(hereKey(hint));
    while (this.keys.size > MAX_NOT_HERE) this.keys.delete(this.keys.values().next().value);
  }

  /** @param {{pack?: string, rule: string, excerpt?: string}} hint */
  has(hint) {
    return this.keys.has(hereKey(hint));
  }

  clear() {
    this.keys.clear();
  }

  /**
   * The result without the hints dismissed here (a new object; the same one when none is).
   * @param {{hints: any[]}} result
   */
  filter(result) {
    if (this.keys.size === 0) return result;
    const hints = result.hints.filter((h) => !this.has(h));
    return hints.length === result.hints.length ? result : { ...result, hints };
  }
}

/** The count host's style: one box, whatever it shows. */
const COUNT_HOST_STYLE = {
  display: "inline-block",
  boxSizing: "border-box",
  width: "2.2em",
  height: "1.2em",
  margin: "0 0 0 0.3em",
  padding: "0",
  border: "0",
  overflow: "hidden",
  verticalAlign: "middle",
  contain: "strict",
  lineHeight: "1.2em",
};

/** The count's own style (inside the closed root). */
const COUNT_CSS = `
  :host { all: initial; }
  span { display: block; width: 100%; height: 100%; box-sizing: border-box; border-radius: 0.6em;
    font: 600 0.85em/1.4em system-ui, sans-serif; text-align: center; color: #fff; background: #8a5a00; }
  span:empty { background: transparent; }
`;

/** The number of open hints, in a closed shadow root inside the button. */
export class CountBadge {
  /** @param {Document} doc */
  constructor(doc) {
    this.host = doc.createElement("span");
    this.host.setAttribute("data-postcheck", "count");
    Object.assign(this.host.style, COUNT_HOST_STYLE);
    const root = this.host.attachShadow({ mode: "closed" });
    const style = doc.createElement("style");
    style.textContent = COUNT_CSS;
    this.value = doc.createElement("span");
    this.value.setAttribute("data-postcheck", "count-value");
    root.append(style, this.value);
  }

  /**
   * Shows the number of open hints (nothing: `null`).
   * @param {number | null} count
   */
  set(count) {
    this.value.textContent = count === null ? "" : count > 99 ? "99+" : String(count);
  }

  /** What it shows ("" when nothing). */
  get text() {
    return this.value.textContent;
  }
}
