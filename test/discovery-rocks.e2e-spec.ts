/**
 * Local reproduction of the endpoint discovery cases of the W3C Webmention Recommendation and webmention.rocks,
 * followed by delivery, against one real HTTP server on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliverWebmention, discoverEndpoint, SafeFetcher } from 'nestjs-webmention/testing';

jest.setTimeout(10_000);

const SOURCE = 'https://source.example/posts/1?lang=en';

interface Hit {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

type RawHeaders = Array<[string, string]>;

interface Page {
  headers?: RawHeaders;
  html?: string;
  /** The page is its own endpoint (empty href). */
  acceptsPost?: boolean;
  /** Answer HEAD with this status instead of the page. */
  headStatus?: number;
  headHeaders?: RawHeaders;
  status?: number;
  contentType?: string;
}

let server: Server;
let BASE = '';
const hits: Hit[] = [];
const pages = new Map<string, Page>();
const issuedTokens = new Map<string, boolean>();
let flakyCalls = 0;

/** Writes a response keeping header name casing and every repeated line. */
function reply(res: ServerResponse, status: number, headers: RawHeaders, body = ''): void {
  res.writeHead(status, headers.flat());
  res.end(body);
}

function htmlDoc(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>test</title></head><body>${body}</body></html>`;
}

const HTML: [string, string] = ['Content-Type', 'text/html; charset=utf-8'];
const ENDPOINT_PATH = /\/(webmention-)?endpoint$/;

function route(req: IncomingMessage, res: ServerResponse): void {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', BASE);
  const path = url.pathname;

  // NOTE: never answered; the client's deadline has to end the exchange.
  if (path === '/extra/slow/page' || path === '/deliver/slow/endpoint') return;
  if (path.includes('decoy')) return reply(res, 202, [['Location', '/status/decoy']]);

  const oneTime = /^\/test\/23\/final\/endpoint\/([0-9a-f]+)$/.exec(path);
  if (oneTime) {
    if (method !== 'POST') return reply(res, 405, [['Allow', 'POST']]);
    if (issuedTokens.get(oneTime[1]) !== false) return reply(res, 400, [], 'unknown or used endpoint');
    issuedTokens.set(oneTime[1], true);
    return reply(res, 202, [['Location', `/status/23/${oneTime[1]}`]]);
  }
  if (path === '/test/23/page') return reply(res, 302, [['Location', '/test/23/final/page']]);
  if (path === '/test/23/final/page') {
    if (method === 'HEAD') return reply(res, 200, [HTML]);
    const token = randomBytes(8).toString('hex');
    issuedTokens.set(token, false);
    return reply(res, 200, [HTML], htmlDoc(`<link rel="webmention" href="endpoint/${token}">`));
  }
  if (path === '/extra/moved/page') return reply(res, 301, [['Location', '/extra/moved/new/page']]);

  const redirect = /^\/deliver\/redirect\/(\d{3})$/.exec(path);
  if (redirect) return reply(res, Number(redirect[1]), [['Location', `/deliver/final/${redirect[1]}/endpoint`]]);
  if (path === '/deliver/flaky/endpoint') {
    flakyCalls += 1;
    return flakyCalls <= 2 ? reply(res, 500, [], 'try later') : reply(res, 202, [['Location', 'status/flaky']]);
  }
  if (path === '/deliver/busy/endpoint') return reply(res, 429, [['Retry-After', '2']], 'slow down');
  if (path === '/deliver/bad/endpoint') return reply(res, 400, [], 'source does not link to target');

  if (ENDPOINT_PATH.test(path)) {
    if (method !== 'POST') return reply(res, 405, [['Allow', 'POST']]);
    return reply(res, 202, [['Location', `/status${path}`]]);
  }

  const page = pages.get(path);
  if (!page) return reply(res, 404, [HTML], htmlDoc('not found'));
  if (method === 'POST')
    return page.acceptsPost ? reply(res, 202, [['Location', '/status/page']]) : reply(res, 405, []);
  if (method === 'HEAD' && page.headStatus) return reply(res, page.headStatus, page.headHeaders ?? []);
  const headers: RawHeaders = [
    ['Content-Type', page.contentType ?? 'text/html; charset=utf-8'],
    ...(page.headers ?? []),
  ];
  return reply(
    res,
    page.status ?? 200,
    headers,
    method === 'HEAD' ? '' : htmlDoc(page.html ?? '<p>no endpoint here</p>'),
  );
}

interface RocksCase {
  n: number;
  title: string;
  page: Page;
  /** Path and query the one POST must reach. */
  expected: string;
  source: 'link-header' | 'html';
}

/** The discovery cases, with `@` standing for the server origin. */
const CASES: RocksCase[] = [
  {
    n: 1,
    title: 'Link header, unquoted rel, relative URL',
    page: { headers: [['Link', '</test/1/endpoint>; rel=webmention']] },
    expected: '/test/1/endpoint',
    source: 'link-header',
  },
  {
    n: 2,
    title: 'Link header, unquoted rel, absolute URL',
    page: { headers: [['Link', '<@/test/2/endpoint>; rel=webmention']] },
    expected: '/test/2/endpoint',
    source: 'link-header',
  },
  {
    n: 3,
    title: '<link>, relative URL',
    page: { html: '<link rel="webmention" href="/test/3/endpoint">' },
    expected: '/test/3/endpoint',
    source: 'html',
  },
  {
    n: 4,
    title: '<link>, absolute URL',
    page: { html: '<link rel="webmention" href="@/test/4/endpoint">' },
    expected: '/test/4/endpoint',
    source: 'html',
  },
  {
    n: 5,
    title: '<a>, relative URL',
    page: { html: '<a rel="webmention" href="/test/5/endpoint">endpoint</a>' },
    expected: '/test/5/endpoint',
    source: 'html',
  },
  {
    n: 6,
    title: '<a>, absolute URL',
    page: { html: '<a rel="webmention" href="@/test/6/endpoint">endpoint</a>' },
    expected: '/test/6/endpoint',
    source: 'html',
  },
  {
    n: 7,
    title: 'Link header with strange casing',
    page: { headers: [['LinK', '</test/7/endpoint>; REL="WebMention"']] },
    expected: '/test/7/endpoint',
    source: 'link-header',
  },
  {
    n: 8,
    title: 'Link header, quoted rel',
    page: { headers: [['Link', '</test/8/endpoint>; rel="webmention"']] },
    expected: '/test/8/endpoint',
    source: 'link-header',
  },
  {
    n: 9,
    title: 'multiple rel values on a <link>',
    page: { html: '<link rel="webmention somethingelse" href="/test/9/endpoint">' },
    expected: '/test/9/endpoint',
    source: 'html',
  },
  {
    n: 10,
    title: 'multiple rel values on a Link header',
    page: { headers: [['Link', '</test/10/endpoint>; rel="webmention somethingelse"']] },
    expected: '/test/10/endpoint',
    source: 'link-header',
  },
  {
    n: 11,
    title: 'Link header, <link> and <a>: the header wins',
    page: {
      headers: [['Link', '</test/11/endpoint>; rel="webmention"']],
      html: '<link rel="webmention" href="/test/11/decoy-link"><a rel="webmention" href="/test/11/decoy-a">a</a>',
    },
    expected: '/test/11/endpoint',
    source: 'link-header',
  },
  {
    n: 12,
    title: 'exact match of rel',
    page: {
      headers: [['Link', '</test/12/decoy-header>; rel="not-webmention"']],
      html: '<link rel="not-webmention" href="/test/12/decoy"><link rel="webmention" href="/test/12/endpoint">',
    },
    expected: '/test/12/endpoint',
    source: 'html',
  },
  {
    n: 13,
    title: 'false endpoint inside an HTML comment',
    page: {
      html: '<!-- <link rel="webmention" href="/test/13/decoy"> --><link rel="webmention" href="/test/13/endpoint">',
    },
    expected: '/test/13/endpoint',
    source: 'html',
  },
  {
    n: 14,
    title: 'false endpoint in escaped HTML',
    page: {
      html: '<code>&lt;link rel="webmention" href="/test/14/decoy"&gt;</code><link rel="webmention" href="/test/14/endpoint">',
    },
    expected: '/test/14/endpoint',
    source: 'html',
  },
  {
    n: 15,
    title: 'empty href is the page itself',
    page: { html: '<link rel="webmention" href="">', acceptsPost: true },
    expected: '/test/15/page',
    source: 'html',
  },
  {
    n: 16,
    title: '<a> before <link>: the <a> wins',
    page: { html: '<a rel="webmention" href="/test/16/endpoint">a</a><link rel="webmention" href="/test/16/decoy">' },
    expected: '/test/16/endpoint',
    source: 'html',
  },
  {
    n: 17,
    title: '<link> before <a>: the <link> wins',
    page: { html: '<link rel="webmention" href="/test/17/endpoint"><a rel="webmention" href="/test/17/decoy">a</a>' },
    expected: '/test/17/endpoint',
    source: 'html',
  },
  {
    n: 18,
    title: 'multiple Link header lines, the first with another rel',
    page: {
      headers: [
        ['Link', '</test/18/decoy>; rel="other"'],
        ['Link', '</test/18/endpoint>; rel="webmention"'],
      ],
    },
    expected: '/test/18/endpoint',
    source: 'link-header',
  },
  {
    n: 19,
    title: 'one Link header with comma-separated values',
    page: { headers: [['Link', '</test/19/decoy>; rel="other", </test/19/endpoint>; rel="webmention"']] },
    expected: '/test/19/endpoint',
    source: 'link-header',
  },
  {
    n: 20,
    title: '<link> without href skipped',
    page: { html: '<link rel="webmention"><link rel="webmention" href="/test/20/endpoint">', acceptsPost: true },
    expected: '/test/20/endpoint',
    source: 'html',
  },
  {
    n: 21,
    title: 'endpoint with a query string',
    page: { html: '<link rel="webmention" href="/test/21/endpoint?query=yes">' },
    expected: '/test/21/endpoint?query=yes',
    source: 'html',
  },
  {
    n: 22,
    title: 'endpoint relative to the page path',
    page: { html: '<link rel="webmention" href="webmention-endpoint">' },
    expected: '/test/22/webmention-endpoint',
    source: 'html',
  },
];

const withOrigin = (s: string): string => s.replace(/@\//g, `${BASE}/`);
const form = (target: string): string => `source=${encodeURIComponent(SOURCE)}&target=${encodeURIComponent(target)}`;

/** Requests the server received since `from`. */
const since = (from: number): Hit[] => hits.slice(from);

function expectNoRepeatedFetch(requests: Hit[]): void {
  const keys = requests.filter((h) => h.method !== 'POST').map((h) => `${h.method} ${h.url}`);
  expect(new Set(keys).size).toBe(keys.length);
}

let fetcher: SafeFetcher;
const extraFetchers: SafeFetcher[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      // NOTE: a runaway client fails the run instead of looping.
      if (hits.length > 400) return reply(res, 503, []);
      route(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  BASE = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  for (const c of CASES) {
    const page: Page = {
      ...c.page,
      headers: c.page.headers?.map(([k, v]) => [k, withOrigin(v)] as [string, string]),
      html: c.page.html === undefined ? undefined : withOrigin(c.page.html),
    };
    pages.set(`/test/${c.n}/page`, page);
  }
  pages.set('/extra/head-405/page', {
    headStatus: 405,
    headHeaders: [['Link', '</extra/head-405/decoy>; rel="webmention"']],
    html: '<link rel="webmention" href="/extra/head-405/endpoint">',
  });
  pages.set('/extra/head-plain/page', { html: '<a rel="webmention" href="/extra/head-plain/endpoint">e</a>' });
  pages.set('/extra/none/page', {
    html: '<a href="/extra/none/endpoint">just a link</a><link rel="webmention-ish" href="/extra/none/decoy">',
  });
  pages.set('/extra/error/page', { status: 500, html: '<link rel="webmention" href="/extra/error/decoy">' });
  pages.set('/extra/gone/page', { status: 410, html: '<link rel="webmention" href="/extra/gone/decoy">' });
  pages.set('/extra/text/page', {
    contentType: 'text/plain',
    html: '<link rel="webmention" href="/extra/text/decoy">',
  });
  pages.set('/extra/moved/new/page', { headers: [['Link', '<endpoint>; rel="webmention"']] });
  pages.set('/extra/mailto/page', { headers: [['Link', '<mailto:wm@example.com>; rel="webmention"']] });
  pages.set('/guard/page', { headers: [['Link', `<${BASE}/guard/endpoint>; rel="webmention"`]] });
  pages.set('/guard/localhost/page', {
    html: `<link rel="webmention" href="http://localhost:${new URL(BASE).port}/guard/endpoint">`,
  });

  fetcher = new SafeFetcher({ allowPrivateAddresses: true, timeoutMs: 3000 });
});

afterAll(async () => {
  await fetcher.close();
  await Promise.all(extraFetchers.map((f) => f.close()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('webmention.rocks discovery cases, then delivery', () => {
  it.each(CASES.map((c) => [c.n, c.title, c] as const))('#%i %s', async (_n, _title, c) => {
    const from = hits.length;
    const target = `${BASE}/test/${c.n}/page`;

    const found = await discoverEndpoint(fetcher, target);
    expect(found).toMatchObject({
      target,
      endpoint: `${BASE}${c.expected}`,
      source: c.source,
      status: 200,
      transient: false,
    });
    expect(found.reason).toBeUndefined();

    const sent = await deliverWebmention(fetcher, found.endpoint!, SOURCE, target);
    expect(sent).toMatchObject({ ok: true, status: 202, transient: false });
    expect(sent.location).toMatch(new RegExp(`^${BASE}/status/`));

    const requests = since(from);
    const posts = requests.filter((h) => h.method === 'POST');
    expect(posts).toEqual([
      { method: 'POST', url: c.expected, contentType: 'application/x-www-form-urlencoded', body: form(target) },
    ]);
    expect(requests.filter((h) => h.url.includes('decoy'))).toEqual([]);
    expectNoRepeatedFetch(requests);
    // NOTE: an endpoint in the HEAD's Link header means the page is never downloaded.
    expect(requests.map((h) => h.method)).toEqual(
      c.source === 'link-header' ? ['HEAD', 'POST'] : ['HEAD', 'GET', 'POST'],
    );
  });

  it('#23 redirected target: endpoint relative to the final page, one-time URL', async () => {
    const from = hits.length;
    const target = `${BASE}/test/23/page`;

    const found = await discoverEndpoint(fetcher, target);
    expect(found).toMatchObject({ target, source: 'html', finalUrl: `${BASE}/test/23/final/page`, transient: false });
    const match = new RegExp(`^${BASE}/test/23/final/endpoint/([0-9a-f]{16})$`).exec(found.endpoint ?? '');
    expect(match).not.toBeNull();
    const token = match![1];
    expect(issuedTokens.get(token)).toBe(false);

    const sent = await deliverWebmention(fetcher, found.endpoint!, SOURCE, target);
    expect(sent).toMatchObject({ ok: true, status: 202, location: `${BASE}/status/23/${token}` });
    expect(issuedTokens.get(token)).toBe(true);

    const requests = since(from);
    expect(requests.map((h) => `${h.method} ${h.url}`)).toEqual([
      'HEAD /test/23/page',
      'HEAD /test/23/final/page',
      'GET /test/23/page',
      'GET /test/23/final/page',
      `POST /test/23/final/endpoint/${token}`,
    ]);
    expect(requests[4]).toMatchObject({ contentType: 'application/x-www-form-urlencoded', body: form(target) });

    // A used endpoint is refused, and a new discovery is made rather than reusing the old URL.
    const again = await deliverWebmention(fetcher, found.endpoint!, SOURCE, target);
    expect(again).toMatchObject({ ok: false, status: 400, reason: 'http_status', transient: false });
    const second = await discoverEndpoint(fetcher, target);
    expect(second.endpoint).not.toBe(found.endpoint);
    const resent = await deliverWebmention(fetcher, second.endpoint!, SOURCE, target);
    expect(resent.ok).toBe(true);
    expect(since(from)).toHaveLength(11);
  });
});

describe('discovery beyond the test suite', () => {
  it('HEAD answered 405: falls back to GET and ignores the refused response', async () => {
    const from = hits.length;
    const target = `${BASE}/extra/head-405/page`;
    const found = await discoverEndpoint(fetcher, target);
    expect(found).toMatchObject({ endpoint: `${BASE}/extra/head-405/endpoint`, source: 'html' });
    await deliverWebmention(fetcher, found.endpoint!, SOURCE, target);
    expect(since(from).map((h) => `${h.method} ${h.url}`)).toEqual([
      'HEAD /extra/head-405/page',
      'GET /extra/head-405/page',
      'POST /extra/head-405/endpoint',
    ]);
  });

  it('HEAD without a Link header: GET finds the HTML endpoint', async () => {
    const from = hits.length;
    const found = await discoverEndpoint(fetcher, `${BASE}/extra/head-plain/page`);
    expect(found).toMatchObject({ endpoint: `${BASE}/extra/head-plain/endpoint`, source: 'html', status: 200 });
    expect(since(from).map((h) => h.method)).toEqual(['HEAD', 'GET']);
  });

  it('Link header relative to the final URL after a redirect', async () => {
    const found = await discoverEndpoint(fetcher, `${BASE}/extra/moved/page`);
    expect(found).toMatchObject({
      endpoint: `${BASE}/extra/moved/new/endpoint`,
      source: 'link-header',
      finalUrl: `${BASE}/extra/moved/new/page`,
    });
  });

  it('no endpoint anywhere', async () => {
    const from = hits.length;
    const found = await discoverEndpoint(fetcher, `${BASE}/extra/none/page`);
    expect(found).toMatchObject({ endpoint: null, reason: 'no_endpoint', status: 200, transient: false });
    expect(since(from).map((h) => h.method)).toEqual(['HEAD', 'GET']);
  });

  it('HTML markup in a non-HTML response is not searched', async () => {
    const found = await discoverEndpoint(fetcher, `${BASE}/extra/text/page`);
    expect(found).toMatchObject({ endpoint: null, reason: 'no_endpoint' });
  });

  it('target answering 500 is transient', async () => {
    const from = hits.length;
    const found = await discoverEndpoint(fetcher, `${BASE}/extra/error/page`);
    expect(found).toMatchObject({ endpoint: null, reason: 'http_status', status: 500, transient: true });
    expect(since(from).map((h) => h.method)).toEqual(['HEAD', 'GET']);
  });

  it('target answering 410 is permanent, its page is not searched', async () => {
    const found = await discoverEndpoint(fetcher, `${BASE}/extra/gone/page`);
    expect(found).toMatchObject({ endpoint: null, reason: 'http_status', status: 410, transient: false });
  });

  it('non-http endpoint is invalid', async () => {
    const found = await discoverEndpoint(fetcher, `${BASE}/extra/mailto/page`);
    expect(found).toMatchObject({
      endpoint: null,
      reason: 'invalid_endpoint',
      source: 'link-header',
      transient: false,
    });
  });

  it('target that never answers times out, transient', async () => {
    const hasty = new SafeFetcher({ allowPrivateAddresses: true, timeoutMs: 300 });
    extraFetchers.push(hasty);
    const from = hits.length;
    const found = await discoverEndpoint(hasty, `${BASE}/extra/slow/page`);
    expect(found).toMatchObject({ endpoint: null, reason: 'timeout', transient: true });
    expect(since(from).map((h) => h.method)).toEqual(['HEAD', 'GET']);
  });

  it('unreachable target is transient', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const found = await discoverEndpoint(fetcher, `http://127.0.0.1:${port}/page`);
    expect(found).toMatchObject({ endpoint: null, reason: 'fetch_error', transient: true });
  });
});

describe('delivery', () => {
  it.each([301, 302, 303, 307, 308])('endpoint redirecting with %i keeps the POST and its body', async (code) => {
    const from = hits.length;
    const target = `${BASE}/test/3/page`;
    const sent = await deliverWebmention(fetcher, `${BASE}/deliver/redirect/${code}`, SOURCE, target);
    expect(sent).toMatchObject({
      ok: true,
      status: 202,
      endpoint: `${BASE}/deliver/redirect/${code}`,
      location: `${BASE}/status/deliver/final/${code}/endpoint`,
    });
    const expectedHit = { method: 'POST', contentType: 'application/x-www-form-urlencoded', body: form(target) };
    expect(since(from)).toEqual([
      { ...expectedHit, url: `/deliver/redirect/${code}` },
      { ...expectedHit, url: `/deliver/final/${code}/endpoint` },
    ]);
  });

  it('500, 500, then 202: transient twice, then accepted with its status page', async () => {
    const endpoint = `${BASE}/deliver/flaky/endpoint`;
    const target = `${BASE}/test/1/page`;
    const first = await deliverWebmention(fetcher, endpoint, SOURCE, target);
    const second = await deliverWebmention(fetcher, endpoint, SOURCE, target);
    const third = await deliverWebmention(fetcher, endpoint, SOURCE, target);
    expect(first).toMatchObject({ ok: false, status: 500, reason: 'http_status', transient: true });
    expect(second).toMatchObject({ ok: false, status: 500, reason: 'http_status', transient: true });
    expect(third).toEqual({
      ok: true,
      endpoint,
      status: 202,
      location: `${BASE}/deliver/flaky/status/flaky`,
      transient: false,
    });
    expect(flakyCalls).toBe(3);
  });

  it('429 with Retry-After is transient and carries the delay', async () => {
    const sent = await deliverWebmention(fetcher, `${BASE}/deliver/busy/endpoint`, SOURCE, `${BASE}/test/1/page`);
    expect(sent).toMatchObject({ ok: false, status: 429, transient: true });
    expect(sent.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(sent.retryAfterMs).toBeLessThanOrEqual(2000);
  });

  it('endpoint that never answers times out, transient', async () => {
    const hasty = new SafeFetcher({ allowPrivateAddresses: true, timeoutMs: 300 });
    extraFetchers.push(hasty);
    const sent = await deliverWebmention(hasty, `${BASE}/deliver/slow/endpoint`, SOURCE, `${BASE}/test/1/page`);
    expect(sent).toMatchObject({ ok: false, reason: 'timeout', transient: true });
  });

  it('400 is a permanent failure with the status and the reason given', async () => {
    const sent = await deliverWebmention(fetcher, `${BASE}/deliver/bad/endpoint`, SOURCE, `${BASE}/test/1/page`);
    expect(sent).toMatchObject({ ok: false, status: 400, reason: 'http_status', transient: false });
    expect(sent.message).toContain('source does not link to target');
    expect(sent.retryAfterMs).toBeUndefined();
  });
});

describe('address guard on', () => {
  it('refuses a loopback target outright', async () => {
    const guarded = new SafeFetcher({ timeoutMs: 3000 });
    extraFetchers.push(guarded);
    const from = hits.length;
    const found = await discoverEndpoint(guarded, `${BASE}/guard/page`);
    expect(found).toMatchObject({ endpoint: null, reason: 'blocked_address', transient: false });
    expect(since(from)).toEqual([]);
  });

  it.each([
    ['an IP literal endpoint', '/guard/page'],
    ['a localhost endpoint', '/guard/localhost/page'],
  ])('refuses %s advertised by a reachable target', async (_name, path) => {
    // NOTE: the target's name is exempt and resolves to the local server; the endpoint it names is not exempt.
    const guarded = new SafeFetcher({
      timeoutMs: 3000,
      allowedHosts: ['target.test'],
      lookup: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    extraFetchers.push(guarded);
    const from = hits.length;
    const port = new URL(BASE).port;
    const found = await discoverEndpoint(guarded, `http://target.test:${port}${path}`);
    expect(found).toMatchObject({ endpoint: null, reason: 'blocked_endpoint', transient: false });
    expect(since(from).some((h) => h.url.startsWith('/guard/endpoint'))).toBe(false);
  });

  it('refuses to deliver to a loopback endpoint', async () => {
    const guarded = new SafeFetcher({ timeoutMs: 3000 });
    extraFetchers.push(guarded);
    const from = hits.length;
    const sent = await deliverWebmention(guarded, `${BASE}/guard/endpoint`, SOURCE, `${BASE}/test/1/page`);
    expect(sent).toMatchObject({ ok: false, reason: 'blocked_address', transient: false });
    expect(since(from)).toEqual([]);
  });
});
