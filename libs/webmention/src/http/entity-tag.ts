/** Entity tags of the responses this library serves (read API, stylesheet, media) and the `If-None-Match` check. */
import { createHash } from 'node:crypto';

/** A quoted entity tag from a hash of the body (`W/"…"` when `weak`): equal bodies, equal tags, in any process. */
export function entityTag(body: string | Buffer, weak = false): string {
  const tag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return weak ? `W/${tag}` : tag;
}

/** The opaque part of an entity tag, without `W/` and quotes; '' when it is not a well-formed tag. */
function opaqueTag(tag: string): string {
  const m = /^(?:W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/.exec(tag.trim());
  return m ? m[1] : '';
}

/**
 * True when an `If-None-Match` header names `etag` (weak comparison, as RFC 9110 §13.1.2 asks) or is `*`.
 * NOTE: tags are read as quoted strings, so a comma inside one cannot fake a match; an oversized or malformed header
 * never matches, and the client just gets the full response.
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (typeof ifNoneMatch !== 'string' || ifNoneMatch.length > 8192) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const wanted = opaqueTag(etag);
  return wanted !== '' && (ifNoneMatch.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => opaqueTag(tag) === wanted);
}
