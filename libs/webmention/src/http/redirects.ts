// Redirect handling: request hops, Location resolution, the next hop after a redirect and loop detection keys.
import type { SafeRequestInit } from './safe-fetch.options';

/** Statuses that redirect when they carry a usable Location. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Credentials that must not follow a redirect to another origin. */
const CROSS_ORIGIN_DROPPED = ['authorization', 'proxy-authorization', 'cookie'];

/** HTTP methods the client sends. */
export type Method = 'GET' | 'HEAD' | 'POST';

/** One request of a (possibly redirected) exchange. */
export interface Hop {
  /** Where this hop goes. */
  url: URL;
  /** Its method. */
  method: Method;
  /** Its form-encoded body, for POST. */
  body: string | undefined;
  /** Its request headers, lowercased names. */
  headers: Record<string, string>;
}

/** Parses `input` (relative to `base`) as a URL; undefined when it is not one. */
export function parseHttpUrl(input: string, base?: URL): URL | undefined {
  try {
    return new URL(input, base);
  } catch {
    return undefined;
  }
}

/** True for http: and https: URLs. */
export function isHttp(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

/** The first hop of a request: `init.method` (default GET), and for POST the form body and its Content-Type. */
export function initialHop(url: URL, init: SafeRequestInit, headers: Record<string, string>): Hop {
  const hop: Hop = { url, method: init.method ?? 'GET', body: undefined, headers };
  if (hop.method === 'POST') {
    hop.body = new URLSearchParams(init.form ?? {}).toString();
    hop.headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  return hop;
}

/** Identifies a hop for loop detection: method, URL without fragment and body. */
export function hopKey(hop: Hop): string {
  const url = new URL(hop.url.href);
  url.hash = '';
  return `${hop.method} ${url.href} ${hop.body ?? ''}`;
}

/** Resolves a raw Location header value against `base`; undefined when missing, empty or unparseable. */
export function redirectLocation(raw: string | string[] | undefined, base: URL): URL | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const target = parseHttpUrl(value.trim(), base);
  // NOTE: as in fetch, a Location without a fragment keeps the fragment of the URL that redirected.
  if (target && !target.hash && base.hash && isHttp(target)) target.hash = base.hash;
  return target;
}

/**
 * The hop that follows `hop` redirected with `status` to `location`: 303 (non-GET/HEAD) and 301/302 (POST) turn
 * into a body-less GET unless `keepMethod`; credentials are dropped when the origin changes.
 */
export function redirectHop(hop: Hop, status: number, location: URL, keepMethod: boolean): Hop {
  const headers = { ...hop.headers };
  let method = hop.method;
  let body = hop.body;
  const toGet =
    !keepMethod &&
    ((status === 303 && method !== 'GET' && method !== 'HEAD') ||
      ((status === 301 || status === 302) && method === 'POST'));
  if (toGet) {
    method = 'GET';
    body = undefined;
    delete headers['content-type'];
  }
  if (location.origin !== hop.url.origin) {
    for (const name of CROSS_ORIGIN_DROPPED) delete headers[name];
  }
  return { url: location, method, body, headers };
}
