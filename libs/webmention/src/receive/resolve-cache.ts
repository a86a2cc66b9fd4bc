/** Most targets {@link ResolveCache} remembers; the oldest answers go first. */
export const RESOLVE_CACHE_MAX_ENTRIES = 10_000;

interface Entry {
  value: Promise<unknown>;
  expiresAt: number;
}

/**
 * A short-lived memo of `UrlResolver.resolve` answers by target URL: each answer (a content object or null) is reused
 * for `ttlMs`; concurrent look-ups of one target share one call; a look-up that throws is not remembered. Bounded
 * in entries, so a flood of distinct targets cannot grow it.
 */
export class ResolveCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = RESOLVE_CACHE_MAX_ENTRIES,
    private readonly now: () => number = Date.now,
  ) {}

  resolve(target: string, load: () => Promise<unknown>): Promise<unknown> {
    if (this.ttlMs === 0) return load();
    const now = this.now();
    const cached = this.entries.get(target);
    if (cached && cached.expiresAt > now) return cached.value;
    if (cached) this.entries.delete(target);
    const value = load();
    this.entries.set(target, { value, expiresAt: now + this.ttlMs });
    value.catch(() => {
      if (this.entries.get(target)?.value === value) this.entries.delete(target);
    });
    // NOTE: a Map iterates in insertion order, so its first key is the oldest entry.
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
