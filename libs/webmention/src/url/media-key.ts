/** The opaque key under which a remote media URL (author photo, content image) is served from our origin. */
import { createHash } from 'node:crypto';

/** A media key: 64 lowercase hex digits (SHA-256). */
export const MEDIA_KEY_PATTERN = /^[0-9a-f]{64}$/;

/** The URL in the one form that is hashed: absolute http(s), WHATWG-serialised; null when it is not one. */
export function mediaUrlForm(url: string | null | undefined): string | null {
  if (typeof url !== 'string' || url.trim() === '') return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * SHA-256 (hex) of the URL's serialised form, or null when it is not an absolute http(s) URL.
 * NOTE: the stored media rows and the rewritten URLs both go through this, so spellings that serialise alike
 * (host case, default port, an empty path) share one key.
 */
export function mediaKeyOf(url: string | null | undefined): string | null {
  const form = mediaUrlForm(url);
  return form === null ? null : createHash('sha256').update(form).digest('hex');
}

/** True for a well-formed media key (any other route parameter is answered 404 without a lookup). */
export function isMediaKey(value: unknown): value is string {
  return typeof value === 'string' && MEDIA_KEY_PATTERN.test(value);
}
