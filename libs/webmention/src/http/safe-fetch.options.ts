// SafeFetcher configuration: option types, defaults and their normalisation.
import { systemLookup } from './guarded-connector';
import type { HostLookup } from './guarded-connector';

/** Settings shared by every request of one fetcher. */
export interface SafeFetchOptions {
  /** Allow loopback, private and other non-public destinations. @default false */
  allowPrivateAddresses?: boolean;
  /**
   * Hosts (and their subdomains) exempt from the address guard: `host` on every port, `host:port` (`[v6]:port`, or a
   * URL with a port) on that port only. @default []
   */
  allowedHosts?: string[];
  /** Redirects followed before failing with `too_many_redirects`. @default 5 */
  maxRedirects?: number;
  /** Total time for one request including redirects and body, in ms. @default 5000 */
  timeoutMs?: number;
  /** Time for DNS plus TCP/TLS connection setup, in ms. @default 3000 */
  connectTimeoutMs?: number;
  /** Streamed body cap in bytes; the transfer is aborted past it. @default 1048576 */
  maxBodyBytes?: number;
  /** User-Agent header; must contain "Webmention". @default 'nestjs-webmention (Webmention)' */
  userAgent?: string;
  /** How long a host name that did not resolve fails again without a new DNS lookup, in ms; 0: always ask. @default 30000 */
  dnsFailureTtlMs?: number;
  /** Name resolution, for tests or custom DNS; every address it returns is checked by the guard. @default system `dns.lookup` with `all: true` */
  lookup?: HostLookup;
}

/** Per-request settings. */
export interface SafeRequestInit {
  /** HTTP method. @default 'GET' */
  method?: 'GET' | 'HEAD' | 'POST';
  /** POST body, sent as application/x-www-form-urlencoded. @default undefined */
  form?: Record<string, string>;
  /** Extra request headers; they override the defaults except Accept-Encoding. @default {} */
  headers?: Record<string, string>;
  /** Follow 301/302/303/307/308 keeping POST and its body; otherwise 301/302/303 turn POST into GET, as fetch does. @default false */
  keepMethodOnRedirect?: boolean;
  /** Overrides `SafeFetchOptions.timeoutMs`. @default options.timeoutMs */
  timeoutMs?: number;
  /** Overrides `SafeFetchOptions.maxBodyBytes`. @default options.maxBodyBytes */
  maxBodyBytes?: number;
  /** Overrides `SafeFetchOptions.maxRedirects`. @default options.maxRedirects */
  maxRedirects?: number;
  /** Keep the body as bytes in `SafeResponse.raw` (for images) instead of decoding it into `body`. @default false */
  binary?: boolean;
}

/** Default User-Agent sent with every request. */
export const DEFAULT_USER_AGENT = 'nestjs-webmention (Webmention)';

/** Default Accept header: HTML first, then JSON and text. */
export const DEFAULT_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,application/json;q=0.8,text/plain;q=0.7,*/*;q=0.1';

/** Defaults of every {@link SafeFetchOptions} property but `lookup`. */
export const SAFE_FETCH_DEFAULTS: Readonly<Required<Omit<SafeFetchOptions, 'lookup'>>> = {
  allowPrivateAddresses: false,
  allowedHosts: [],
  maxRedirects: 5,
  timeoutMs: 5000,
  connectTimeoutMs: 3000,
  maxBodyBytes: 1048576,
  userAgent: DEFAULT_USER_AGENT,
  dnsFailureTtlMs: 30_000,
};

const DEFAULTS: Required<SafeFetchOptions> = { ...SAFE_FETCH_DEFAULTS, lookup: systemLookup };

/** Limits that apply to one request: the per-request overrides, else the fetcher's options. */
export interface RequestLimits {
  /** Total deadline in ms. */
  timeoutMs: number;
  /** Body cap in bytes. */
  maxBodyBytes: number;
  /** Redirects followed at most. */
  maxRedirects: number;
}

/** `value` floored when it is a finite number >= 0, else `fallback`. */
export function nonNegativeInt(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

/** `value` when it is a finite number > 0, else `fallback`. */
export function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Applies the defaults to `options`, replacing invalid numbers with the default and copying `allowedHosts`.
 * @throws TypeError when the User-Agent does not contain "Webmention".
 */
export function resolveSafeFetchOptions(options: SafeFetchOptions = {}): Required<SafeFetchOptions> {
  const userAgent = options.userAgent ?? DEFAULTS.userAgent;
  if (!/webmention/i.test(userAgent)) {
    throw new TypeError(`SafeFetcher userAgent must contain "Webmention": ${JSON.stringify(userAgent)}`);
  }
  return {
    allowPrivateAddresses: options.allowPrivateAddresses ?? DEFAULTS.allowPrivateAddresses,
    allowedHosts: [...(options.allowedHosts ?? DEFAULTS.allowedHosts)],
    maxRedirects: nonNegativeInt(options.maxRedirects, DEFAULTS.maxRedirects),
    timeoutMs: positive(options.timeoutMs, DEFAULTS.timeoutMs),
    connectTimeoutMs: positive(options.connectTimeoutMs, DEFAULTS.connectTimeoutMs),
    maxBodyBytes: nonNegativeInt(options.maxBodyBytes, DEFAULTS.maxBodyBytes),
    userAgent,
    dnsFailureTtlMs: nonNegativeInt(options.dnsFailureTtlMs, DEFAULTS.dnsFailureTtlMs),
    lookup: options.lookup ?? DEFAULTS.lookup,
  };
}

/** The limits of one request: valid per-request overrides win over the (resolved) fetcher options. */
export function resolveRequestLimits(init: SafeRequestInit, options: RequestLimits): RequestLimits {
  return {
    timeoutMs: positive(init.timeoutMs, options.timeoutMs),
    maxBodyBytes: nonNegativeInt(init.maxBodyBytes, options.maxBodyBytes),
    maxRedirects: nonNegativeInt(init.maxRedirects, options.maxRedirects),
  };
}
