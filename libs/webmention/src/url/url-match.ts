/** Conservative URL matching policy used to decide whether a document links to a target. */

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/**
 * Returns the port text written in the raw URL's authority, or '' when none was written.
 * NOTE: WHATWG URL drops default ports, yet the policy treats an explicit `:443` as different from none.
 */
function explicitPortText(raw: string): string {
  // NOTE: mirror WHATWG preprocessing: trim C0 controls/space, drop tab and newline anywhere.
  const cleaned = raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  const m = /^[a-z][a-z0-9+.-]*:[/\\]*([^/\\?#]*)/i.exec(cleaned);
  if (!m) return '';
  const authority = m[1];
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close === -1) return '';
    const rest = hostPort.slice(close + 1);
    return rest.startsWith(':') ? rest.slice(1) : '';
  }
  const colon = hostPort.lastIndexOf(':');
  return colon === -1 ? '' : hostPort.slice(colon + 1);
}

/** Normal form of `url` under the canonical matching policy, or null for an unparseable or non-http(s) URL. */
export function matchKey(url: string): string | null {
  if (typeof url !== 'string') return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const scheme = parsed.protocol;
  if (scheme !== 'http:' && scheme !== 'https:') return null;

  let host = parsed.hostname.toLowerCase();
  if (host.startsWith('www.') && host.length > 4) host = host.slice(4);

  let port = parsed.port;
  if (port === '' && explicitPortText(url) !== '') port = DEFAULT_PORTS[scheme];

  let path = parsed.pathname;
  // NOTE: exactly one trailing slash is insignificant; a doubled slash is a different path.
  if (path.length > 1 && path.endsWith('/') && !path.endsWith('//')) path = path.slice(0, -1);

  // NOTE: order-independent but multiset-exact, so duplicated parameters must appear equally often.
  const pairs = parsed.search
    .replace(/^\?/, '')
    .split('&')
    .filter((p) => p !== '')
    .sort();

  return JSON.stringify([scheme, parsed.username, parsed.password, host, port, path, pairs]);
}

/** True when both URLs are valid http(s) URLs with the same match key. */
export function urlsMatch(a: string, b: string): boolean {
  const ka = matchKey(a);
  return ka !== null && ka === matchKey(b);
}
