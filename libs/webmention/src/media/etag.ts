/** Entity tags of served media and the `If-None-Match` check. */
import { createHash } from 'node:crypto';

/** A strong ETag for a body: a quoted prefix of its SHA-256. */
export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
}

/**
 * True when an `If-None-Match` value names `etag` (or is `*`); weak comparison, as RFC 9110 asks for this header.
 * NOTE: a list is split on commas outside quotes, so a tag containing a comma cannot fake a match.
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (typeof ifNoneMatch !== 'string' || ifNoneMatch.trim() === '') return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const tags = ifNoneMatch.match(/(?:W\/)?"[^"]*"/g) ?? [];
  return tags.some((tag) => opaque(tag) === opaque(etag));
}
