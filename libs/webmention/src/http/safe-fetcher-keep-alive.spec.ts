import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FetchOutcome, SafeResponse } from './fetch-result';
import { SafeFetcher } from './safe-fetcher';

jest.setTimeout(15_000);

function expectOk(outcome: FetchOutcome): SafeResponse {
  if (!outcome.ok) throw new Error(`expected a response, got ${outcome.reason}: ${outcome.message}`);
  return outcome;
}

/** Resolves when every socket in `sockets` has closed. */
function allClosed(sockets: Set<net.Socket>): Promise<void> {
  return Promise.all(
    [...sockets].map((s) => (s.destroyed ? undefined : new Promise<void>((resolve) => s.once('close', resolve)))),
  ).then(() => undefined);
}

describe('SafeFetcher connection reuse (real server)', () => {
  let server: http.Server;
  let base = '';
  const sockets = new Set<net.Socket>();
  const requests: string[] = [];
  let fetcher: SafeFetcher;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(req.method ?? '');
      if (req.url?.startsWith('/slow')) {
        setTimeout(() => res.end('slow'), 50);
        return;
      }
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.setHeader('Content-Type', 'text/html');
        res.setHeader('Link', '<https://example.com/endpoint>; rel="webmention"');
        res.end(req.method === 'POST' ? 'accepted' : '<html><body>page</body></html>');
      });
    });
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    sockets.clear();
    requests.length = 0;
    fetcher = new SafeFetcher({ allowPrivateAddresses: true });
  });

  afterEach(() => fetcher.close());

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends a HEAD, a GET and a POST to one site over one connection', async () => {
    expectOk(await fetcher.request(`${base}/post`, { method: 'HEAD' }));
    expect(expectOk(await fetcher.request(`${base}/post`)).body).toContain('page');
    const posted = expectOk(
      await fetcher.request(`${base}/endpoint`, { method: 'POST', form: { source: 'a', target: 'b' } }),
    );
    expect(posted.body).toBe('accepted');
    expect(requests).toEqual(['HEAD', 'GET', 'POST']);
    expect(sockets.size).toBe(1);
  });

  it('opens no more connections than requests in flight, and closes them all on close()', async () => {
    for (let round = 0; round < 3; round++) {
      const outcomes = await Promise.all([1, 2, 3].map((i) => fetcher.request(`${base}/slow?i=${i}`)));
      outcomes.forEach(expectOk);
      expectOk(await fetcher.request(`${base}/page`, { method: 'HEAD' }));
    }
    expect(requests).toHaveLength(12);
    expect(sockets.size).toBeLessThanOrEqual(3);
    await fetcher.close();
    await allClosed(sockets);
    expect([...sockets].every((s) => s.destroyed)).toBe(true);
  });
});

describe('SafeFetcher after a HEAD answered with a body (raw server)', () => {
  let server: net.Server;
  let base = '';
  let connections = 0;

  beforeAll(async () => {
    // NOTE: a misbehaving server: its answer to HEAD carries the body a GET would get.
    server = net.createServer((socket) => {
      connections++;
      let buffered = '';
      socket.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('latin1');
        let end: number;
        while ((end = buffered.indexOf('\r\n\r\n')) !== -1) {
          const head = buffered.slice(0, end);
          buffered = buffered.slice(end + 4);
          const body = head.startsWith('HEAD') ? 'stray' : 'hello';
          socket.write(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n${body}`);
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('still answers the GET that follows', async () => {
    const fetcher = new SafeFetcher({ allowPrivateAddresses: true });
    try {
      for (let i = 0; i < 5; i++) {
        expectOk(await fetcher.request(`${base}/page`, { method: 'HEAD' }));
        expect(expectOk(await fetcher.request(`${base}/page`)).body).toBe('hello');
      }
      expect(connections).toBeGreaterThanOrEqual(1);
    } finally {
      await fetcher.close();
    }
  });
});
