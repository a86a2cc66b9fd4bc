/** Host normalisation and allow/deny list matching. */

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Lowercased ASCII (IDNA) form of a bare host with one trailing dot removed; IPv6 in brackets.
 * Returns '' when the string is not a valid host on its own (has a port, path, userinfo, ...).
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
  const name = parsed.hostname.toLowerCase();
  return name.endsWith('.') ? name.slice(0, -1) : name;
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

/** True when `host` equals an entry of `list` or, unless disabled, is a subdomain of one. */
export function hostInList(host: string, list: readonly string[], opts: HostInListOptions = {}): boolean {
  const subdomains = opts.subdomains ?? true;
  const h = normalizeHost(host);
  if (h === '') return false;
  const hostIsIp = h.startsWith('[') || IPV4.test(h);
  for (const entry of list) {
    const e = entryHost(entry);
    if (e === '') continue;
    if (h === e) return true;
    // NOTE: the dot boundary keeps `badexample.com` out of `example.com`; IP addresses have no subdomains.
    if (subdomains && !hostIsIp && !IPV4.test(e) && !e.startsWith('[') && h.endsWith(`.${e}`)) return true;
  }
  return false;
}
