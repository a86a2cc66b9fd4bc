/** Every default of the module, in one place: the extras and the options. */
import { SAFE_FETCH_DEFAULTS } from './http/safe-fetcher';
import type { WebmentionModuleExtras } from './interfaces/webmention-options.interface';
import { DEFAULT_API_PATH, DEFAULT_ENDPOINT_PATH } from './webmention.constants';

/** Defaults of the extras and of the options (see `WebmentionModuleExtras`, `WebmentionModuleOptions`). */
export const WEBMENTION_DEFAULTS = {
  extras: {
    isGlobal: false,
    queue: 'inline',
    processor: true,
    controllers: true,
    endpointPath: DEFAULT_ENDPOINT_PATH,
    apiPath: DEFAULT_API_PATH,
  } satisfies Required<WebmentionModuleExtras>,
  options: {
    initialModeration: 'approved',
    autoApproveHosts: [] as string[],
    authorship: { fetchAuthorPage: false },
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
    concurrency: 4,
  },
} as const;
