import request from 'supertest';
import { DataSource } from 'typeorm';
import { Webmention } from 'nestjs-webmention';
import { PrivateRedis } from './support/redis-server';
import { RemoteSite } from './support/remote-site';
import { describeWith, POSTGRES } from './support/services';
import { eventually, STACKS, startTestApp, TestApp } from './support/test-app';

const BULL = STACKS.find((s) => s.queue === 'bull')!;
const ENQUEUE_TIMEOUT_MS = 500;
// NOTE: the answer may take the enqueue timeout plus the database round trips; far below ioredis' own retry budget.
const ANSWER_BOUND_MS = ENQUEUE_TIMEOUT_MS + 1500;
const FAULT_OPTIONS = { enqueueTimeoutMs: ENQUEUE_TIMEOUT_MS, sweepIntervalMs: 300 };

describeWith([POSTGRES], 'Bull queue while Redis is down (private redis-server)', () => {
  let redis: PrivateRedis;
  let site: RemoteSite;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    site = await new RemoteSite().start();
    redis = await PrivateRedis.start();
  }, 20_000);
  afterAll(async () => {
    // NOTE: the servers are stopped even when an app fails to close in time; the failure is still reported.
    const closing = Promise.all(apps.splice(0).map((t) => t.close())).then(
      () => null,
      (error: Error) => error,
    );
    let timer: NodeJS.Timeout | undefined;
    const failure = await Promise.race([
      closing,
      new Promise<Error>(
        (resolve) => (timer = setTimeout(() => resolve(new Error('an app did not close within 20 s')), 20_000)),
      ),
    ]);
    clearTimeout(timer);
    await redis?.stop();
    await site?.stop();
    if (failure) throw failure;
  }, 30_000);

  async function boot(): Promise<TestApp> {
    const t = await startTestApp({ stack: BULL, redisUrl: redis.url, options: FAULT_OPTIONS });
    apps.push(t);
    return t;
  }

  async function postTimed(t: TestApp, source: string, target: string) {
    const started = Date.now();
    const res = await request(t.url)
      .post('/webmention')
      .set('Accept', 'application/json')
      .type('form')
      .send({ source, target })
      .timeout(10_000);
    return { res, elapsed: Date.now() - started };
  }

  const row = (t: TestApp, sourceUrl: string) =>
    t.app.get(DataSource).getRepository(Webmention).findOneByOrFail({ sourceUrl });

  it('accepts a mention within the enqueue timeout while Redis is down, and verifies it once Redis is back', async () => {
    const t = await boot();
    const target = 'https://blog.example/posts/while-down';
    const source = site.page('/while-down', `<p>See <a href="${target}">this</a>.</p>`);

    await redis.stop();
    const { res, elapsed } = await postTimed(t, source, target);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', created: true });
    expect(elapsed).toBeGreaterThanOrEqual(ENQUEUE_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(ANSWER_BOUND_MS);
    expect((await row(t, source)).status).toBe('pending');

    // NOTE: still pending after a few sweeps: nothing runs without Redis.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await row(t, source)).status).toBe('pending');
    expect(site.hits.filter((h) => h.path === '/while-down')).toHaveLength(0);

    await redis.start();
    const verified = await eventually(async () => {
      const w = await row(t, source);
      return w.status === 'verified' ? w : null;
    }, 20_000);
    expect(verified.verifiedAt).toBeInstanceOf(Date);
    // NOTE: every sweep while Redis was down asked for the same job; it ran once.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(site.hits.filter((h) => h.path === '/while-down')).toHaveLength(1);
  }, 45_000);

  it('boots while Redis is down, serves requests, and verifies what it accepted once Redis is up', async () => {
    await redis.stop();
    const started = Date.now();
    const t = await boot();
    expect(Date.now() - started).toBeLessThan(15_000);

    await request(t.url).get('/webmention').timeout(5000).expect(200);
    const api = await request(t.url)
      .get('/webmentions')
      .query({ target: 'https://blog.example/posts/x' })
      .timeout(5000);
    expect(api.status).toBe(200);
    expect(api.body.items).toEqual([]);

    const target = 'https://blog.example/posts/boot-down';
    const source = site.page('/boot-down', `<p>See <a href="${target}">this</a>.</p>`);
    const { res, elapsed } = await postTimed(t, source, target);
    expect(res.status).toBe(201);
    expect(elapsed).toBeLessThan(ANSWER_BOUND_MS);
    const status = await request(t.url).get(new URL(res.headers.location).pathname).timeout(5000).expect(200);
    expect(status.body.status).toBe('pending');

    await redis.start();
    await eventually(async () => (await row(t, source)).status === 'verified', 20_000);
  }, 60_000);
});

describeWith([POSTGRES], 'Bull queue shutdown with a job that does not end', () => {
  let site: RemoteSite;
  const held: import('node:http').ServerResponse[] = [];

  beforeAll(async () => {
    site = await new RemoteSite().start();
  });
  afterAll(async () => {
    for (const res of held.splice(0)) res.end();
    await site?.stop();
  });

  /** Boots an app whose only mention's source answers only when the test lets it; resolves once the job is running. */
  async function appWithRunningJob(shutdownTimeoutMs: number) {
    const t = await startTestApp({
      stack: BULL,
      options: { shutdownTimeoutMs, http: { allowPrivateAddresses: true, timeoutMs: 60_000 } },
    });
    const path = `/held-${shutdownTimeoutMs}`;
    site.routes.set(path, (_req, res) => held.push(res));
    const res = await request(t.url)
      .post('/webmention')
      .type('form')
      .send({ source: site.url(path), target: 'https://blog.example/posts/held' });
    expect(res.status).toBe(201);
    await eventually(async () => site.hits.some((h) => h.path === path), 10_000);
    return t;
  }

  it('ends within shutdownTimeoutMs, dropping the Redis connections', async () => {
    const t = await appWithRunningJob(400);
    const started = Date.now();
    await t.close();
    expect(Date.now() - started).toBeLessThan(400 + 2500);
  }, 30_000);

  it('waits for the running job while it is within shutdownTimeoutMs (the control)', async () => {
    const t = await appWithRunningJob(30_000);
    let done = false;
    const closing = t.close().then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(done).toBe(false);
    for (const res of held.splice(0)) res.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>no link</p>');
    await closing;
    expect(done).toBe(true);
  }, 40_000);
});
