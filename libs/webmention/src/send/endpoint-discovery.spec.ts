import type { FetchFailure, FetchOutcome, SafeFetcher, SafeResponse } from '../http';
import { discoverEndpoint, endpointFromHtml, endpointFromLinkHeaders } from './endpoint-discovery';

const PAGE = 'https://target.example/test/page?x=1#frag';

describe('endpointFromLinkHeaders', () => {
  const cases: Array<[string, string[], string | null]> = [
    ['unquoted rel, relative', ['</wm>; rel=webmention'], 'https://target.example/wm'],
    ['unquoted rel, absolute', ['<https://wm.example/e>; rel=webmention'], 'https://wm.example/e'],
    ['quoted rel', ['</wm>; rel="webmention"'], 'https://target.example/wm'],
    ['strange casing', ['</wm>; REL="WebMention"'], 'https://target.example/wm'],
    ['several relation types in one rel', ['</wm>; rel="webmention somethingelse"'], 'https://target.example/wm'],
    ['relation type listed second', ['</wm>; rel="somethingelse webmention"'], 'https://target.example/wm'],
    ['path-relative', ['<wm>; rel=webmention'], 'https://target.example/test/wm'],
    ['query string kept', ['</wm?query=yes&a=b>; rel=webmention'], 'https://target.example/wm?query=yes&a=b'],
    ['empty URI is the page', ['<>; rel=webmention'], 'https://target.example/test/page?x=1'],
    [
      'comma-separated values, first of another rel',
      ['</other>; rel="other", </wm>; rel="webmention"'],
      'https://target.example/wm',
    ],
    [
      'several lines, the first of another rel',
      ['</other>; rel="other"', '</wm>; rel="webmention"'],
      'https://target.example/wm',
    ],
    [
      'first match wins across lines',
      ['</first>; rel=webmention', '</second>; rel=webmention'],
      'https://target.example/first',
    ],
    [
      'first match wins within a line',
      ['</first>; rel=webmention, </second>; rel=webmention'],
      'https://target.example/first',
    ],
    ['rel is a token, not a substring', ['</decoy>; rel="not-webmention"', '</decoy2>; rel="webmentions"'], null],
    ['substring in the URI does not count', ['</webmention>; rel="other"; title="rel=webmention"'], null],
    [
      'comma inside a quoted parameter',
      ['</a>; rel="other"; title="a, </decoy>; rel=webmention", </wm>; rel=webmention'],
      'https://target.example/wm',
    ],
    ['malformed line skipped', ['garbage <<<', '</wm>; rel=webmention'], 'https://target.example/wm'],
    ['unterminated URI skipped', ['</wm; rel=webmention'], null],
    ['no lines', [], null],
    ['rel without value', ['</wm>; rel'], null],
    [
      'non-http endpoint is returned for the caller to judge',
      ['<mailto:a@b.example>; rel=webmention'],
      'mailto:a@b.example',
    ],
  ];
  it.each(cases)('%s', (_name, values, expected) => {
    expect(endpointFromLinkHeaders(values, PAGE)).toBe(expected);
  });
});

describe('endpointFromHtml', () => {
  const cases: Array<[string, string, string | null]> = [
    ['<link> relative', '<link rel="webmention" href="/wm">', 'https://target.example/wm'],
    ['<link> absolute', '<link rel="webmention" href="https://wm.example/e">', 'https://wm.example/e'],
    ['<a> relative', '<a rel="webmention" href="/wm">x</a>', 'https://target.example/wm'],
    ['<a> absolute', '<a rel="webmention" href="https://wm.example/e">x</a>', 'https://wm.example/e'],
    ['several rel values', '<link rel="somethingelse webmention other" href="/wm">', 'https://target.example/wm'],
    ['rel case-insensitive, odd whitespace', '<link rel="\n\tWebMention  " href="/wm">', 'https://target.example/wm'],
    [
      'exact token match',
      '<link rel="not-webmention" href="/decoy"><link rel="webmention" href="/wm">',
      'https://target.example/wm',
    ],
    [
      'inside a comment ignored',
      '<!-- <link rel="webmention" href="/decoy"> --><link rel="webmention" href="/wm">',
      'https://target.example/wm',
    ],
    [
      'escaped markup ignored',
      '<code>&lt;link rel="webmention" href="/decoy"&gt;</code><a rel="webmention" href="/wm">x</a>',
      'https://target.example/wm',
    ],
    [
      'inside a script ignored',
      '<script>var s = \'<link rel="webmention" href="/decoy">\';</script><link rel="webmention" href="/wm">',
      'https://target.example/wm',
    ],
    [
      'inside a template ignored',
      '<template><link rel="webmention" href="/decoy"></template><link rel="webmention" href="/wm">',
      'https://target.example/wm',
    ],
    [
      'inside a textarea ignored',
      '<textarea><a rel="webmention" href="/decoy">x</a></textarea><a rel="webmention" href="/wm">x</a>',
      'https://target.example/wm',
    ],
    ['empty href is the page itself', '<link rel="webmention" href="">', 'https://target.example/test/page?x=1'],
    [
      'empty href ignores <base>',
      '<base href="https://elsewhere.example/"><link rel="webmention" href="">',
      'https://target.example/test/page?x=1',
    ],
    [
      '<a> before <link>',
      '<a rel="webmention" href="/from-a">x</a><link rel="webmention" href="/from-link">',
      'https://target.example/from-a',
    ],
    [
      '<link> before <a>',
      '<link rel="webmention" href="/from-link"><a rel="webmention" href="/from-a">x</a>',
      'https://target.example/from-link',
    ],
    [
      '<link> in head beats <a> in body',
      '<html><head><link rel="webmention" href="/head"></head><body><a rel="webmention" href="/body">x</a></body></html>',
      'https://target.example/head',
    ],
    [
      'element without href skipped',
      '<link rel="webmention"><link rel="webmention" href="/wm">',
      'https://target.example/wm',
    ],
    ['query string kept', '<link rel="webmention" href="/wm?query=yes">', 'https://target.example/wm?query=yes'],
    [
      'path-relative',
      '<link rel="webmention" href="webmention-endpoint">',
      'https://target.example/test/webmention-endpoint',
    ],
    [
      '<base href> honoured',
      '<base href="https://base.example/dir/"><link rel="webmention" href="wm">',
      'https://base.example/dir/wm',
    ],
    [
      'relative <base href>',
      '<base href="/other/"><link rel="webmention" href="wm">',
      'https://target.example/other/wm',
    ],
    ['entities in href decoded', '<link rel="webmention" href="/wm?a=1&amp;b=2">', 'https://target.example/wm?a=1&b=2'],
    [
      'other elements ignored',
      '<div rel="webmention" href="/d"></div><area rel="webmention" href="/area"><img rel="webmention" src="/i">',
      null,
    ],
    ['svg <a> is not an HTML link', '<svg><a rel="webmention" href="/svg"></a></svg>', null],
    ['no rel', '<link href="/wm"><a href="/wm">x</a>', null],
    ['nothing at all', '', null],
  ];
  it.each(cases)('%s', (_name, html, expected) => {
    expect(endpointFromHtml(html, PAGE)).toBe(expected);
  });
});

describe('discoverEndpoint control flow', () => {
  type Init = { method?: string };
  const response = (over: Partial<SafeResponse> & { link?: string[] }): SafeResponse => {
    const headers: Record<string, string[]> = over.link ? { link: over.link } : {};
    return {
      ok: true,
      url: 'https://target.example/page',
      status: 200,
      headers,
      header: (name: string) => headers[name.toLowerCase()]?.[0],
      contentType: 'text/html',
      body: '',
      bytes: 0,
      redirects: [],
      ...over,
    };
  };
  const failure = (code: FetchFailure['reason'], redirects: string[] = []): FetchFailure => ({
    ok: false,
    reason: code,
    message: code,
    transient: code === 'timeout' || code === 'fetch_error',
    url: 'https://target.example/page',
    redirects,
  });

  /** A fetcher answering HEAD and GET from fixed outcomes and recording the calls. */
  function fakeFetcher(head: FetchOutcome, get: FetchOutcome, options: Partial<SafeFetcher['options']> = {}) {
    const calls: string[] = [];
    const fetcher = {
      options: { allowPrivateAddresses: false, allowedHosts: [], ...options },
      request: async (url: string, init: Init = {}) => {
        calls.push(`${init.method ?? 'GET'} ${url}`);
        return init.method === 'HEAD' ? head : get;
      },
    } as unknown as SafeFetcher;
    return { fetcher, calls };
  }
  const TARGET = 'https://target.example/page';

  it('an invalid target URL is not fetched twice', async () => {
    const { fetcher, calls } = fakeFetcher(failure('invalid_url'), response({}));
    expect(await discoverEndpoint(fetcher, TARGET)).toMatchObject({
      endpoint: null,
      reason: 'invalid_url',
      transient: false,
    });
    expect(calls).toEqual([`HEAD ${TARGET}`]);
  });

  it('a HEAD refused after a redirect still gets a GET', async () => {
    const { fetcher, calls } = fakeFetcher(
      failure('blocked_address', [TARGET]),
      response({ body: '<link rel="webmention" href="/wm">' }),
    );
    expect(await discoverEndpoint(fetcher, TARGET)).toMatchObject({
      endpoint: 'https://target.example/wm',
      source: 'html',
    });
    expect(calls).toEqual([`HEAD ${TARGET}`, `GET ${TARGET}`]);
  });

  it('a HEAD timeout falls back to GET from the original target', async () => {
    const { fetcher, calls } = fakeFetcher(failure('timeout'), response({ link: ['</wm>; rel=webmention'] }));
    expect(await discoverEndpoint(fetcher, TARGET)).toMatchObject({
      endpoint: 'https://target.example/wm',
      source: 'link-header',
    });
    expect(calls).toEqual([`HEAD ${TARGET}`, `GET ${TARGET}`]);
  });

  it('an endpoint in the HEAD response means no GET', async () => {
    const { fetcher, calls } = fakeFetcher(response({ link: ['</wm>; rel=webmention'] }), response({}));
    expect(await discoverEndpoint(fetcher, TARGET)).toMatchObject({
      endpoint: 'https://target.example/wm',
      source: 'link-header',
      transient: false,
    });
    expect(calls).toEqual([`HEAD ${TARGET}`]);
  });

  it.each([
    ['GET timeout', failure('timeout'), 'timeout', true],
    ['GET connection error', failure('fetch_error'), 'fetch_error', true],
    ['GET redirect loop', failure('too_many_redirects'), 'too_many_redirects', false],
    ['GET body too large', failure('too_large'), 'too_large', false],
    ['GET 429', response({ status: 429 }), 'http_status', true],
    ['GET 503', response({ status: 503 }), 'http_status', true],
    ['GET 404', response({ status: 404 }), 'http_status', false],
  ])('%s', async (_name, get, reason, transient) => {
    const { fetcher } = fakeFetcher(response({ status: 405 }), get);
    expect(await discoverEndpoint(fetcher, TARGET)).toMatchObject({ endpoint: null, reason, transient });
  });

  it.each([
    ['IPv4 loopback literal', 'http://127.0.0.1:8080/wm', {}, 'blocked_endpoint'],
    ['IPv6 loopback literal', 'http://[::1]/wm', {}, 'blocked_endpoint'],
    ['private IPv4 literal', 'http://10.1.2.3/wm', {}, 'blocked_endpoint'],
    ['IPv4-mapped IPv6 literal', 'http://[::ffff:192.168.0.1]/wm', {}, 'blocked_endpoint'],
    ['localhost name', 'http://localhost/wm', {}, 'blocked_endpoint'],
    ['*.localhost name', 'http://app.localhost/wm', {}, 'blocked_endpoint'],
    ['public IPv4 literal', 'http://93.184.215.14/wm', {}, undefined],
    ['public name (checked when delivering)', 'https://wm.example/wm', {}, undefined],
    ['loopback with private addresses allowed', 'http://127.0.0.1/wm', { allowPrivateAddresses: true }, undefined],
    ['allowed host', 'http://localhost/wm', { allowedHosts: ['localhost'] }, undefined],
    ['not http(s)', 'ftp://wm.example/wm', {}, 'invalid_endpoint'],
  ])('endpoint %s', async (_name, endpoint, options, reason) => {
    const { fetcher } = fakeFetcher(response({ link: [`<${endpoint}>; rel=webmention`] }), response({}), options);
    const result = await discoverEndpoint(fetcher, TARGET);
    expect(result.reason).toBe(reason);
    expect(result.endpoint).toBe(reason === undefined ? new URL(endpoint).href : null);
  });
});
