/** HTTP caching of read responses: weak ETags from the body, `If-None-Match`, `Cache-Control`. */
import { createHash } from 'node:crypto';

/** A weak ETag (`W/"…"`) from a hash of the response body: equal bodies, equal tags, whichever process answers. */
export function weakEtag(body: string): string {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** The opaque part of an entity tag, without `W/` and quotes; '' when it is not a well-formed tag. */
function opaqueTag(tag: string): string {
  const m = /^(?:W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/.exec(tag.trim());
  return m ? m[1] : '';
}

/**
 * True when an `If-None-Match` header names `etag` (weak comparison, as RFC 9110 asks for `If-None-Match`), or is `*`.
 * A malformed header never matches, so the client just gets the full response.
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (typeof ifNoneMatch !== 'string' || ifNoneMatch.length > 8192) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const wanted = opaqueTag(etag);
  return wanted !== '' && ifNoneMatch.split(',').some((tag) => opaqueTag(tag) === wanted);
}

/** `Cache-Control` of a public read response kept `maxAgeSeconds`; 0 asks caches to revalidate every time. */
export function cacheControl(maxAgeSeconds: number): string {
  return maxAgeSeconds > 0 ? `public, max-age=${maxAgeSeconds}` : 'public, no-cache';
}

/** A `Link` header value pointing at the next page. */
export function nextLink(url: string): string {
  return `<${url}>; rel="next"`;
}
