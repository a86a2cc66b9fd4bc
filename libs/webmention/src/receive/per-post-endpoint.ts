/**
 * Per-post endpoints: an endpoint URL scoped to one content object, `ENDPOINT?post=<key>` (W3C Webmention §3.1.2:
 * senders keep an endpoint's query string, and an endpoint found on a page is that page's).
 */
import { createHash } from 'node:crypto';
import { matchKey } from '../url/url-match';

/** Name of the query parameter that carries the post key. */
export const POST_KEY_PARAM = 'post';

/** A post key: 16 lowercase hex characters. */
const POST_KEY = /^[0-9a-f]{16}$/;

/**
 * The opaque key of a content object, from its canonical absolute URL: the first 16 hex characters of the SHA-256 of
 * the URL's match key, so spellings the matching policy treats as one URL (`www.`, host case, a trailing slash,
 * query order) share a key.
 */
export function postKeyOf(absoluteUrl: string): string {
  return createHash('sha256')
    .update(matchKey(absoluteUrl) ?? absoluteUrl)
    .digest('hex')
    .slice(0, 16);
}

/** True when `value` has the form of a post key (a single string of 16 lowercase hex characters). */
export function isPostKey(value: unknown): value is string {
  return typeof value === 'string' && POST_KEY.test(value);
}

/** The absolute endpoint URL: `base` + `endpointPath`, with `?post=<key>` when a post key is given. */
export function endpointUrlOf(base: string, endpointPath: string, postKey?: string | null): string {
  const url = `${base.replace(/\/+$/, '')}${endpointPath}`;
  return postKey ? `${url}?${POST_KEY_PARAM}=${postKey}` : url;
}
