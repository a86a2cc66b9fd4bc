/** Validation of incoming URLs and the canonical keys used to store and compare them. */

/** Why a raw string was refused as an http(s) URL. */
export type UrlProblem = 'unparseable' | 'unsupported_scheme' | 'userinfo' | 'too_long';

/** Options for {@link parseHttpUrl}. */
export interface ParseHttpUrlOptions {
  /** Longest accepted URL in characters, after trimming. Default 2048. */
  maxLength?: number;
  /** Name used in the message, e.g. `source` or `target`. Default `URL`. */
  label?: string;
}

/** Result of {@link parseHttpUrl}. */
export type ParseHttpUrlResult = { ok: true; url: URL } | { ok: false; problem: UrlProblem; message: string };

/** Default maximum URL length accepted by {@link parseHttpUrl}. */
export const DEFAULT_MAX_URL_LENGTH = 2048;

/** Parses an absolute http(s) URL without userinfo, refusing anything else with a typed problem. */
export function parseHttpUrl(raw: string, opts: ParseHttpUrlOptions = {}): ParseHttpUrlResult {
  const maxLength = opts.maxLength ?? DEFAULT_MAX_URL_LENGTH;
  const label = opts.label ?? 'URL';
  const text = typeof raw === 'string' ? raw.trim() : '';
  // NOTE: the length check comes first so hostile megabyte inputs are never handed to the parser.
  if (text.length > maxLength) {
    return { ok: false, problem: 'too_long', message: `${label} must be at most ${maxLength} characters` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: 'unparseable', message: `${label} must be an absolute http(s) URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: 'unsupported_scheme', message: `${label} must use the http or https scheme` };
  }
  // NOTE: `https://@host` parses with empty userinfo, so look at the raw authority too.
  if (url.username !== '' || url.password !== '' || hasAtInAuthority(text)) {
    return { ok: false, problem: 'userinfo', message: `${label} must not contain a user name or password` };
  }
  return { ok: true, url };
}

/** True when the authority part of an already-parseable URL string contains `@`. */
function hasAtInAuthority(text: string): boolean {
  const m = /^[a-z][a-z0-9+.-]*:[/\\]*([^/\\?#]*)/i.exec(text.replace(/[\t\n\r]/g, ''));
  return m !== null && m[1].includes('@');
}

/** Canonical uniqueness key of a stored URL: WHATWG `href` without the fragment. Throws on unparseable input. */
export function pairKey(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}

/** True when both URLs name the same resource (equal {@link pairKey}); false when either is unparseable. */
export function sameResource(a: string, b: string): boolean {
  try {
    return pairKey(a) === pairKey(b);
  } catch {
    return false;
  }
}
