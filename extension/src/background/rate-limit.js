/**
 * How often a tab may start a check: a token bucket per tab.
 *
 * A page script on LinkedIn or X can make the content script ask for checks
 * (synthetic clicks are refused, but a page can still focus, type and resize);
 * each check costs the worker CPU time. A person clicks "Check my draft" a few
 * times a minute, and perhaps a few times in a row to see a change: so a tab
 * may start `burst` checks at once (8) and then one more per second
 * (`perSecond`, 1), far above what anyone types and clicks, far below what a
 * script could send. A refused check is answered `busy` and the panel says in
 * plain words to try again in a moment. Only tabs are limited: the
 * extension's own pages (the popup) are the user's.
 */
export class RateLimiter {
  /**
   * @param {{burst?: number, perSecond?: number, now?: () => number, maxTabs?: number}} [options]
   */
  constructor({ burst = 8, perSecond = 1, now = () => Date.now(), maxTabs = 500 } = {}) {
    this.burst = burst;
    this.perSecond = perSecond;
    this.now = now;
    this.maxTabs = maxTabs;
    /** tab id -> {tokens, at} @type {Map<number, {tokens: number, at: number}>} */
    this.tabs = new Map();
  }

  /** The bucket of `tab`, refilled for the time since it was last used. */
  bucket(tab) {
    const at = this.now();
    const b = this.tabs.get(tab) ?? { tokens: this.burst, at };
    b.tokens = Math.min(this.burst, b.tokens + (Math.max(0, at - b.at) / 1000) * this.perSecond);
    b.at = at;
    return b;
  }

  /**
   * True (and one check counted) when `tab` may start a check now; false when
   * it has used its burst and the refill has not caught up.
   * @param {number} tab
   */
  take(tab) {
    const b = this.bucket(tab);
    this.tabs.set(tab, b);
    if (this.tabs.size > this.maxTabs) this.forgetIdle();
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Drops the tabs whose bucket is full again (they would start afresh anyway). */
  forgetIdle() {
    for (const tab of [...this.tabs.keys()]) {
      if (this.bucket(tab).tokens >= this.burst) this.tabs.delete(tab);
    }
  }
}
