/**
 * Rate limits of the endpoint (`rateLimit`), on Express and Fastify: one client flooding gets 429 with Retry-After
 * while another is served; a flood about one source host is refused from any address while other hosts pass;
 * `X-Forwarded-For` counts only through a trusted proxy; the window ends and the client is served again.
 */
import request from 'supertest';
import type { WebmentionModuleOptions } from 'nestjs-webmention';
import { STACKS, startTestApp, TestApp } from './support/test-app';

const SQLITE = STACKS.find((s) => s.database === 'sqlite')!;
const LIMIT = 3;
const WINDOW_MS = 1500;
// NOTE: a target the resolver refuses (400): the requests count without queueing any work.
const TARGET = 'https://elsewhere.example/post';

describe.each(['express', 'fastify'] as const)('rate limits over %s', (adapter) => {
  const apps: TestApp[] = [];
  const boot = async (rateLimit: WebmentionModuleOptions['rateLimit']) => {
    const t = await startTestApp({ stack: SQLITE, adapter, options: { rateLimit } });
    apps.push(t);
    return t;
  };
  afterAll(async () => {
    await Promise.all(apps.map((t) => t.close()));
  });

  const post = (t: TestApp, source: string, forwardedFor?: string) => {
    const req = request(t.url).post('/webmention').set('Accept', 'application/json').type('form');
    if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
    return req.send({ source, target: TARGET });
  };

  it('refuses a client over the limit with 429 and Retry-After, ignoring X-Forwarded-For from an untrusted peer', async () => {
    const t = await boot({ limit: LIMIT, windowMs: WINDOW_MS });
    for (let i = 0; i < LIMIT; i++) expect((await post(t, `https://h${i}.example/a`)).status).toBe(400);
    const refused = await post(t, 'https://other.example/a', '203.0.113.9');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(2);
    expect(refused.body).toEqual({
      error: 'rate_limited',
      error_description: 'too many Webmentions from this address; try again later',
    });
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 1100));
    expect((await post(t, 'https://later.example/a')).status).toBe(400);
  }, 20_000);

  it('through a trusted proxy, limits each client on its own and each source host across clients', async () => {
    const t = await boot({ limit: LIMIT, windowMs: 60_000, trustProxy: ['loopback'] });
    for (let i = 0; i < LIMIT; i++) expect((await post(t, `https://a${i}.example/x`, '203.0.113.1')).status).toBe(400);
    expect((await post(t, 'https://a9.example/x', '203.0.113.1')).status).toBe(429);
    // Another client behind the same proxy is served.
    expect((await post(t, 'https://b.example/x', '203.0.113.2')).status).toBe(400);

    // One source host from many addresses: refused once over the limit, while other hosts pass.
    for (let i = 0; i < LIMIT; i++) {
      expect((await post(t, `https://flood.example/${i}`, `198.51.100.${i + 1}`)).status).toBe(400);
    }
    const refused = await post(t, 'https://flood.example/9', '198.51.100.50');
    expect(refused.status).toBe(429);
    expect(refused.body.error_description).toBe("too many Webmentions about this source's host; try again later");
    expect((await post(t, 'https://calm.example/1', '198.51.100.51')).status).toBe(400);
  }, 20_000);
});

describe('rate limits off (the default)', () => {
  it('serves a flood from one client', async () => {
    const t = await startTestApp({ stack: SQLITE });
    try {
      const statuses = [];
      for (let i = 0; i < 30; i++) {
        statuses.push(
          (await request(t.url).post('/webmention').type('form').send({ source: 'https://s.example/', target: TARGET }))
            .status,
        );
      }
      expect(new Set(statuses)).toEqual(new Set([400]));
    } finally {
      await t.close();
    }
  });
});
