/** Turns the options and extras given to `forRoot`/`forRootAsync` into what the services read, or explains why not. */
import type {
  WebmentionAuthorshipOptions,
  WebmentionHttpOptions,
  WebmentionModuleExtras,
  WebmentionModuleOptions,
  WebmentionMf2Options,
  WebmentionParsingOptions,
  WebmentionRenderOptions,
  WebmentionRetryOptions,
  WebmentionSendOptions,
} from './interfaces/webmention-options.interface';
import {
  ResolvedApiOptions,
  ResolvedModerationOptions,
  resolveApiOptions,
  resolveModerationOptions,
} from './api/api-options';
import { ResolvedLiveOptions, resolveLiveOptions } from './api/live/live-options';
import { ResolvedMediaProxyOptions, resolveMediaProxyOptions } from './media/media-proxy.options';
import { ResolvedRateLimit, resolveRateLimit } from './receive/rate-limit.options';
import { resolveWatchOptions, WatchFolderOptions } from './watch/watch-options';
import { WebmentionConfigError } from './webmention-config.exception';
import { WEBMENTION_DEFAULTS } from './webmention.defaults';

/** Options after defaults and validation; what the library's services read. */
export interface ResolvedWebmentionOptions extends Required<
  Omit<
    WebmentionModuleOptions,
    | 'baseUrl'
    | 'urlResolver'
    | 'spamChecker'
    | 'commentAdapter'
    | 'http'
    | 'verifyRetry'
    | 'authorship'
    | 'send'
    | 'inlineConcurrency'
    | 'render'
    | 'api'
    | 'moderation'
    | 'content'
    | 'mf2'
    | 'rateLimit'
    | 'watch'
    | 'parsing'
  >
> {
  parsing: Required<WebmentionParsingOptions>;
  rateLimit: ResolvedRateLimit;
  watch: WatchFolderOptions | null;
  content: { maxChars: number };
  send: Required<Omit<WebmentionSendOptions, 'retry'>> & { retry: Required<WebmentionRetryOptions> };
  authorship: Required<WebmentionAuthorshipOptions>;
  mf2: Required<WebmentionMf2Options>;
  baseUrl: string | null;
  urlResolver: WebmentionModuleOptions['urlResolver'];
  spamChecker: WebmentionModuleOptions['spamChecker'];
  commentAdapter: WebmentionModuleOptions['commentAdapter'];
  http: Required<WebmentionHttpOptions>;
  verifyRetry: Required<WebmentionRetryOptions>;
  render: ResolvedRenderOptions;
  api: ResolvedApiOptions;
  moderation: ResolvedModerationOptions;
}

/** Render options after defaults and validation. */
export interface ResolvedRenderOptions extends Required<Omit<WebmentionRenderOptions, 'templatesDir'>> {
  templatesDir: string | null;
}

/** Extras after defaults. */
export type ResolvedWebmentionExtras = Required<WebmentionModuleExtras> & {
  moderationPath: string;
  mediaProxy: ResolvedMediaProxyOptions;
  live: ResolvedLiveOptions;
};

const DEFAULTS = WEBMENTION_DEFAULTS.options;

/** The object without its `undefined` values, so spreading it over defaults keeps them. */
function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `value` when it is a whole number of at least `min`, else a {@link WebmentionConfigError} naming `name`. */
function wholeNumber(name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw new WebmentionConfigError(`${name} must be a whole number of at least ${min} (got ${String(value)}).`);
  }
  return value;
}

/** A retry policy with defaults applied and every number checked. */
function retryPolicy(
  name: string,
  given: WebmentionRetryOptions | undefined,
  defaults: Required<WebmentionRetryOptions>,
): Required<WebmentionRetryOptions> {
  const retry = { ...defaults, ...definedOnly(given) };
  wholeNumber(`${name}.attempts`, retry.attempts);
  wholeNumber(`${name}.backoffMs`, retry.backoffMs, 0);
  wholeNumber(`${name}.maxBackoffMs`, retry.maxBackoffMs, 0);
  return retry;
}

/** A `targetHosts` entry as `host[:port]`, lowercased; a URL is accepted for its host. */
function targetHostOf(name: string, value: string): string {
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
  const merged = { ...WEBMENTION_DEFAULTS.extras, ...definedOnly(extras) };
  const resolved: ResolvedWebmentionExtras = {
    ...merged,
    moderationPath: merged.moderationPath ?? `${merged.apiPath.replace(/\/+$/, '')}/moderation`,
    mediaProxy: resolveMediaProxyOptions(extras.mediaProxy),
    live: resolveLiveOptions(extras.live),
  };
  if (resolved.queue !== 'bull' && resolved.queue !== 'inline') {
    throw new WebmentionConfigError(`queue must be 'bull' or 'inline' (got '${String(resolved.queue)}').`);
  }
  const paths: [string, unknown][] = [
    ['endpointPath', resolved.endpointPath],
    ['apiPath', resolved.apiPath],
    ['moderationPath', resolved.moderationPath],
  ];
  if (resolved.metricsPath !== false) paths.push(['metricsPath', resolved.metricsPath]);
  for (const [key, value] of paths) {
    if (typeof value !== 'string' || !/^\/[A-Za-z0-9._~\-/]*$/.test(value)) {
      throw new WebmentionConfigError(`${key} must be a path starting with '/' (got '${String(value)}').`);
    }
  }
  if (resolved.moderationPath.replace(/\/+$/, '') === resolved.apiPath.replace(/\/+$/, '')) {
    throw new WebmentionConfigError(`moderationPath must differ from apiPath (both are '${resolved.apiPath}').`);
  }
  return resolved;
}

/** The site's base URL without a trailing slash, or null when none is given. */
function resolveBaseUrl(value: string | undefined): string | null {
  if (value === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new WebmentionConfigError(
      `baseUrl must be an absolute http(s) URL such as 'https://example.com' (got '${value}').`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new WebmentionConfigError(`baseUrl must use http or https (got '${value}').`);
  }
  return parsed.origin + parsed.pathname.replace(/\/+$/, '');
}

/** `value` when it is a boolean, else a {@link WebmentionConfigError} naming `name`. */
function flag(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new WebmentionConfigError(`${name} must be true or false (got ${JSON.stringify(value)}).`);
  }
  return value;
}

/** The authorship options with defaults applied and checked. */
function resolveAuthorship(given: WebmentionAuthorshipOptions | undefined): Required<WebmentionAuthorshipOptions> {
  const authorship = { ...DEFAULTS.authorship, ...definedOnly(given) };
  return {
    fetchAuthorPage: flag('authorship.fetchAuthorPage', authorship.fetchAuthorPage),
    cacheTtlMs: wholeNumber('authorship.cacheTtlMs', authorship.cacheTtlMs, 0),
    timeoutMs: wholeNumber('authorship.timeoutMs', authorship.timeoutMs),
    holdUnverified: flag('authorship.holdUnverified', authorship.holdUnverified),
  };
}

/** A path option: starts with '/', only URL path characters. */
const PATH = /^\/[A-Za-z0-9._~\-/]*$/;

/** The render options with defaults applied and checked. */
function resolveRender(given: WebmentionRenderOptions | undefined): ResolvedRenderOptions {
  const render = { ...DEFAULTS.render, ...definedOnly(given) };
  if (render.templatesDir !== null && (typeof render.templatesDir !== 'string' || render.templatesDir.trim() === '')) {
    throw new WebmentionConfigError(
      `render.templatesDir must be the path of a directory of .hbs files (got ${JSON.stringify(render.templatesDir)}).`,
    );
  }
  wholeNumber('render.facepileLimit', render.facepileLimit);
  wholeNumber('render.maxComments', render.maxComments);
  wholeNumber('render.maxContentChars', render.maxContentChars);
  if (
    render.stylesheetPath !== false &&
    (typeof render.stylesheetPath !== 'string' || !PATH.test(render.stylesheetPath))
  ) {
    throw new WebmentionConfigError(
      `render.stylesheetPath must be a path starting with '/', or false to serve no stylesheet (got ${JSON.stringify(render.stylesheetPath)}).`,
    );
  }
  if (render.widgetPath !== false && (typeof render.widgetPath !== 'string' || !PATH.test(render.widgetPath))) {
    throw new WebmentionConfigError(
      `render.widgetPath must be a path starting with '/', or false to serve no widget (got ${JSON.stringify(render.widgetPath)}).`,
    );
  }
  if (typeof render.perPostEndpoints !== 'boolean') {
    throw new WebmentionConfigError(
      `render.perPostEndpoints must be true or false (got ${JSON.stringify(render.perPostEndpoints)}).`,
    );
  }
  return render;
}

/** Applies defaults to the options and validates them, failing with a message that says what to change. */
export function resolveOptions(options: WebmentionModuleOptions): ResolvedWebmentionOptions {
  const baseUrl = resolveBaseUrl(options.baseUrl);
  const targetHosts = (options.targetHosts ?? (baseUrl ? [baseUrl] : [])).map((h) => targetHostOf('targetHosts', h));
  if (targetHosts.length === 0) {
    throw new WebmentionConfigError(
      'set baseUrl (e.g. https://example.com) or targetHosts, so the endpoint knows whose URLs it accepts as targets.',
    );
  }
  const initialModeration = options.initialModeration ?? DEFAULTS.initialModeration;
  if (initialModeration !== 'approved' && initialModeration !== 'pending') {
    throw new WebmentionConfigError(
      `initialModeration must be 'approved' or 'pending' (got '${String(initialModeration)}').`,
    );
  }
  const http = { ...DEFAULTS.http, ...definedOnly(options.http) };
  if (!/webmention/i.test(http.userAgent)) {
    throw new WebmentionConfigError(
      `http.userAgent must contain the word "Webmention" so receivers can tell what is fetching them.`,
    );
  }
  wholeNumber('http.maxRedirects', http.maxRedirects, 0);
  wholeNumber('http.timeoutMs', http.timeoutMs);
  wholeNumber('http.connectTimeoutMs', http.connectTimeoutMs);
  wholeNumber('http.maxBodyBytes', http.maxBodyBytes);
  const sendGiven = options.send ?? {};
  const send = {
    sendToOwnHost: sendGiven.sendToOwnHost ?? DEFAULTS.send.sendToOwnHost,
    maxTargets: wholeNumber('send.maxTargets', sendGiven.maxTargets ?? DEFAULTS.send.maxTargets),
    perHostConcurrency: wholeNumber(
      'send.perHostConcurrency',
      sendGiven.perHostConcurrency ?? DEFAULTS.send.perHostConcurrency,
    ),
    retry: retryPolicy('send.retry', sendGiven.retry, DEFAULTS.send.retry),
  };
  // NOTE: `inlineConcurrency` is the former name of `concurrency`, still accepted.
  const advertise = options.advertise ?? DEFAULTS.advertise;
  if (advertise !== false && advertise !== 'targets' && advertise !== 'html') {
    throw new WebmentionConfigError(`advertise must be 'targets', 'html' or false (got ${JSON.stringify(advertise)}).`);
  }
  const concurrencyName =
    options.concurrency === undefined && options.inlineConcurrency !== undefined ? 'inlineConcurrency' : 'concurrency';
  return {
    baseUrl,
    send,
    targetHosts,
    urlResolver: options.urlResolver,
    spamChecker: options.spamChecker,
    commentAdapter: options.commentAdapter,
    initialModeration,
    autoApproveHosts: options.autoApproveHosts ?? [...DEFAULTS.autoApproveHosts],
    authorship: resolveAuthorship(options.authorship),
    mf2: {
      preferJsonAlternate: flag(
        'mf2.preferJsonAlternate',
        options.mf2?.preferJsonAlternate ?? DEFAULTS.mf2.preferJsonAlternate,
      ),
      maxItems: wholeNumber('mf2.maxItems', options.mf2?.maxItems ?? DEFAULTS.mf2.maxItems),
      maxNesting: wholeNumber('mf2.maxNesting', options.mf2?.maxNesting ?? DEFAULTS.mf2.maxNesting),
    },
    maxUrlLength: wholeNumber('maxUrlLength', options.maxUrlLength ?? DEFAULTS.maxUrlLength, 16),
    maxRequestBytes: wholeNumber('maxRequestBytes', options.maxRequestBytes ?? DEFAULTS.maxRequestBytes, 256),
    http: { ...http, allowedHosts: [...http.allowedHosts] },
    verifyRetry: retryPolicy('verifyRetry', options.verifyRetry, DEFAULTS.verifyRetry),
    sweepIntervalMs: wholeNumber('sweepIntervalMs', options.sweepIntervalMs ?? DEFAULTS.sweepIntervalMs, 0),
    enqueueTimeoutMs: wholeNumber('enqueueTimeoutMs', options.enqueueTimeoutMs ?? DEFAULTS.enqueueTimeoutMs),
    shutdownTimeoutMs: wholeNumber('shutdownTimeoutMs', options.shutdownTimeoutMs ?? DEFAULTS.shutdownTimeoutMs),
    maxQueuedJobs: wholeNumber('maxQueuedJobs', options.maxQueuedJobs ?? DEFAULTS.maxQueuedJobs),
    rateLimit: resolveRateLimit(options.rateLimit ?? DEFAULTS.rateLimit),
    parsing: {
      threads: wholeNumber('parsing.threads', options.parsing?.threads ?? DEFAULTS.parsing.threads, 0),
      timeoutMs: wholeNumber('parsing.timeoutMs', options.parsing?.timeoutMs ?? DEFAULTS.parsing.timeoutMs),
      maxHeapMb: wholeNumber('parsing.maxHeapMb', options.parsing?.maxHeapMb ?? DEFAULTS.parsing.maxHeapMb, 16),
    },
    refetchWindowMs: wholeNumber('refetchWindowMs', options.refetchWindowMs ?? DEFAULTS.refetchWindowMs, 0),
    urlResolverCacheMs: wholeNumber('urlResolverCacheMs', options.urlResolverCacheMs ?? DEFAULTS.urlResolverCacheMs, 0),
    concurrency: wholeNumber(concurrencyName, options.concurrency ?? options.inlineConcurrency ?? DEFAULTS.concurrency),
    render: resolveRender(options.render),
    advertise,
    api: resolveApiOptions(options.api),
    moderation: resolveModerationOptions(options.moderation),
    content: {
      maxChars: wholeNumber('content.maxChars', options.content?.maxChars ?? DEFAULTS.content.maxChars),
    },
    watch: resolveWatchOptions(options.watch, baseUrl),
  };
}
