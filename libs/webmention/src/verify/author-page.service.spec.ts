import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SafeFetcher } from '../http/safe-fetcher';
import { resolveOptions, type ResolvedWebmentionOptions } from '../resolve-options';
import { AuthorPageService } from './author-page.service';

/** A real local site serving author pages; each request is counted by path. */
const hits = new Map<string, number>();
const pages = new Map<string, { status: number; type: string; body: string; delayMs?: number }>();
let server: http.Server;
let origin = '';
let fetcher: SafeFetcher;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const page = pages.get(path) ?? { status: 404, type: 'text/plain', body: 'not found' };
    setTimeout(() => res.writeHead(page.status, { 'Content-Type': page.type }).end(page.body), page.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fetcher = new SafeFetcher({ allowPrivateAddresses: true, timeoutMs: 2000 });
});

afterAll(async () => {
  await fetcher.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function service(authorship: Partial<ResolvedWebmentionOptions['authorship']> = {}): AuthorPageService {
  const options = resolveOptions({ baseUrl: 'https://blog.example', authorship });
  return new AuthorPageService(fetcher, options);
}

const card = (name: string, path: string) =>
  `<!doctype html><div class="h-card"><a class="u-url u-uid p-name" href="${path}">${name}</a></div>`;

describe('AuthorPageService', () => {
  it('reads the representative h-card, fetching a page once for lookups at once and after', async () => {
    pages.set('/ada', { status: 200, type: 'text/html', body: card('Ada', '/ada'), delayMs: 50 });
    const authorPages = service();
    const [a, b] = await Promise.all([authorPages.lookup(`${origin}/ada`), authorPages.lookup(`${origin}/ada#me`)]);
    expect(a).toEqual({ card: { name: 'Ada', url: `${origin}/ada`, photo: null }, problem: null });
    expect(b).toEqual(a);
    expect(await authorPages.lookup(`${origin}/ada`)).toEqual(a);
    expect(hits.get('/ada')).toBe(1);
  });

  it('fetches every time with a cache time of 0', async () => {
    pages.set('/bo', { status: 200, type: 'text/html', body: card('Bo', '/bo') });
    const authorPages = service({ cacheTtlMs: 0 });
    await authorPages.lookup(`${origin}/bo`);
    await authorPages.lookup(`${origin}/bo`);
    expect(hits.get('/bo')).toBe(2);
  });

  it('says why a page gives no h-card: its status, its type, or its time cap', async () => {
    pages.set('/json', { status: 200, type: 'application/json', body: '{}' });
    pages.set('/slow', { status: 200, type: 'text/html', body: card('Slow', '/slow'), delayMs: 1000 });
    const authorPages = service({ timeoutMs: 200 });
    expect(await authorPages.lookup(`${origin}/missing`)).toEqual({ card: null, problem: 'answered HTTP 404' });
    expect(await authorPages.lookup(`${origin}/json`)).toEqual({
      card: null,
      problem: 'is application/json, not HTML',
    });
    const started = Date.now();
    const slow = await authorPages.lookup(`${origin}/slow`);
    expect(Date.now() - started).toBeLessThan(900);
    expect(slow.card).toBeNull();
    expect(slow.problem).toMatch(/^could not be fetched \(timeout: /);
  });

  it('asks for HTML only', async () => {
    let accept: string | undefined;
    const probe = http.createServer((req, res) => {
      accept = req.headers.accept;
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>hi</p>');
    });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/`;
      expect(await service().lookup(url)).toEqual({ card: null, problem: null });
      expect(accept).toBe('text/html,application/xhtml+xml;q=0.9');
    } finally {
      probe.closeAllConnections();
      await new Promise<void>((resolve) => probe.close(() => resolve()));
    }
  });
});
