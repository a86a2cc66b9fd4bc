/**
 * CORS headers of the read API, set by hand so they apply to these routes only (never to moderation): the allowed
 * origin echoed with `Vary: Origin`, or `*`; nothing at all when CORS is off.
 */

/** Origins allowed to read the API from a browser: `'*'`, or a list of origins (`https://example.com`). */
export type CorsOrigins = '*' | readonly string[];

/** Headers scripts may read on a cross-origin response. */
const EXPOSED = 'ETag, Link';
/** Request headers a preflight may ask for when it names none we can check. */
const ALLOWED_HEADERS = 'Accept, If-None-Match';
/** How long browsers may keep a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = '600';

/** The serialised origin (`scheme://host[:port]`, lowercase) of an `Origin` header, or null for anything else. */
export function normalizeOrigin(origin: string): string | null {
  if (typeof origin !== 'string' || origin.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(origin.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.origin;
}

/** What the request said about CORS: its `Origin` and, on a preflight, the headers it wants to send. */
export interface CorsRequest {
  origin?: string;
  /** `Access-Control-Request-Headers` of a preflight. */
  requestHeaders?: string;
  preflight?: boolean;
}

/** The CORS response headers for a request under the configured origins (already normalised). */
export function corsHeaders(allowed: CorsOrigins, request: CorsRequest): Record<string, string> {
  if (allowed !== '*' && allowed.length === 0) return {};
  const headers: Record<string, string> = {};
  if (allowed === '*') {
    headers['Access-Control-Allow-Origin'] = '*';
  } else {
    // NOTE: the answer depends on Origin, so shared caches must key on it even when this origin is refused.
    headers.Vary = 'Origin';
    const origin = request.origin === undefined ? null : normalizeOrigin(request.origin);
    if (origin === null || !allowed.includes(origin)) return headers;
    headers['Access-Control-Allow-Origin'] = origin;
  }
  headers['Access-Control-Expose-Headers'] = EXPOSED;
  if (request.preflight) {
    headers['Access-Control-Allow-Methods'] = 'GET, OPTIONS';
    const asked = request.requestHeaders?.trim() ?? '';
    // NOTE: header names are echoed only when they are plain tokens, so nothing odd is reflected into a response.
    headers['Access-Control-Allow-Headers'] =
      asked !== '' &&
      asked.length <= 1024 &&
      /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(?:\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/.test(asked)
        ? asked
        : ALLOWED_HEADERS;
    headers['Access-Control-Max-Age'] = PREFLIGHT_MAX_AGE;
  }
  return headers;
}
