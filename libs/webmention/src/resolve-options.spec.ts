import { availableParallelism } from 'node:os';
import type { WebmentionModuleOptions } from './interfaces/webmention-options.interface';
import { DEFAULT_USER_AGENT } from './http/safe-fetcher';
import { resolveExtras, resolveOptions } from './resolve-options';
import { WebmentionConfigError } from './webmention-config.exception';

const BASE = { baseUrl: 'https://blog.example' };

/** The error `fn` throws; fails when it throws nothing or something else. */
function configError(fn: () => unknown): WebmentionConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WebmentionConfigError);
    return error as WebmentionConfigError;
  }
  throw new Error('expected a WebmentionConfigError');
}

describe('resolveOptions', () => {
  it('applies every default', () => {
    expect(resolveOptions(BASE)).toEqual({
      baseUrl: 'https://blog.example',
      targetHosts: ['blog.example'],
      urlResolver: undefined,
      spamChecker: undefined,
      commentAdapter: undefined,
      initialModeration: 'approved',
      autoApproveHosts: [],
      authorship: { fetchAuthorPage: true, cacheTtlMs: 86_400_000, timeoutMs: 3000, holdUnverified: true },
      mf2: { preferJsonAlternate: false, maxItems: 2000, maxNesting: 32 },
      maxUrlLength: 2048,
      maxRequestBytes: 8192,
      http: {
        allowPrivateAddresses: false,
        allowedHosts: [],
        maxRedirects: 5,
        timeoutMs: 5000,
        connectTimeoutMs: 3000,
        maxBodyBytes: 1024 * 1024,
        userAgent: DEFAULT_USER_AGENT,
        dnsFailureTtlMs: 30_000,
      },
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
      rateLimit: false,
      parsing: { threads: availableParallelism(), timeoutMs: 2000, maxHeapMb: 256 },
      refetchWindowMs: 60_000,
      urlResolverCacheMs: 0,
      concurrency: 4,
      render: {
        templatesDir: null,
        facepileLimit: 12,
        maxComments: 50,
        maxContentChars: 2000,
        stylesheetPath: '/webmention/webmention.css',
        perPostEndpoints: false,
        widgetPath: '/webmention/widget.js',
      },
      advertise: false,
      api: { corsOrigins: [], cacheMaxAgeSeconds: 60 },
      moderation: { token: null, guard: null },
      content: { maxChars: 5000 },
      watch: null,
    });
  });

  it('resolves watch with the base URL and the default debounce, and refuses what cannot be watched', () => {
    expect(resolveOptions({ ...BASE, watch: { dir: './site' } }).watch).toEqual({
      dir: './site',
      baseUrl: 'https://blog.example',
      debounceMs: 500,
      mode: 'queue',
    });
    expect(configError(() => resolveOptions({ ...BASE, watch: { dir: '' } })).message).toBe(
      `WebmentionModule: watch.dir must be the path of the site's folder (got "").`,
    );
    expect(configError(() => resolveOptions({ ...BASE, watch: { dir: '.', map: '/{slug}' } })).message).toMatch(
      /^WebmentionModule: watch: the map pattern must contain/,
    );
    expect(configError(() => resolveOptions({ ...BASE, watch: { dir: '.', debounceMs: -1 } })).message).toBe(
      'WebmentionModule: watch.debounceMs must be a whole number of at least 0 (got -1).',
    );
  });

  it.each([[0], [-1], [2.5], [Number.NaN]])('refuses content.maxChars %p, saying what to change', (maxChars) => {
    expect(configError(() => resolveOptions({ ...BASE, content: { maxChars } })).message).toBe(
      `WebmentionModule: content.maxChars must be a whole number of at least 1 (got ${String(maxChars)}).`,
    );
  });

  it('takes given authorship and mf2 options, keeping the defaults of the others', () => {
    const resolved = resolveOptions({
      ...BASE,
      authorship: { fetchAuthorPage: false, cacheTtlMs: 0, holdUnverified: undefined },
      mf2: { preferJsonAlternate: true },
    });
    expect(resolved.authorship).toEqual({
      fetchAuthorPage: false,
      cacheTtlMs: 0,
      timeoutMs: 3000,
      holdUnverified: true,
    });
    expect(resolved.mf2).toEqual({ preferJsonAlternate: true, maxItems: 2000, maxNesting: 32 });
  });

  it.each([
    [{ authorship: { timeoutMs: 0 } }, 'authorship.timeoutMs must be a whole number of at least 1 (got 0).'],
    [{ authorship: { cacheTtlMs: -1 } }, 'authorship.cacheTtlMs must be a whole number of at least 0 (got -1).'],
    [{ authorship: { fetchAuthorPage: 'yes' } }, 'authorship.fetchAuthorPage must be true or false (got "yes").'],
    [{ authorship: { holdUnverified: 1 } }, 'authorship.holdUnverified must be true or false (got 1).'],
    [{ mf2: { preferJsonAlternate: 'no' } }, 'mf2.preferJsonAlternate must be true or false (got "no").'],
  ])('refuses %j, saying what to change', (given, message) => {
    expect(configError(() => resolveOptions({ ...BASE, ...(given as object) })).message).toBe(
      `WebmentionModule: ${message}`,
    );
  });

  it('takes a given content.maxChars', () => {
    expect(resolveOptions({ ...BASE, content: { maxChars: 280 } }).content).toEqual({ maxChars: 280 });
  });

  it('keeps the defaults of nested options given as undefined', () => {
    const resolved = resolveOptions({
      ...BASE,
      http: { timeoutMs: undefined, userAgent: undefined, allowedHosts: undefined, maxRedirects: 0 },
      verifyRetry: { attempts: undefined, backoffMs: 10 },
      send: { retry: { attempts: undefined } },
    });
    expect(resolved.http).toMatchObject({
      timeoutMs: 5000,
      userAgent: DEFAULT_USER_AGENT,
      allowedHosts: [],
      maxRedirects: 0,
    });
    expect(resolved.verifyRetry).toEqual({ attempts: 5, backoffMs: 10, maxBackoffMs: 3_600_000 });
    expect(resolved.send.retry.attempts).toBe(6);
  });

  it('merges given nested options over the defaults', () => {
    const resolved = resolveOptions({
      ...BASE,
      http: { allowPrivateAddresses: true, userAgent: 'MyBlog Webmention/1.0' },
      verifyRetry: { attempts: 1 },
    });
    expect(resolved.http).toMatchObject({
      allowPrivateAddresses: true,
      userAgent: 'MyBlog Webmention/1.0',
      timeoutMs: 5000,
      maxRedirects: 5,
    });
    expect(resolved.verifyRetry).toEqual({ attempts: 1, backoffMs: 2000, maxBackoffMs: 3_600_000 });
  });

  it.each([
    ['https://blog.example/', 'https://blog.example', ['blog.example']],
    ['https://Blog.Example//', 'https://blog.example', ['blog.example']],
    ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000', ['127.0.0.1:3000']],
    ['https://blog.example:443/', 'https://blog.example', ['blog.example']],
    ['https://example.com/blog/?x=1#top', 'https://example.com/blog', ['example.com']],
    ['https://bücher.example', 'https://xn--bcher-kva.example', ['xn--bcher-kva.example']],
  ])('normalises baseUrl %s and takes its host as the target host', (baseUrl, expected, hosts) => {
    const resolved = resolveOptions({ baseUrl });
    expect(resolved.baseUrl).toBe(expected);
    expect(resolved.targetHosts).toEqual(hosts);
  });

  it('takes targetHosts as given (normalised) instead of the host of baseUrl', () => {
    const resolved = resolveOptions({
      ...BASE,
      targetHosts: ['Notes.Example', 'https://www.blog.example/x', 'localhost:8080'],
    });
    expect(resolved.targetHosts).toEqual(['notes.example', 'www.blog.example', 'localhost:8080']);
  });

  it('works with targetHosts and no baseUrl', () => {
    const resolved = resolveOptions({ targetHosts: ['blog.example'] });
    expect(resolved.baseUrl).toBeNull();
    expect(resolved.targetHosts).toEqual(['blog.example']);
  });

  it.each<[string, WebmentionModuleOptions, string]>([
    [
      'neither baseUrl nor targetHosts',
      {},
      'set baseUrl (e.g. https://example.com) or targetHosts, so the endpoint knows whose URLs it accepts as targets.',
    ],
    [
      'an empty targetHosts and no baseUrl',
      { targetHosts: [] },
      'set baseUrl (e.g. https://example.com) or targetHosts, so the endpoint knows whose URLs it accepts as targets.',
    ],
    [
      'a relative baseUrl',
      { baseUrl: 'blog.example' },
      "baseUrl must be an absolute http(s) URL such as 'https://example.com' (got 'blog.example').",
    ],
    ['an ftp baseUrl', { baseUrl: 'ftp://blog.example' }, "baseUrl must use http or https (got 'ftp://blog.example')."],
    ['an invalid target host', { ...BASE, targetHosts: ['bad host'] }, 'targetHosts has an invalid host "bad host".'],
    ['an empty target host', { ...BASE, targetHosts: [''] }, 'targetHosts has an invalid host "".'],
    [
      'an unknown initialModeration',
      { ...BASE, initialModeration: 'maybe' as never },
      "initialModeration must be 'approved' or 'pending' (got 'maybe').",
    ],
    [
      'a userAgent without the word',
      { ...BASE, http: { userAgent: 'MyBlog/1.0' } },
      'http.userAgent must contain the word "Webmention" so receivers can tell what is fetching them.',
    ],
    [
      'negative maxRedirects',
      { ...BASE, http: { maxRedirects: -1 } },
      'http.maxRedirects must be a whole number of at least 0 (got -1).',
    ],
    [
      'zero timeoutMs',
      { ...BASE, http: { timeoutMs: 0 } },
      'http.timeoutMs must be a whole number of at least 1 (got 0).',
    ],
    [
      'fractional connectTimeoutMs',
      { ...BASE, http: { connectTimeoutMs: 1.5 } },
      'http.connectTimeoutMs must be a whole number of at least 1 (got 1.5).',
    ],
    [
      'NaN maxBodyBytes',
      { ...BASE, http: { maxBodyBytes: Number.NaN } },
      'http.maxBodyBytes must be a whole number of at least 1 (got NaN).',
    ],
    [
      'zero verifyRetry.attempts',
      { ...BASE, verifyRetry: { attempts: 0 } },
      'verifyRetry.attempts must be a whole number of at least 1 (got 0).',
    ],
    [
      'negative verifyRetry.backoffMs',
      { ...BASE, verifyRetry: { backoffMs: -5 } },
      'verifyRetry.backoffMs must be a whole number of at least 0 (got -5).',
    ],
    [
      'infinite verifyRetry.maxBackoffMs',
      { ...BASE, verifyRetry: { maxBackoffMs: Infinity } },
      'verifyRetry.maxBackoffMs must be a whole number of at least 0 (got Infinity).',
    ],
    [
      'zero send.retry.attempts',
      { ...BASE, send: { retry: { attempts: 0 } } },
      'send.retry.attempts must be a whole number of at least 1 (got 0).',
    ],
    [
      'negative send.retry.backoffMs',
      { ...BASE, send: { retry: { backoffMs: -1 } } },
      'send.retry.backoffMs must be a whole number of at least 0 (got -1).',
    ],
    [
      'fractional send.retry.maxBackoffMs',
      { ...BASE, send: { retry: { maxBackoffMs: 0.5 } } },
      'send.retry.maxBackoffMs must be a whole number of at least 0 (got 0.5).',
    ],
    [
      'zero send.maxTargets',
      { ...BASE, send: { maxTargets: 0 } },
      'send.maxTargets must be a whole number of at least 1 (got 0).',
    ],
    [
      'zero send.perHostConcurrency',
      { ...BASE, send: { perHostConcurrency: 0 } },
      'send.perHostConcurrency must be a whole number of at least 1 (got 0).',
    ],
    [
      'a tiny maxUrlLength',
      { ...BASE, maxUrlLength: 15 },
      'maxUrlLength must be a whole number of at least 16 (got 15).',
    ],
    [
      'a tiny maxRequestBytes',
      { ...BASE, maxRequestBytes: 255 },
      'maxRequestBytes must be a whole number of at least 256 (got 255).',
    ],
    [
      'negative sweepIntervalMs',
      { ...BASE, sweepIntervalMs: -1 },
      'sweepIntervalMs must be a whole number of at least 0 (got -1).',
    ],
    [
      'zero enqueueTimeoutMs',
      { ...BASE, enqueueTimeoutMs: 0 },
      'enqueueTimeoutMs must be a whole number of at least 1 (got 0).',
    ],
    [
      'a rateLimit without a window',
      { ...BASE, rateLimit: { limit: 5 } as never },
      'rateLimit.windowMs must be a whole number of at least 1 (got undefined).',
    ],
    [
      'a rateLimit trusting a malformed proxy',
      { ...BASE, rateLimit: { limit: 5, windowMs: 1000, trustProxy: ['10.0.0.0/99'] } },
      'rateLimit.trustProxy: invalid range on address: 10.0.0.0/99.',
    ],
    [
      'a rateLimit storage that is neither a name nor a storage',
      { ...BASE, rateLimit: { limit: 5, windowMs: 1000, storage: 'postgres' as never } },
      "rateLimit.storage must be 'memory', 'redis' or a ThrottlerStorage (an object with increment()).",
    ],
    [
      'zero maxQueuedJobs',
      { ...BASE, maxQueuedJobs: 0 },
      'maxQueuedJobs must be a whole number of at least 1 (got 0).',
    ],
    [
      'negative refetchWindowMs',
      { ...BASE, refetchWindowMs: -1 },
      'refetchWindowMs must be a whole number of at least 0 (got -1).',
    ],
    [
      'a fractional urlResolverCacheMs',
      { ...BASE, urlResolverCacheMs: 0.5 },
      'urlResolverCacheMs must be a whole number of at least 0 (got 0.5).',
    ],
    [
      'fractional shutdownTimeoutMs',
      { ...BASE, shutdownTimeoutMs: 1.5 },
      'shutdownTimeoutMs must be a whole number of at least 1 (got 1.5).',
    ],
    [
      'zero inlineConcurrency',
      { ...BASE, inlineConcurrency: 0 },
      'inlineConcurrency must be a whole number of at least 1 (got 0).',
    ],
    ['zero concurrency', { ...BASE, concurrency: 0 }, 'concurrency must be a whole number of at least 1 (got 0).'],
  ])('refuses %s, saying what to change', (_name, options, message) => {
    const error = configError(() => resolveOptions(options));
    expect(error.name).toBe('WebmentionConfigError');
    expect(error.message).toBe(`WebmentionModule: ${message}`);
  });

  it('accepts the smallest allowed values', () => {
    const resolved = resolveOptions({
      ...BASE,
      maxUrlLength: 16,
      maxRequestBytes: 256,
      sweepIntervalMs: 0,
      enqueueTimeoutMs: 1,
      inlineConcurrency: 1,
      verifyRetry: { attempts: 1, backoffMs: 0, maxBackoffMs: 0 },
    });
    expect(resolved).toMatchObject({
      maxUrlLength: 16,
      maxRequestBytes: 256,
      sweepIntervalMs: 0,
      enqueueTimeoutMs: 1,
      concurrency: 1,
      verifyRetry: { attempts: 1, backoffMs: 0, maxBackoffMs: 0 },
    });
  });
});

describe('resolveExtras', () => {
  it('applies every default', () => {
    expect(resolveExtras({})).toEqual({
      isGlobal: false,
      queue: 'inline',
      processor: true,
      controllers: true,
      endpointPath: '/webmention',
      apiPath: '/webmentions',
      moderationPath: '/webmentions/moderation',
      mediaProxy: {
        enabled: false,
        path: '/webmention/media',
        cacheDir: './data/webmention-media',
        ttlMs: 86_400_000,
        maxBytes: 2 * 1024 * 1024,
      },
      metricsPath: false,
      live: { enabled: false, maxClients: 1000, maxClientsPerAddress: 4, heartbeatMs: 25_000 },
    });
  });

  it.each([
    [{ enabled: 'yes' }, 'live.enabled must be true or false (got "yes").'],
    [{ maxClients: 0 }, 'live.maxClients must be a whole number of at least 1 (got 0).'],
    [{ heartbeatMs: 10 }, 'live.heartbeatMs must be a whole number of at least 1000 (got 10).'],
  ])('refuses live %p, saying what to change', (live, message) => {
    expect(configError(() => resolveExtras({ live: live as never })).message).toBe(`WebmentionModule: ${message}`);
  });

  it('keeps given values', () => {
    expect(
      resolveExtras({
        isGlobal: true,
        queue: 'bull',
        processor: false,
        controllers: false,
        endpointPath: '/wm',
        apiPath: '/api/v1/mentions',
        moderationPath: '/admin/mentions',
      }),
    ).toEqual({
      isGlobal: true,
      queue: 'bull',
      processor: false,
      controllers: false,
      endpointPath: '/wm',
      apiPath: '/api/v1/mentions',
      moderationPath: '/admin/mentions',
      mediaProxy: expect.objectContaining({ enabled: false }),
      metricsPath: false,
      live: expect.objectContaining({ enabled: false }),
    });
    expect(resolveExtras({ apiPath: '/api/' }).moderationPath).toBe('/api/moderation');
    expect(resolveExtras({ metricsPath: '/metrics' }).metricsPath).toBe('/metrics');
  });

  it.each([
    [{ queue: 'redis' as never }, "queue must be 'bull' or 'inline' (got 'redis')."],
    [{ endpointPath: 'webmention' }, "endpointPath must be a path starting with '/' (got 'webmention')."],
    [{ endpointPath: '/web mention' }, "endpointPath must be a path starting with '/' (got '/web mention')."],
    [{ apiPath: '/api/:id' }, "apiPath must be a path starting with '/' (got '/api/:id')."],
    [{ moderationPath: 'admin' }, "moderationPath must be a path starting with '/' (got 'admin')."],
    [{ metricsPath: 'metrics' }, "metricsPath must be a path starting with '/' (got 'metrics')."],
    [{ metricsPath: true as never }, "metricsPath must be a path starting with '/' (got 'true')."],
    [{ apiPath: '/m', moderationPath: '/m/' }, "moderationPath must differ from apiPath (both are '/m')."],
    [{ apiPath: '' }, "apiPath must be a path starting with '/' (got '')."],
  ])('refuses %j', (extras, message) => {
    expect(configError(() => resolveExtras(extras)).message).toBe(`WebmentionModule: ${message}`);
  });
});
