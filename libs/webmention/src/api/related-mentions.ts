/** Which mentions go together: the same target and the same author (a like and a reply by one person). */
import { domainToUnicode } from 'node:url';
import { hostOf } from '../url/host';
import { matchKey } from '../url/url-match';

/** What relating needs of a mention. */
export interface AuthoredMention {
  id: number;
  /** The target under the canonical matching policy (the store's `targetMatchHash`). */
  targetMatchHash: string;
  authorUrl: string | null;
}

/** The grouping key of a mention, or null when its author has no usable URL. */
function groupKey(m: AuthoredMention): string | null {
  const author = m.authorUrl ? matchKey(m.authorUrl) : null;
  return author === null ? null : `${m.targetMatchHash}\n${author}`;
}

/**
 * For each of `items`, the ids of the other `candidates` of the same target whose author URL matches under the
 * canonical policy (`matchKey`: `www.`, a trailing slash and query order do not matter), ascending.
 */
export function relatedIds(
  items: readonly AuthoredMention[],
  candidates: readonly AuthoredMention[],
): Map<number, number[]> {
  const groups = new Map<string, Set<number>>();
  for (const m of [...candidates, ...items]) {
    const key = groupKey(m);
    if (key === null) continue;
    const group = groups.get(key) ?? new Set<number>();
    group.add(m.id);
    groups.set(key, group);
  }
  const out = new Map<number, number[]>();
  for (const item of items) {
    const key = groupKey(item);
    const group = key === null ? undefined : groups.get(key);
    out.set(item.id, group ? [...group].filter((id) => id !== item.id).sort((a, b) => a - b) : []);
  }
  return out;
}

/**
 * Lowercase host names (without `www.`) of the items' authors: a cheap SQL pre-filter for candidates, which
 * {@link relatedIds} then matches exactly.
 */
export function authorHosts(items: readonly AuthoredMention[]): string[] {
  const hosts = new Set<string>();
  for (const item of items) {
    const host = item.authorUrl ? hostOf(item.authorUrl) : null;
    if (!host) continue;
    const bare = host.startsWith('www.') ? host.slice(4) : host;
    // NOTE: both spellings of an international name, as a stored URL may hold either.
    hosts.add(bare);
    const unicode = domainToUnicode(bare);
    if (unicode && unicode !== bare) hosts.add(unicode.toLowerCase());
  }
  return [...hosts];
}
