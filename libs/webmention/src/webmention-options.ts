import type { WebmentionHttpOptions, WebmentionModuleExtras, WebmentionModuleOptions, WebmentionRetryOptions, WebmentionSendOptions } from './interfaces/webmention-options.interface';
import { DEFAULT_API_PATH, DEFAULT_ENDPOINT_PATH } from './webmention.constants';
import { SAFE_FETCH_DEFAULTS } from './http/safe-fetcher';

/** Options after defaults and validation; what the library's services read. */
export interface ResolvedWebmentionOptions
  extends Required<Omit<WebmentionModuleOptions, 'baseUrl' | 'urlResolver' | 'spamChecker' | 'commentAdapter' | 'http' | 'verifyRetry' | 'authorship' | 'send'>> {
  send: Required<Omit<WebmentionSendOptions, 'retry'>> & { retry: Required<WebmentionRetryOptions> };
  authorship: { fetchAuthorPage: boolean };
  baseUrl: string | null;
  urlResolver: WebmentionModuleOptions['urlResolver'];
  spamChecker: WebmentionModuleOptions['spamChecker'];
  commentAdapter: WebmentionModuleOptions['commentAdapter'];
  http: Required<WebmentionHttpOptions>;
  verifyRetry: Required<WebmentionRetryOptions>;
}

/** Extras after defaults. */
export type ResolvedWebmentionExtras = Required<WebmentionModuleExtras>;

/** Thrown at boot when the module is configured wrongly; the message says what to change. */
export class WebmentionConfigError extends Error {
  constructor(message: string) {
    super(`WebmentionModule: ${message}`);
    this.name = 'WebmentionConfigError';
  }
}

/** Default `User-Agent` of outbound requests. */
export { DEFAULT_USER_AGENT } from './http/safe-fetcher';

const HTTP_DEFAULTS: Required<WebmentionHttpOptions> = SAFE_FETCH_DEFAULTS;

const RETRY_DEFAULTS: Required<WebmentionRetryOptions> = { attempts: 5, backoffMs: 2000, maxBackoffMs: 3_600_000 };

/** The object without its `undefined` values, so spreading it over defaults keeps them. */
function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function positiveInt(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new WebmentionConfigError(`${name} must be a whole number of at least ${min} (got ${String(value)}).`);
  }
  return value;
}

function hostOf(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `http://${value}`);
  } catch {
    throw new WebmentionConfigError(`${name} has an invalid host "${value}".`);
  }
  return url.host.toLowerCase();
}

/** Applies defaults to the extras and checks them. */
export function resolveExtras(extras: WebmentionModuleExtras): ResolvedWebmentionExtras {
  const resolved: ResolvedWebmentionExtras = {
    isGlobal: extras.isGlobal ?? false,
    queue: extras.queue ?? 'inline',
    processor: extras.processor ?? true,
    controllers: extras.controllers ?? true,
    endpointPath: extras.endpointPath ?? DEFAULT_ENDPOINT_PATH,
    apiPath: extras.apiPath ?? DEFAULT_API_PATH,
  };
  if (resolved.queue !== 'bull' && resolved.queue !== 'inline') {
    throw new WebmentionConfigError(`queue must be 'bull' or 'inline' (got '${String(resolved.queue)}').`);
  }
  for (const key of ['endpointPath', 'apiPath'] as const) {
    if (!/^\/[A-Za-z0-9._~\-/]*$/.test(resolved[key])) {
      throw new WebmentionConfigError(`${key} must be a path starting with '/' (got '${resolved[key]}').`);
    }
  }
  return resolved;
}

/** Applies defaults to the options and validates them, failing with a message that says what to change. */
export function resolveOptions(options: WebmentionModuleOptions): ResolvedWebmentionOptions {
  let baseUrl: string | null = null;
  if (options.baseUrl !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(options.baseUrl);
    } catch {
      throw new WebmentionConfigError(`baseUrl must be an absolute http(s) URL such as 'https://example.com' (got '${options.baseUrl}').`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new WebmentionConfigError(`baseUrl must use http or https (got '${options.baseUrl}').`);
    }
    baseUrl = parsed.origin + parsed.pathname.replace(/\/+$/, '');
  }
  const targetHosts = (options.targetHosts ?? (baseUrl ? [baseUrl] : [])).map((h) => hostOf('targetHosts', h));
  if (targetHosts.length === 0) {
    throw new WebmentionConfigError('set baseUrl (e.g. https://example.com) or targetHosts, so the endpoint knows whose URLs it accepts as targets.');
  }
  const initialModeration = options.initialModeration ?? 'approved';
  if (initialModeration !== 'approved' && initialModeration !== 'pending') {
    throw new WebmentionConfigError(`initialModeration must be 'approved' or 'pending' (got '${String(initialModeration)}').`);
  }
  const http = { ...HTTP_DEFAULTS, ...definedOnly(options.http) };
  if (!/webmention/i.test(http.userAgent)) {
    throw new WebmentionConfigError(`http.userAgent must contain the word "Webmention" so receivers can tell what is fetching them.`);
  }
  positiveInt('http.maxRedirects', http.maxRedirects, 5, 0);
  positiveInt('http.timeoutMs', http.timeoutMs, 5000);
  positiveInt('http.connectTimeoutMs', http.connectTimeoutMs, 3000);
  positiveInt('http.maxBodyBytes', http.maxBodyBytes, 1024 * 1024);
  const retry = { ...RETRY_DEFAULTS, ...definedOnly(options.verifyRetry) };
  positiveInt('verifyRetry.attempts', retry.attempts, 5);
  positiveInt('verifyRetry.backoffMs', retry.backoffMs, 2000, 0);
  positiveInt('verifyRetry.maxBackoffMs', retry.maxBackoffMs, 3_600_000, 0);
  const sendRetry = { attempts: 6, backoffMs: 5000, maxBackoffMs: 3_600_000, ...definedOnly(options.send?.retry) };
  positiveInt('send.retry.attempts', sendRetry.attempts, 6);
  positiveInt('send.retry.backoffMs', sendRetry.backoffMs, 5000, 0);
  positiveInt('send.retry.maxBackoffMs', sendRetry.maxBackoffMs, 3_600_000, 0);
  const send = {
    sendToOwnHost: options.send?.sendToOwnHost ?? false,
    maxTargets: positiveInt('send.maxTargets', options.send?.maxTargets, 100),
    perHostConcurrency: positiveInt('send.perHostConcurrency', options.send?.perHostConcurrency, 2),
    retry: sendRetry,
  };
  return {
    baseUrl,
    send,
    targetHosts,
    urlResolver: options.urlResolver,
    spamChecker: options.spamChecker,
    commentAdapter: options.commentAdapter,
    initialModeration,
    autoApproveHosts: options.autoApproveHosts ?? [],
    authorship: { fetchAuthorPage: options.authorship?.fetchAuthorPage ?? false },
    maxUrlLength: positiveInt('maxUrlLength', options.maxUrlLength, 2048, 16),
    maxRequestBytes: positiveInt('maxRequestBytes', options.maxRequestBytes, 8192, 256),
    http,
    verifyRetry: retry,
    sweepIntervalMs: positiveInt('sweepIntervalMs', options.sweepIntervalMs, 60_000, 0),
    enqueueTimeoutMs: positiveInt('enqueueTimeoutMs', options.enqueueTimeoutMs, 2000),
    inlineConcurrency: positiveInt('inlineConcurrency', options.inlineConcurrency, 4),
  };
}
