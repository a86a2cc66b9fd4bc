/** Name of the Bull queue the library registers (and of the in-process queue that stands in for it). */
export const WEBMENTION_QUEUE = 'webmention';

/** Job names on {@link WEBMENTION_QUEUE}. */
export const VERIFY_JOB = 'verify';
export const SEND_JOB = 'send';
export const SEND_SOURCE_JOB = 'send-source';

/** Default path of the receiving endpoint. */
export const DEFAULT_ENDPOINT_PATH = '/webmention';
/** Default path of the JSON read API. */
export const DEFAULT_API_PATH = '/webmentions';
/** Default path of the stylesheet the library serves. */
export const DEFAULT_STYLESHEET_PATH = '/webmention/webmention.css';
/** Default path of the embeddable widget script. */
export const DEFAULT_WIDGET_PATH = '/webmention/widget.js';
/** Default path of the media proxy (`GET {path}/:key`). */
export const DEFAULT_MEDIA_PROXY_PATH = '/webmention/media';

/** Injection token of the resolved, validated options ({@link ResolvedWebmentionOptions}). */
export const WEBMENTION_RESOLVED_OPTIONS = Symbol('WEBMENTION:RESOLVED_OPTIONS');
/** Injection token of the extras given to `forRoot`/`forRootAsync` (queue driver, processor, paths). */
export const WEBMENTION_EXTRAS = Symbol('WEBMENTION:EXTRAS');
/** Injection token of the shared {@link SafeFetcher}. */
export const WEBMENTION_FETCHER = Symbol('WEBMENTION:FETCHER');

/** Injection token of the Bull queue (an alias of `@nestjs/bull`'s own token, registered only with `queue: 'bull'`). */
export const WEBMENTION_BULL_QUEUE = Symbol('WEBMENTION:BULL_QUEUE');
/** Injection token of the host's `EventEmitter2`, or null when the host has none. */
export const WEBMENTION_EVENT_EMITTER = Symbol('WEBMENTION:EVENT_EMITTER');

/** Name of the backoff strategy registered on the Bull queue. */
export const WEBMENTION_BACKOFF = 'webmention';

/** The per-site limit of concurrent outbound requests, shared by sending and verifying (`HostLimiter`). */
export const WEBMENTION_HOST_LIMITER = Symbol('WEBMENTION:HOST_LIMITER');
