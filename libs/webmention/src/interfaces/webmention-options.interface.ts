import type { CanActivate, Type } from '@nestjs/common';
import type { SafeFetchOptions } from '../http/safe-fetcher';
import type { CommentAdapter } from './comment-adapter.interface';
import type { SpamChecker } from './spam-checker.interface';
import type { UrlResolver } from './url-resolver.interface';

/** Moderation state given to a newly verified mention. */
export type InitialModeration = 'approved' | 'pending';

/** A pluggable provider given as a class (instantiated by Nest, may inject) or as a ready instance. */
export type ProviderOption<T> = Type<T> | T;

/**
 * Options of the outbound HTTP client used for every fetch and delivery: address guard (`allowPrivateAddresses`,
 * `allowedHosts`), `maxRedirects`, `timeoutMs`, `connectTimeoutMs`, `maxBodyBytes`, `userAgent`.
 */
export type WebmentionHttpOptions = Omit<SafeFetchOptions, 'lookup'>;

/** Retry policy of queued jobs (verification and delivery). */
export interface WebmentionRetryOptions {
  /** Attempts in all, the first included. @default 5 */
  attempts?: number;
  /** Delay before the first retry, in milliseconds; doubled for each further retry. @default 2000 */
  backoffMs?: number;
  /** Longest delay between attempts, in milliseconds (also caps `Retry-After`). @default 3600000 */
  maxBackoffMs?: number;
}

/** Options of sending. */
export interface WebmentionSendOptions {
  /** Also notify links to the source's own host (self-mentions). @default false */
  sendToOwnHost?: boolean;
  /** Most targets notified for one source; the rest are reported as skipped. @default 100 */
  maxTargets?: number;
  /** Deliveries running at once to one target host, per process. @default 2 */
  perHostConcurrency?: number;
  /** Retries of deliveries. @default { attempts: 6, backoffMs: 5000, maxBackoffMs: 3600000 } */
  retry?: WebmentionRetryOptions;
}

/** Options of display: the templates, their limits, the stylesheet route and per-post endpoints. */
export interface WebmentionRenderOptions {
  /** A directory of `NAME.hbs` files replacing bundled templates one by one; loaded and compiled at boot. @default none */
  templatesDir?: string;
  /** Most faces per facepile (likes, reposts, bookmarks, RSVPs); the rest become "+N more". @default 12 */
  facepileLimit?: number;
  /** Most replies and mentions shown; the rest become "N more responses". @default 50 */
  maxComments?: number;
  /** Longest content shown, in characters; longer content is cut with a "Read more" link. @default 2000 */
  maxContentChars?: number;
  /** Path the library serves its stylesheet at (needs the `controllers` extra); false serves none. @default '/webmention/webmention.css' */
  stylesheetPath?: string | false;
  /** Advertise `ENDPOINT?post=<key>` per content object; the endpoint then refuses mentions of other targets. @default false */
  perPostEndpoints?: boolean;
  /** Path the library serves its embeddable widget script at (needs the `controllers` extra); false serves none. @default '/webmention/widget.js' */
  widgetPath?: string | false;
}

/** Sending from a static site's folder: watched while the app runs, every added, edited or deleted page sent for. */
export interface WebmentionWatchOptions {
  /** The folder of the site's pages (its sources or its build output). */
  dir: string;
  /** Public URL the folder is published at. @default the `baseUrl` option */
  baseUrl?: string;
  /** A file's path relative to `dir` (e.g. `posts/hello.md`) to its URL or path: a function, or a pattern with `{path}`, `{dir}`, `{name}`, `{ext}`, `{file}` such as `/blog/{path}/`. @default index files are their folder, Markdown a folder of its name, others their own name */
  map?: ((relativePath: string) => string | null) | string;
  /** Extensions read. @default ['.html', '.htm', '.md', '.markdown', '.txt'] */
  extensions?: string[];
  /** Quiet time after a file's last change before it is sent for, in milliseconds. @default 500 */
  debounceMs?: number;
}

/** Live updates: `GET {apiPath}/live?target=URL` as Server-Sent Events. */
export interface WebmentionLiveOptions {
  /** Register the live route (needs the `controllers` extra); with the Bull queue, events cross processes through Redis. @default false */
  enabled?: boolean;
  /** Most open live connections per process; more answer 503. @default 1000 */
  maxClients?: number;
  /** Most open live connections from one client address; more answer 429. @default 4 */
  maxClientsPerAddress?: number;
  /** Interval of the heartbeat comment that keeps idle connections open through proxies, in milliseconds. @default 25000 */
  heartbeatMs?: number;
}

/** Where the module adds `Link: <endpoint>; rel="webmention"` to HTML responses: pages the `UrlResolver` accepts, or every HTML page. */
export type WebmentionAdvertiseMode = 'targets' | 'html';

/** Options of the public JSON read API (`GET {apiPath}`, `/count`, `/outgoing`). */
export interface WebmentionApiOptions {
  /** Origins browsers may read the API from (CORS), e.g. `['https://example.com']`, or `'*'` for any. @default [] (CORS off) */
  corsOrigins?: string[] | '*';
  /** How long browsers and shared caches may keep a read answer, in seconds (`Cache-Control: public, max-age=N`); 0 makes them revalidate each time. @default 60 */
  cacheMaxAgeSeconds?: number;
}

/** Options of the moderation HTTP API (`{moderationPath}`); with neither `token` nor `guard` its routes answer 404. */
export interface WebmentionModerationOptions {
  /** Token the shipped guard expects as `Authorization: Bearer <token>`; at least 16 characters. @default none */
  token?: string;
  /** A Nest guard class protecting the routes instead of the bearer token (instantiated by Nest, so it may inject). @default the bearer-token guard */
  guard?: Type<CanActivate>;
}

/** The IndieWeb authorship algorithm: at most one fetch of the author's page per verification. */
export interface WebmentionAuthorshipOptions {
  /** Fetch the author's page (HTML, guarded client) to complete an author named only by URL and to confirm one claimed on another site; false checks nothing (`authorVerified` stays null). @default true */
  fetchAuthorPage?: boolean;
  /** How long an author page's answer is reused for mentions by the same author URL, in milliseconds (in memory, per process, 1,000 URLs at most); 0 fetches every time. @default 86400000 */
  cacheTtlMs?: number;
  /** Longest wait for an author page, in milliseconds; past it the page counts as not confirming. @default 3000 */
  timeoutMs?: number;
  /** Hold for moderation (`moderation: 'pending'`) a mention whose author is claimed on another site and not confirmed by that site's page. @default true */
  holdUnverified?: boolean;
}

/** Options of reading a source's microformats. */
export interface WebmentionMf2Options {
  /** Read an HTML source from the `<link rel="alternate" type="application/mf2+json">` it advertises (one more fetch; the HTML is read when it fails). @default false */
  preferJsonAlternate?: boolean;
  /**
   * Most microformats items (`h-*` elements) a source may hold; a page with more is refused before it is read, as
   * `failed` with reason `too_complex` (each item costs parsing time). @default 2000
   */
  maxItems?: number;
  /** Deepest nesting of microformats items and properties a source may have (`too_complex` past it). @default 32 */
  maxNesting?: number;
}

/** Limits on what is stored of a mention's content. */
export interface WebmentionContentOptions {
  /** Most characters of text stored, plain and HTML each; longer content is cut at a word boundary with "…" (HTML also gets a "Read more" link). @default 5000 */
  maxChars?: number;
}

/**
 * The media proxy: author photos and content images of mentions served from this site's origin
 * (`GET {path}/:key`), so visitors never load them from the mentioning site.
 */
export interface WebmentionMediaProxyOptions {
  /** Register the media route and rewrite rendered photo and image URLs to it; needs the `baseUrl` option. @default false */
  enabled?: boolean;
  /** Path of the media route. @default '/webmention/media' */
  path?: string;
  /** Directory of the disk cache (one file and one JSON sidecar per image), created when missing. @default './data/webmention-media' */
  cacheDir?: string;
  /** How long a fetched image is served from the cache before it is fetched again, in milliseconds; also its `max-age`. @default 86400000 */
  ttlMs?: number;
  /** Largest image fetched, in bytes; larger ones are refused (502). @default 2097152 */
  maxBytes?: number;
}

/** Reading HTML sources off the event loop. */
export interface WebmentionParsingOptions {
  /** Worker threads reading sources; 0 reads them in this thread. @default the machine's available parallelism */
  threads?: number;
  /** Longest a document may take to read before it is abandoned as `too_complex`, in ms. @default 2000 */
  timeoutMs?: number;
  /** Heap (old generation) of each worker, in MB; a document that needs more is abandoned as `too_complex`. @default 256 */
  maxHeapMb?: number;
}

/** What a rate-limit count returns: @nestjs/throttler's `ThrottlerStorageRecord` (times in seconds). */
export interface WebmentionRateLimitRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/** Where rate limits count: any @nestjs/throttler `ThrottlerStorage` fits (times in milliseconds). */
export interface WebmentionRateLimitStorage {
  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<WebmentionRateLimitRecord>;
}

/** Rate limits of the endpoint, per client address and per source host (each counted on its own). */
export interface WebmentionRateLimitOptions {
  /** Requests allowed per window, per client address and per source host. */
  limit: number;
  /** The window, in milliseconds. */
  windowMs: number;
  /**
   * Proxies whose `X-Forwarded-For` is believed, in proxy-addr's terms (addresses, CIDR ranges, or 'loopback',
   * 'linklocal', 'uniquelocal'); `[]` believes none (the socket's peer is the client). When not given, the HTTP
   * framework's own setting decides: Express's `app.set('trust proxy', …)` or Fastify's `trustProxy` (through
   * `req.ip`); both trust no proxy unless told to. @default the framework's setting
   */
  trustProxy?: string[];
  /**
   * Where the counts are kept. 'redis': in Redis, on the Bull queue's connection and key prefix, so every process
   * on that Redis shares one budget (needs `queue: 'bull'`); 'memory': in this process (each process counts on its
   * own); or a `ThrottlerStorage` of your own. When the storage fails or takes over 500 ms, the request is let
   * through and the failure logged (the limit fails open). @default 'redis' with `queue: 'bull'`, else 'memory'
   */
  storage?: 'memory' | 'redis' | WebmentionRateLimitStorage;
}

/** Options of {@link WebmentionModule}: given to `forRoot`, or returned by the factory of `forRootAsync`. */
export interface WebmentionModuleOptions {
  /** Public base URL of the site (e.g. `https://example.com`): used for absolute status URLs and, when `targetHosts` is not set, as the only target host. */
  baseUrl?: string;
  /** Hosts whose URLs are accepted as targets (subdomains not included). @default the host of `baseUrl` */
  targetHosts?: string[];
  /** Resolves target URLs to content objects. @default a resolver that accepts any URL on `targetHosts` */
  urlResolver?: ProviderOption<UrlResolver>;
  /** Decides whether verified mentions are spam. @default a checker that accepts everything */
  spamChecker?: ProviderOption<SpamChecker>;
  /** Mirrors mentions into the application's comments. @default none */
  commentAdapter?: ProviderOption<CommentAdapter>;
  /** Moderation state of newly verified mentions. @default 'approved' */
  initialModeration?: InitialModeration;
  /** Source hosts (and subdomains) whose mentions are approved without moderation. @default [] */
  autoApproveHosts?: string[];
  /** Longest accepted `source` or `target` URL, in characters. @default 2048 */
  maxUrlLength?: number;
  /** Largest accepted request body at the endpoint, in bytes; larger bodies answer 413. @default 8192 */
  maxRequestBytes?: number;
  /** Authorship beyond the source page: the author's own page, fetched to complete and confirm the author. */
  authorship?: WebmentionAuthorshipOptions;
  /** Reading the source's microformats. */
  mf2?: WebmentionMf2Options;
  /** Outbound HTTP client (address guard, time and size limits). */
  http?: WebmentionHttpOptions;
  /** Retries of verification jobs. */
  verifyRetry?: WebmentionRetryOptions;
  /** Sending: fan-out cap, self-mentions, per-host concurrency, retries. */
  send?: WebmentionSendOptions;
  /** How often pending mentions without a job are re-enqueued, in milliseconds; 0 turns the sweeper off. @default 60000 */
  sweepIntervalMs?: number;
  /** How long the endpoint waits for the queue to take a job before answering anyway (the sweeper enqueues it later), in milliseconds. @default 2000 */
  enqueueTimeoutMs?: number;
  /**
   * How long shutdown waits for running Bull jobs and Redis connections to finish before closing the connections
   * anyway, in milliseconds (an unfinished job stays in Redis and runs again). @default 10000
   */
  shutdownTimeoutMs?: number;
  /**
   * Jobs the in-process queue holds waiting at most; when full the endpoint answers 503 with Retry-After instead of
   * storing more (Bull keeps its jobs in Redis and has no such bound). @default 10000
   */
  maxQueuedJobs?: number;
  /**
   * Rate limits of the receiving endpoint (counting in memory needs `@nestjs/throttler`): over `limit` POSTs per `windowMs` from one
   * client address, or about sources on one host, are answered `429` with `Retry-After`. false: no limits. @default false
   */
  rateLimit?: WebmentionRateLimitOptions | false;
  /** Where HTML sources are read: worker threads with limits, or this thread. */
  parsing?: WebmentionParsingOptions;
  /**
   * A pair submitted again within this many milliseconds of its last fetch is not fetched again at once: its next
   * verification is put off until the window ends (the answer is the same 201 with the same status URL), so repeated
   * POSTs cannot make this server download a third party's page over and over. 0 fetches on every submission.
   * @default 60000
   */
  refetchWindowMs?: number;
  /**
   * Milliseconds an answer of `UrlResolver.resolve` (a content object, or null for a target that takes no
   * Webmentions) is reused for the same target URL by the endpoint, so a burst of mentions of one post asks the
   * resolver once. An answer can be this much out of date (a post just published or deleted); a resolver that throws
   * is asked again. At most 10,000 targets are remembered. 0 asks on every request. @default 0
   */
  urlResolverCacheMs?: number;
  /**
   * Jobs of one kind (verify, send) that run at once in each processor process, on the Bull and the in-process queue
   * alike; working out a source's targets (send-source) runs one at a time. @default 4
   */
  concurrency?: number;
  /** @deprecated the former name of {@link WebmentionModuleOptions.concurrency}. */
  inlineConcurrency?: number;
  /** Display: templates, limits, the stylesheet route, per-post endpoints. */
  render?: WebmentionRenderOptions;
  /** Add the endpoint's `Link` header to HTML responses ('targets': pages the resolver accepts; 'html': every HTML page). @default false */
  advertise?: WebmentionAdvertiseMode | false;
  /** The public read API: CORS origins and caching. */
  api?: WebmentionApiOptions;
  /** The moderation HTTP API: a bearer token, or a guard of the host's own. */
  moderation?: WebmentionModerationOptions;
  /** Limits on stored content. */
  content?: WebmentionContentOptions;
  /** Watch a static site's folder while the app runs and send for every page added, edited or deleted. @default none */
  watch?: WebmentionWatchOptions;
}

/** Which queue carries the jobs. */
export type WebmentionQueueDriver = 'bull' | 'inline';

/**
 * Choices that must be known before dependency injection runs, given next to the options in `forRoot` and next to
 * `useFactory`/`useClass` in `forRootAsync`.
 */
export interface WebmentionModuleExtras {
  /** Register the module globally. @default false */
  isGlobal?: boolean;
  /** `'bull'` (Redis; the host app calls `BullModule.forRoot`) or `'inline'` (in-process, no server). @default 'inline' */
  queue?: WebmentionQueueDriver;
  /** Run the job processor in this process. Turn off in web processes when separate workers run it, and in CLIs. @default true */
  processor?: boolean;
  /** Register the HTTP controllers (endpoint, status, read API). Turn off in workers and CLIs. @default true */
  controllers?: boolean;
  /** Path of the receiving endpoint; status URLs live below it. @default '/webmention' */
  endpointPath?: string;
  /** Path of the JSON read API. @default '/webmentions' */
  apiPath?: string;
  /** Path of the moderation HTTP API; null puts it at `{apiPath}/moderation`. @default null */
  moderationPath?: string | null;
  /** The media proxy: mentions' photos and images served from this origin (an extra: it decides which routes exist). @default { enabled: false } */
  mediaProxy?: WebmentionMediaProxyOptions;
  /**
   * Serve Prometheus metrics (needs `prom-client`) at this path, e.g. `'/metrics'`: counters of received, verified,
   * failed and spam mentions, deliveries and retries, latency histograms and the queue's backlog. Expose it only to
   * your monitoring (a private port or a proxy rule). false: no metrics. @default false
   */
  metricsPath?: string | false;
  /** Live updates over Server-Sent Events (an extra: it decides which routes exist). @default { enabled: false } */
  live?: WebmentionLiveOptions;
}
