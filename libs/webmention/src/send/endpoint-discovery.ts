/** Webmention endpoint discovery (W3C Webmention §3.1.2). */
import LinkHeader from 'http-link-header';
import type { Outcome } from '../outcome';
import { attr, documentBaseUrl, isHtmlMediaType, parseHtml, relHasToken, resolveUrl, walkElements } from '../html';
import { isTransient } from '../http';
import type { FetchFailureCode, FetchOutcome, SafeFetcher, SafeResponse } from '../http';
import { isBlockedBeforeLookup } from '../http/address-guard';
import { isExempt } from '../http/guarded-connector';

/** The relation type that names a Webmention endpoint. */
export const WEBMENTION_REL = 'webmention';

/**
 * The first Webmention endpoint named by `Link` header lines, resolved against `baseUrl`, or null.
 * Every line and every comma-separated link is considered in order; an unparseable line is skipped.
 */
export function endpointFromLinkHeaders(values: string[], baseUrl: string): string | null {
  for (const value of values ?? []) {
    if (typeof value !== 'string') continue;
    let refs: LinkHeader.Reference[];
    try {
      refs = LinkHeader.parse(value).refs;
    } catch {
      // NOTE: one broken line from a misbehaving proxy must not hide a valid one on the next line.
      continue;
    }
    for (const ref of refs) {
      if (typeof ref.uri !== 'string' || !relHasToken(ref.rel, WEBMENTION_REL)) continue;
      const resolved = resolveUrl(ref.uri, baseUrl);
      if (resolved !== null) return resolved;
    }
  }
  return null;
}

/**
 * The href of the first `<link>` or `<a>` whose rel contains `webmention`, resolved against the document's base URL
 * (`<base href>` honoured), or null. An element without href is skipped; an empty href names the page itself.
 */
export function endpointFromHtml(html: string, baseUrl: string): string | null {
  const document = parseHtml(html);
  const base = documentBaseUrl(document, baseUrl);
  for (const el of walkElements(document)) {
    if (el.tagName !== 'link' && el.tagName !== 'a') continue;
    if (!relHasToken(attr(el, 'rel'), WEBMENTION_REL)) continue;
    const href = attr(el, 'href');
    if (href === undefined) continue;
    // NOTE: the Recommendation says an empty href is the page itself, whatever `<base>` says.
    const resolved = href.trim() === '' ? pageUrl(baseUrl) : resolveUrl(href, base);
    if (resolved !== null) return resolved;
  }
  return null;
}

/** `url` without its fragment, or null when it does not parse. */
function pageUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return null;
  }
}

/** Why discovery found no usable endpoint. */
export type DiscoveryFailureReason =
  'no_endpoint' | FetchFailureCode | 'http_status' | 'blocked_endpoint' | 'invalid_endpoint';

/** Where and how discovery looked, on success and failure alike. */
interface DiscoveryContext {
  /** The target URL discovery started from. */
  target: string;
  /** Where the endpoint was found (or the refused one was advertised). */
  source?: 'link-header' | 'html';
  /** Final URL of the response examined last, after redirects. */
  finalUrl?: string;
  /** HTTP status of the response examined last. */
  status?: number;
}

/**
 * Outcome of discovering a target's Webmention endpoint: `ok` with the absolute `endpoint`, or a failure with its
 * `reason` and `endpoint: null`.
 */
export type DiscoveryResult = Outcome<
  DiscoveryContext & { endpoint: string; source: 'link-header' | 'html'; transient: false },
  DiscoveryFailureReason,
  DiscoveryContext & { endpoint: null }
>;

/** Fetch failures that depend only on the URL, so a GET would fail the same way as the HEAD did. */
const URL_FAILURES = new Set<FetchFailureCode>(['invalid_url', 'blocked_address']);

/**
 * Discovers the Webmention endpoint of `targetUrl`: HEAD first, then a GET from the original target when the HEAD
 * fails, is refused or names no endpoint; Link header before HTML. Never rejects and never caches, since receivers
 * may issue one-time endpoint URLs.
 */
export async function discoverEndpoint(fetcher: SafeFetcher, targetUrl: string): Promise<DiscoveryResult> {
  const head = await fetcher.request(targetUrl, { method: 'HEAD' });
  if (!head.ok && URL_FAILURES.has(head.reason) && head.redirects.length === 0) {
    return failure(targetUrl, head);
  }
  if (head.ok && head.status < 400) {
    const endpoint = endpointFromLinkHeaders(head.headers['link'] ?? [], head.url);
    if (endpoint !== null) return found(fetcher, targetUrl, endpoint, 'link-header', head);
  }

  const get = await fetcher.request(targetUrl, { method: 'GET' });
  if (!get.ok || get.status >= 400) return failure(targetUrl, get);
  const fromHeader = endpointFromLinkHeaders(get.headers['link'] ?? [], get.url);
  if (fromHeader !== null) return found(fetcher, targetUrl, fromHeader, 'link-header', get);
  if (isHtmlMediaType(get.contentType)) {
    const fromHtml = endpointFromHtml(get.body, get.url);
    if (fromHtml !== null) return found(fetcher, targetUrl, fromHtml, 'html', get);
  }
  return {
    ok: false,
    target: targetUrl,
    endpoint: null,
    finalUrl: get.url,
    status: get.status,
    reason: 'no_endpoint',
    message: `no Webmention endpoint advertised by ${get.url}`,
    transient: false,
  };
}

/** Result for a fetch that failed or answered with an error status. */
function failure(target: string, outcome: FetchOutcome): DiscoveryResult {
  if (!outcome.ok) {
    return {
      ok: false,
      target,
      endpoint: null,
      finalUrl: outcome.url,
      reason: outcome.reason,
      message: outcome.message,
      transient: outcome.transient,
    };
  }
  return {
    ok: false,
    target,
    endpoint: null,
    finalUrl: outcome.url,
    status: outcome.status,
    reason: 'http_status',
    message: `target answered HTTP ${outcome.status}`,
    transient: isTransient(outcome),
  };
}

/** Result for an advertised endpoint, refused when it is not http(s) or points at a non-public address literal. */
function found(
  fetcher: SafeFetcher,
  target: string,
  endpoint: string,
  source: 'link-header' | 'html',
  response: SafeResponse,
): DiscoveryResult {
  const base = { target, source, finalUrl: response.url, status: response.status };
  const url = new URL(endpoint);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      ...base,
      endpoint: null,
      reason: 'invalid_endpoint',
      message: `endpoint ${endpoint} is not http(s)`,
      transient: false,
    };
  }
  if (isGuardedHost(fetcher, url)) {
    return {
      ok: false,
      ...base,
      endpoint: null,
      reason: 'blocked_endpoint',
      message: `endpoint ${endpoint} is not a public address`,
      transient: false,
    };
  }
  return { ok: true, ...base, endpoint, transient: false };
}

/**
 * True when the fetcher's guard would refuse the URL's host without a DNS lookup: a non-public IP literal or a local name.
 * NOTE: names resolving to private addresses can only be caught when connecting, which the fetcher does at delivery.
 */
function isGuardedHost(fetcher: SafeFetcher, url: URL): boolean {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (isExempt(fetcher.options, url.hostname, port)) return false;
  return isBlockedBeforeLookup(url.hostname);
}
