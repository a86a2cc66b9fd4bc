import type { HostLookup } from './guarded-connector';

/** Resolver errors that say the name does not resolve (as opposed to a refused or reset connection). */
const NAME_ERRORS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'ENODATA', 'EAI_NONAME', 'ENONAME']);

/** Host names remembered at most; the oldest is forgotten first. */
const MAX_ENTRIES = 10_000;

/**
 * Wraps a lookup so that a name that failed to resolve fails again at once, without asking DNS, for `ttlMs`:
 * a source host that does not resolve is looked up once per window, not once per retry and per submission.
 * Successful answers are not cached here (the system resolver and undici's connections do that). 0 turns it off.
 */
export function withNegativeLookupCache(lookup: HostLookup, ttlMs: number, now = () => Date.now()): HostLookup {
  if (ttlMs <= 0) return lookup;
  const failures = new Map<string, { error: Error; until: number }>();
  return async (hostname) => {
    const key = hostname.toLowerCase();
    const known = failures.get(key);
    if (known && known.until > now()) throw known.error;
    if (known) failures.delete(key);
    try {
      return await lookup(hostname);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== undefined && NAME_ERRORS.has(code)) {
        if (failures.size >= MAX_ENTRIES) failures.delete(failures.keys().next().value!);
        failures.set(key, { error: error as Error, until: now() + ttlMs });
      }
      throw error;
    }
  };
}
