/** Every default of the module, in one place: the extras and the options. */
import { availableParallelism } from 'node:os';
import { SAFE_FETCH_DEFAULTS } from './http/safe-fetcher';
import type { CanActivate, Type } from '@nestjs/common';
import type { WebmentionModuleExtras, WebmentionRateLimitOptions } from './interfaces/webmention-options.interface';
import { DEFAULT_FACEPILE_LIMIT, DEFAULT_MAX_COMMENTS } from './render/group-mentions';
import { DEFAULT_MAX_CONTENT_CHARS } from './render/view-model';
import {
  DEFAULT_API_PATH,
  DEFAULT_ENDPOINT_PATH,
  DEFAULT_MEDIA_PROXY_PATH,
  DEFAULT_STYLESHEET_PATH,
  DEFAULT_WIDGET_PATH,
} from './webmention.constants';

/** Defaults of the extras and of the options (see `WebmentionModuleExtras`, `WebmentionModuleOptions`). */
export const WEBMENTION_DEFAULTS = {
  extras: {
    isGlobal: false,
    queue: 'inline',
    processor: true,
    controllers: true,
    endpointPath: DEFAULT_ENDPOINT_PATH,
    apiPath: DEFAULT_API_PATH,
    moderationPath: null as string | null,
    mediaProxy: {
      enabled: false,
      path: DEFAULT_MEDIA_PROXY_PATH,
      cacheDir: './data/webmention-media',
      ttlMs: 86_400_000,
      maxBytes: 2 * 1024 * 1024,
    },
    metricsPath: false as string | false,
    live: { enabled: false, maxClients: 1000, maxClientsPerAddress: 4, heartbeatMs: 25_000 },
  } satisfies Required<WebmentionModuleExtras>,
  options: {
    initialModeration: 'approved',
    autoApproveHosts: [] as string[],
    authorship: { fetchAuthorPage: true, cacheTtlMs: 86_400_000, timeoutMs: 3000, holdUnverified: true },
    mf2: { preferJsonAlternate: false, maxItems: 2000, maxNesting: 32 },
    maxUrlLength: 2048,
    maxRequestBytes: 8192,
    http: SAFE_FETCH_DEFAULTS,
    verifyRetry: { attempts: 5, backoffMs: 2000, maxBackoffMs: 3_600_000 },
    send: {
      sendToOwnHost: false,
      maxTargets: 100,
      perHostConcurrency: 2,
      retry: { attempts: 6, backoffMs: 5000, maxBackoffMs: 3_600_000 },
    },
    sweepIntervalMs: 60_000,
    enqueueTimeoutMs: 2000,
    shutdownTimeoutMs: 10_000,
    maxQueuedJobs: 10_000,
    parsing: { threads: availableParallelism(), timeoutMs: 2000, maxHeapMb: 256 },
    rateLimit: false as WebmentionRateLimitOptions | false,
    refetchWindowMs: 60_000,
    urlResolverCacheMs: 0,
    concurrency: 4,
    render: {
      templatesDir: null as string | null,
      facepileLimit: DEFAULT_FACEPILE_LIMIT,
      maxComments: DEFAULT_MAX_COMMENTS,
      maxContentChars: DEFAULT_MAX_CONTENT_CHARS,
      stylesheetPath: DEFAULT_STYLESHEET_PATH as string | false,
      perPostEndpoints: false,
      widgetPath: DEFAULT_WIDGET_PATH as string | false,
    },
    advertise: false as 'targets' | 'html' | false,
    api: { corsOrigins: [] as string[] | '*', cacheMaxAgeSeconds: 60 },
    moderation: { token: null as string | null, guard: null as Type<CanActivate> | null },
    content: { maxChars: 5000 },
    watch: { debounceMs: 500 },
  },
} as const;
