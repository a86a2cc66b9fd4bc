/**
 * Rate limits of the endpoint (`rateLimit`), on Express and Fastify: one client flooding gets 429 with Retry-After
 * while another is served; a flood about one source host is refused from any address while other hosts pass;
 * `X-Forwarded-For` counts only through a trusted proxy; the window ends and the client is served again. With Bull,
 * two apps on one Redis share one budget, and with Redis down requests are still answered (the limit fails open).
 */
import request from 'supertest';
import type { WebmentionModuleOptions } from 'nestjs-webmention';
import { PrivateRedis } from './support/redis-server';
import { describeWith, POSTGRES, REDIS } from './support/services';
import { STACKS, startTestApp, TestApp } from './support/test-app';

const SQLITE = STACKS.find((s) => s.database === 'sqlite')!;
const BULL = STACKS.find((s) => s.queue === 'bull')!;
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

describe.each(['express', 'fastify'] as const)('rate limits in Redis (Bull) over %s', (adapter) => {
  const SHARED_LIMIT = 5;
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.splice(0).map((t) => t.close()));
  });

  /** Two apps on one Redis and one Bull prefix (so one key space), as two web processes of one site. */
  const bootPair = async (rateLimit: WebmentionModuleOptions['rateLimit']) => {
    const a = await startTestApp({ stack: BULL, adapter, options: { rateLimit } });
    apps.push(a);
    const b = await startTestApp({ stack: BULL, adapter, options: { rateLimit }, shared: a.shared });
    apps.push(b);
    return [a, b];
  };
  const post = (t: TestApp, source: string, forwardedFor?: string) => {
    const req = request(t.url).post('/webmention').set('Accept', 'application/json').type('form');
    if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
    return req.send({ source, target: TARGET });
  };

  describeWith([POSTGRES, REDIS], 'shared Redis', () => {
    it('two apps share one budget per client: 3 requests to one and 3 to the other, the 6th is 429', async () => {
      const [a, b] = await bootPair({ limit: SHARED_LIMIT, windowMs: 60_000 });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(a, `https://a${i}.example/x`)).status);
      for (let i = 0; i < 2; i++) statuses.push((await post(b, `https://b${i}.example/x`)).status);
      expect(statuses).toEqual([400, 400, 400, 400, 400]);
      const refused = await post(b, 'https://b9.example/x');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(refused.body.error).toBe('rate_limited');
      // Refused by the first app as well: the count is in Redis, not in either process.
      expect((await post(a, 'https://a9.example/x')).status).toBe(429);
    }, 20_000);

    it('shares the per-source-host budget across apps and clients, while another client and host are served', async () => {
      const [a, b] = await bootPair({ limit: SHARED_LIMIT, windowMs: 60_000, trustProxy: ['loopback'] });
      for (let i = 0; i < 3; i++) {
        expect((await post(a, `https://flood.example/${i}`, `198.51.100.${i + 1}`)).status).toBe(400);
      }
      for (let i = 3; i < SHARED_LIMIT; i++) {
        expect((await post(b, `https://flood.example/${i}`, `198.51.100.${i + 1}`)).status).toBe(400);
      }
      const refused = await post(b, 'https://flood.example/9', '198.51.100.50');
      expect(refused.status).toBe(429);
      expect(refused.body.error_description).toBe("too many Webmentions about this source's host; try again later");
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await post(a, 'https://flood.example/10', '198.51.100.51')).status).toBe(429);
      // Another client about another host is served by both.
      expect((await post(a, 'https://calm.example/1', '203.0.113.7')).status).toBe(400);
      expect((await post(b, 'https://calm.example/2', '203.0.113.7')).status).toBe(400);
    }, 20_000);

    it('ends the window in Redis: the refused client is served again once it has passed', async () => {
      const [a, b] = await bootPair({ limit: 2, windowMs: 1500 });
      expect((await post(a, 'https://w1.example/x')).status).toBe(400);
      expect((await post(b, 'https://w2.example/x')).status).toBe(400);
      const refused = await post(a, 'https://w3.example/x');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(2);
      await new Promise((resolve) => setTimeout(resolve, 1500 + 1100));
      expect((await post(b, 'https://w4.example/x')).status).toBe(400);
    }, 20_000);

    it("counts in the app's memory with storage: 'memory' (each app on its own)", async () => {
      const [a, b] = await bootPair({ limit: 2, windowMs: 60_000, storage: 'memory' });
      for (let i = 0; i < 2; i++) expect((await post(a, `https://m${i}.example/x`)).status).toBe(400);
      expect((await post(a, 'https://m9.example/x')).status).toBe(429);
      expect((await post(b, 'https://m9.example/x')).status).toBe(400);
    }, 20_000);
  });

  describeWith([POSTGRES], 'Redis down (private redis-server)', () => {
    let redis: PrivateRedis;
    beforeAll(async () => {
      redis = await PrivateRedis.start();
    }, 20_000);
    afterAll(async () => {
      await Promise.all(apps.splice(0).map((t) => t.close()));
      await redis?.stop();
    }, 30_000);

    it('answers requests (201, not 500) when Redis is down: the limit fails open', async () => {
      const t = await startTestApp({
        stack: BULL,
        adapter,
        redisUrl: redis.url,
        options: { rateLimit: { limit: 2, windowMs: 60_000 }, enqueueTimeoutMs: 300 },
      });
      apps.push(t);
      const accept = (i: number) =>
        request(t.url)
          .post('/webmention')
          .set('Accept', 'application/json')
          .type('form')
          .send({ source: `https://down${i}.example/a`, target: 'https://blog.example/post' })
          .timeout(10_000);
      expect((await accept(0)).status).toBe(201);
      await redis.stop();
      // More requests than the limit, all answered: nothing counts while Redis is away.
      for (let i = 1; i <= 3; i++) {
        const started = Date.now();
        const res = await accept(i);
        expect(res.status).toBe(201);
        expect(Date.now() - started).toBeLessThan(3000);
      }
      await redis.start();
    }, 45_000);
  });
});

describe.each(['express', 'fastify'] as const)("rate limits over %s with the framework's trust setting", (adapter) => {
  it('believes X-Forwarded-For as the framework is told to when trustProxy is not given', async () => {
    const t = await startTestApp({
      stack: SQLITE,
      adapter,
      fastify: { trustProxy: 'loopback' },
      options: { rateLimit: { limit: 2, windowMs: 60_000 } },
    });
    try {
      if (adapter === 'express') {
        (t.app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void }).set(
          'trust proxy',
          'loopback',
        );
      }
      const post = (source: string, forwardedFor: string) =>
        request(t.url)
          .post('/webmention')
          .set('Accept', 'application/json')
          .set('X-Forwarded-For', forwardedFor)
          .type('form')
          .send({ source, target: TARGET });
      for (let i = 0; i < 2; i++) expect((await post(`https://t${i}.example/x`, '203.0.113.1')).status).toBe(400);
      expect((await post('https://t9.example/x', '203.0.113.1')).status).toBe(429);
      expect((await post('https://u.example/x', '203.0.113.2')).status).toBe(400);
    } finally {
      await t.close();
    }
  });
});
