/**
 * A small in-memory cache of check results, keyed by the draft text and options.
 * It lives only as long as the worker; nothing is ever written to storage.
 */
export class ResultCache {
  /** @param {number} capacity most entries kept */
  constructor(capacity = 32) {
    this.capacity = capacity;
    /** @type {Map<string, any>} */
    this.entries = new Map();
  }

  /** The cached result for `key`, refreshed as most recently used. */
  get(key) {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Stores a result, dropping the least recently used one when full. */
  set(key, value) {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value);
    }
  }

  /** Forgets everything (after a pack change). */
  clear() {
    this.entries.clear();
  }
}
