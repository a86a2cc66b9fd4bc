/** A small in-memory cache of author pages' answers: bounded in size, each entry with its own time to live. */

/** Most author URLs remembered by default. */
export const AUTHOR_PAGE_CACHE_SIZE = 1000;

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A least-recently-used map with expiry: `get` answers only entries younger than their time to live, and past
 * `maxEntries` the entry used longest ago is dropped.
 * NOTE: a `Map` iterates in insertion order, so re-inserting on use keeps the least recently used entry first.
 */
export class AuthorPageCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly maxEntries: number = AUTHOR_PAGE_CACHE_SIZE,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value stored for `key` if it has not expired, else undefined. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` for `ttlMs` milliseconds; a time to live of 0 or less stores nothing (and forgets `key`). */
  set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key);
    if (!(ttlMs > 0) || this.maxEntries < 1) return;
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** How many entries are held, expired ones not yet dropped included. */
  get size(): number {
    return this.entries.size;
  }
}
