/** Host names: one normal form, the lookup form the address guard needs, list matching and per-URL keys. */

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Lowercased ASCII (IDNA) form of a bare host without trailing dots; IPv6 in brackets, IPv4 in dotted decimal.
 * Returns '' when the string is not a valid host on its own (has a port, path, userinfo, ...).
 * NOTE: every trailing dot goes, not just one: `localhost..` must not slip past a name check that `localhost.` fails.
 */
export function normalizeHost(host: string): string {
  let text = typeof host === 'string' ? host.trim() : '';
  if (text === '') return '';
  // NOTE: a bare IPv6 address is bracketed so it parses; `example.com:80` then fails, as a port is not a host.
  if (!text.startsWith('[') && text.includes(':')) text = `[${text}]`;
  let parsed: URL;
  try {
    parsed = new URL(`http://${text}/`);
  } catch {
    return '';
  }
  // NOTE: anything that spilled into another URL part means the input was more than a host.
  if (
    parsed.pathname !== '/' ||
    parsed.port !== '' ||
    parsed.username !== '' ||
    parsed.password !== '' ||
    parsed.search !== '' ||
    parsed.hash !== '' ||
    /[/?#@\\]/.test(text)
  ) {
    return '';
  }
  return parsed.hostname.toLowerCase().replace(/\.+$/, '');
}

/**
 * {@link normalizeHost} without IPv6 brackets: the form `net.isIP` and DNS lookups take. '' when not a host.
 * NOTE: built on the same normalisation, so the address guard and the host lists agree on case, dots and IDNA.
 */
export function hostForLookup(host: string): string {
  const h = normalizeHost(host);
  return h.startsWith('[') ? h.slice(1, -1) : h;
}

/** True for an IPv4 or (bracketed) IPv6 literal in {@link normalizeHost} form. */
function isIpLiteral(normalized: string): boolean {
  return normalized.startsWith('[') || IPV4.test(normalized);
}

/** Options for {@link hostInList}. */
export interface HostInListOptions {
  /** Whether `blog.example.com` matches an entry `example.com`. Default true. */
  subdomains?: boolean;
}

/** Normalised host of a list entry given as a host, `*.host`, `.host` or a full URL; '' when unusable. */
function entryHost(entry: string): string {
  const text = typeof entry === 'string' ? entry.trim() : '';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      return normalizeHost(new URL(text).hostname);
    } catch {
      return '';
    }
  }
  return normalizeHost(text.replace(/^\*?\./, ''));
}

/** An entry of the address guard's `allowedHosts`: a host (and its subdomains), on one port or on every port. */
export interface HostPortEntry {
  host: string;
  /** The one port the entry exempts; null for every port. */
  port: string | null;
}

/**
 * Parses an `allowedHosts` entry: `host`, `*.host`, `.host`, `host:port`, `[v6]:port` or a URL (whose explicit port
 * counts). An entry without a port exempts every port of the host. Null when unusable.
 */
export function parseHostPortEntry(entry: string): HostPortEntry | null {
  const text = typeof entry === 'string' ? entry.trim() : '';
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : null;
  const withPort = url ? null : /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(text);
  if (withPort) {
    const host = entryHost(withPort[1]);
    const port = Number(withPort[2]);
    return host !== '' && port >= 1 && port <= 65535 ? { host, port: String(port) } : null;
  }
  const host = entryHost(text);
  if (host === '') return null;
  let port: string | null = null;
  if (url) {
    try {
      port = new URL(url).port || null;
    } catch {
      return null;
    }
  }
  return { host, port };
}

/**
 * True when `host` on `port` (digits; the scheme's default when the URL names none) is exempted by an entry of
 * `list` (see {@link parseHostPortEntry}): the same host or a subdomain of it, and the entry's port if it has one.
 */
export function hostPortInList(host: string, port: string, list: readonly string[]): boolean {
  return list.some((raw) => {
    const entry = parseHostPortEntry(raw);
    if (!entry || (entry.port !== null && entry.port !== port)) return false;
    return hostInList(host, [entry.host]);
  });
}

/**
 * True when `host` equals an entry of `list` or, unless disabled, is a subdomain of one.
 * Entries may be hosts, `*.host`, `.host` or URLs; unusable entries (with a port, userinfo, ...) never match.
 */
export function hostInList(host: string, list: readonly string[], opts: HostInListOptions = {}): boolean {
  const subdomains = opts.subdomains ?? true;
  const h = normalizeHost(host);
  if (h === '') return false;
  const hostIsIp = isIpLiteral(h);
  for (const entry of list) {
    const e = entryHost(entry);
    if (e === '') continue;
    if (h === e) return true;
    // NOTE: the dot boundary keeps `badexample.com` out of `example.com`; IP addresses have no subdomains.
    if (subdomains && !hostIsIp && !isIpLiteral(e) && h.endsWith(`.${e}`)) return true;
  }
  return false;
}

/** Parsed http(s) URL, or null for anything else. */
function httpUrl(url: string | URL): URL | null {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return null;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : null;
}

/**
 * The {@link normalizeHost} form of an http(s) URL's host (no port), or null when it is not an http(s) URL with a host.
 * NOTE: host-less or non-web URLs (`mailto:x@blocked.example`) have no host, so they cannot pass as an unlisted one.
 */
export function hostOf(url: string | URL): string | null {
  const parsed = httpUrl(url);
  const host = parsed === null ? '' : normalizeHost(parsed.hostname);
  return host === '' ? null : host;
}

/**
 * Comparable site of an http(s) URL: {@link hostOf} without a leading `www.` (as in URL matching), plus any
 * non-default port; null when not an http(s) URL.
 * NOTE: a different port is a different site (e.g. two apps on one machine), while http and https on their default
 * ports are the same site.
 */
export function siteKey(url: string | URL): string | null {
  const parsed = httpUrl(url);
  let host = parsed === null ? null : hostOf(parsed);
  if (parsed === null || host === null) return null;
  if (host.startsWith('www.') && host.length > 4) host = host.slice(4);
  return parsed.port === '' ? host : `${host}:${parsed.port}`;
}
