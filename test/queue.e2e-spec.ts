import { BullModule, getQueueToken } from '@nestjs/bull';
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  OutgoingWebmentionStore,
  WEBMENTION_ENTITIES,
  WEBMENTION_MIGRATIONS,
  Webmention,
  WebmentionModule,
  WebmentionModuleExtras,
  WebmentionQueue,
} from 'nestjs-webmention';
import { ReceiverSite } from './support/send-sites';
import { RemoteSite } from './support/remote-site';
import { describeWith, POSTGRES, POSTGRES_URL, postgresQuery, REDIS, REDIS_URL } from './support/services';
import { eventually, STACKS, startTestApp, TEST_OPTIONS, TestApp } from './support/test-app';

const BULL = STACKS.find((s) => s.queue === 'bull')!;

const post = (url: string, source: string, target: string) =>
  request(url)
    .post('/webmention')
    .set('Accept', 'application/json')
    .type('form')
    .send({ source, target })
    .timeout(10_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A root module like a host app's: storage, optionally Bull, and the Webmention module with the given extras. */
function hostModule(database: object, extras: WebmentionModuleExtras, bullPrefix?: string): DynamicModule {
  @Module({})
  class HostModule {}
  return {
    module: HostModule,
    imports: [
      TypeOrmModule.forRoot({
        ...database,
        entities: [...WEBMENTION_ENTITIES],
        migrations: [...WEBMENTION_MIGRATIONS],
        migrationsRun: true,
        synchronize: false,
      } as never),
      ...(bullPrefix ? [BullModule.forRoot({ redis: REDIS_URL, prefix: bullPrefix })] : []),
      EventEmitterModule.forRoot({ wildcard: true }),
      WebmentionModule.forRoot({ ...TEST_OPTIONS, queue: bullPrefix ? 'bull' : 'inline', ...extras }),
    ],
  };
}

describeWith([POSTGRES, REDIS], 'Bull queue: one waiting job per pair (web process without processor)', () => {
  let t: TestApp;
  let site: RemoteSite;
  let queue: Queue;
  const rows = () => t.app.get(DataSource).getRepository(Webmention);

  beforeAll(async () => {
    site = await new RemoteSite().start();
    t = await startTestApp({ stack: BULL, extras: { processor: false } });
    queue = t.app.get(getQueueToken('webmention'));
  }, 20_000);
  afterAll(async () => {
    await t?.close();
    await site?.stop();
  }, 20_000);

  it('keeps one row and one waiting job through 10 sequential and 10 concurrent resubmissions', async () => {
    const target = 'https://blog.example/posts/resubmitted';
    const source = site.page('/resubmitted', `<a href="${target}">x</a>`);
    for (let i = 0; i < 10; i++) await post(t.url, source, target).expect(201);
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => post(t.url, source, target)));
    expect(concurrent.map((r) => r.status)).toEqual(Array(10).fill(201));

    const stored = await rows().findBy({ sourceUrl: source });
    expect(stored).toHaveLength(1);
    expect(stored[0].status).toBe('pending');
    const waiting = await queue.getWaiting();
    expect(waiting.map((j) => j.id)).toEqual([`verify:${stored[0].id}`]);
    expect(waiting[0].data).toEqual({ webmentionId: stored[0].id, queuedAt: expect.any(Number) });
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 1, active: 0, delayed: 0 });
    expect(site.hits).toHaveLength(0);
  }, 30_000);

  it('queues exactly one job for a new pair submitted 10 times at once', async () => {
    const target = 'https://blog.example/posts/burst';
    const source = site.page('/burst', `<a href="${target}">x</a>`);
    const results = await Promise.all(Array.from({ length: 10 }, () => post(t.url, source, target)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(results.filter((r) => r.body.created)).toHaveLength(1);

    const stored = await rows().findOneByOrFail({ sourceUrl: source });
    const ids = (await queue.getWaiting()).map((j) => j.id);
    expect(ids.filter((id) => id === `verify:${stored.id}`)).toHaveLength(1);
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 2, active: 0, delayed: 0 });
  }, 30_000);

  it('asks stillNeeded only when no job holds the key, and queues nothing when the work is done', async () => {
    const driver = t.app.get(WebmentionQueue);
    const job = (key: string) => ({
      name: 'verify',
      key,
      data: {},
      retry: { attempts: 1, backoffMs: 50, maxBackoffMs: 50 },
    });
    const asked: string[] = [];
    const stillNeeded = (name: string, answer: boolean) => async () => (asked.push(name), answer);
    expect(await driver.enqueue(job('still:done'), { stillNeeded: stillNeeded('done', false) })).toBe('duplicate');
    expect(await queue.getJob('still:done')).toBeNull();
    expect(await driver.enqueue(job('still:open'), { stillNeeded: stillNeeded('open', true) })).toBe('queued');
    expect(await driver.enqueue(job('still:open'), { stillNeeded: stillNeeded('open again', true) })).toBe('duplicate');
    expect(asked).toEqual(['done', 'open']);
    await (await queue.getJob('still:open'))!.remove();
  }, 30_000);
});

describeWith([POSTGRES, REDIS], "Bull queue settings of the host's BullModule.forRoot", () => {
  let t: TestApp;
  afterAll(() => t?.close(), 20_000);

  it('keeps the lock and stalled-check settings of the host beside the backoff strategy of the library', async () => {
    t = await startTestApp({ stack: BULL, bullSettings: { lockDuration: 2000, stalledInterval: 1000 } });
    const { settings } = t.app.get<Queue & { settings: Record<string, unknown> }>(getQueueToken('webmention'));
    expect(settings).toMatchObject({ lockDuration: 2000, stalledInterval: 1000 });
    expect(Object.keys(settings.backoffStrategies as object)).toHaveLength(1);
  }, 20_000);
});

describe.each(STACKS)('retries with backoff on $name', (stack) => {
  describeWith(stack.services, 'verification', () => {
    let t: TestApp;
    let site: RemoteSite;
    const rows = () => t.app.get(DataSource).getRepository(Webmention);

    beforeAll(async () => {
      site = await new RemoteSite().start();
      t = await startTestApp({ stack });
    }, 20_000);
    afterAll(async () => {
      await t?.close();
      await site?.stop();
    }, 20_000);

    /** A route answering `statuses` in turn (the last one from then on), recording when each fetch came. */
    function flaky(path: string, target: string, statuses: number[]): { url: string; times: number[] } {
      const times: number[] = [];
      site.routes.set(path, (_req: IncomingMessage, res: ServerResponse) => {
        times.push(Date.now());
        const status = statuses[Math.min(times.length, statuses.length) - 1];
        res
          .writeHead(status, { 'Content-Type': 'text/html' })
          .end(status === 200 ? `<a href="${target}">ok</a>` : 'busy');
      });
      return { url: site.url(path), times };
    }

    it('verifies a source that answers 503 twice, then 200, after exactly 3 fetches spaced by growing delays', async () => {
      const target = 'https://blog.example/posts/flaky';
      const { url, times } = flaky('/flaky', target, [503, 503, 200]);
      await post(t.url, url, target).expect(201);
      const row = await eventually(async () => {
        const w = await rows().findOneByOrFail({ sourceUrl: url });
        return w.status === 'verified' ? w : null;
      }, 10_000);
      expect(row.failureReason).toBeNull();
      await sleep(300);
      expect(times).toHaveLength(3);
      // NOTE: backoffMs 50 doubled per retry (TEST_OPTIONS); a few ms of timer slack allowed.
      expect(times[1] - times[0]).toBeGreaterThanOrEqual(45);
      expect(times[2] - times[1]).toBeGreaterThanOrEqual(95);
    }, 20_000);

    it('fails a source that keeps answering 503 after the last attempt, without a further retry', async () => {
      const target = 'https://blog.example/posts/down';
      const { url, times } = flaky('/down', target, [503]);
      await post(t.url, url, target).expect(201);
      const row = await eventually(async () => {
        const w = await rows().findOneByOrFail({ sourceUrl: url });
        return w.status === 'failed' ? w : null;
      }, 10_000);
      expect(row.failureReason).toBe('http_status');
      await sleep(700);
      expect(times).toHaveLength(TEST_OPTIONS.verifyRetry!.attempts!);
    }, 20_000);
  });
});

describeWith([POSTGRES, REDIS], 'scale-out: a web process without processor and a separate worker', () => {
  const schema = `wm_${randomBytes(6).toString('hex')}`;
  const prefix = `wmtest-${randomBytes(6).toString('hex')}`;
  const database = { type: 'postgres', url: POSTGRES_URL, schema };
  let site: RemoteSite;
  let web: Awaited<ReturnType<typeof NestFactory.create>> | undefined;
  let worker: INestApplicationContext | undefined;
  let webUrl: string;
  const row = (sourceUrl: string) => web!.get(DataSource).getRepository(Webmention).findOneByOrFail({ sourceUrl });

  beforeAll(async () => {
    site = await new RemoteSite().start();
    await postgresQuery(`CREATE SCHEMA ${schema}`);
    web = await NestFactory.create(hostModule(database, { processor: false }, prefix), { logger: false });
    await web.listen(0, '127.0.0.1');
    webUrl = (await web.getUrl()).replace('[::1]', '127.0.0.1');
  }, 20_000);
  afterAll(async () => {
    await worker?.close();
    await web?.close();
    await postgresQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await site?.stop();
  }, 20_000);

  it('leaves what the web process received pending until a worker runs, which then verifies it', async () => {
    const target = 'https://blog.example/posts/scaled';
    const first = site.page('/scaled-1', `<a href="${target}">one</a>`);
    await post(webUrl, first, target).expect(201);
    await sleep(1000);
    expect((await row(first)).status).toBe('pending');
    expect(site.hits).toHaveLength(0);
    const queue = web!.get<Queue>(getQueueToken('webmention'));
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 1, active: 0 });

    worker = await NestFactory.createApplicationContext(
      hostModule(database, { controllers: false, processor: true }, prefix),
      { logger: false },
    );
    await worker.init();
    await eventually(async () => (await row(first)).status === 'verified', 10_000);

    // NOTE: with the sweeper off (sweepIntervalMs 0 after its start-up pass) this one travels through Redis only.
    const second = site.page('/scaled-2', `<a href="${target}">two</a>`);
    await post(webUrl, second, target).expect(201);
    await eventually(async () => (await row(second)).status === 'verified', 10_000);
    expect(site.hits.map((h) => h.path).sort()).toEqual(['/scaled-1', '/scaled-2']);
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  }, 40_000);
});

describe('in-process queue: pending rows of a stopped app are verified at the next start-up (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webmention-restart-'));
  const database = { type: 'better-sqlite3', database: join(dir, 'blog.sqlite') };
  let site: RemoteSite;
  let app: Awaited<ReturnType<typeof NestFactory.create>> | undefined;

  beforeAll(async () => {
    site = await new RemoteSite().start();
  });
  afterAll(async () => {
    await app?.close();
    await site?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 20_000);

  it('keeps a mention pending in an app without processor and verifies it when an app with one starts', async () => {
    const target = 'https://blog.example/posts/restart';
    const source = site.page('/restart', `<a href="${target}">later</a>`);

    app = await NestFactory.create(hostModule(database, { processor: false }), { logger: false });
    await app.listen(0, '127.0.0.1');
    const res = await post((await app.getUrl()).replace('[::1]', '127.0.0.1'), source, target).expect(201);
    expect(res.body.status).toBe('pending');
    await sleep(300);
    expect(site.hits).toHaveLength(0);
    await app.close();
    app = undefined;

    app = await NestFactory.create(hostModule(database, { processor: true }), { logger: false });
    await app.init();
    const repo = app.get(DataSource).getRepository(Webmention);
    await eventually(async () => (await repo.findOneByOrFail({ sourceUrl: source })).status === 'verified', 10_000);
    expect(await repo.count()).toBe(1);
    expect(site.hits.filter((h) => h.path === '/restart')).toHaveLength(1);
  }, 30_000);
});

describe('in-process queue: pending deliveries of a stopped app are sent at the next start-up (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webmention-restart-send-'));
  const database = { type: 'better-sqlite3', database: join(dir, 'blog.sqlite') };
  let receiver: ReceiverSite;
  let app: INestApplicationContext | undefined;

  beforeAll(async () => {
    receiver = await new ReceiverSite().start();
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 20_000);

  it('keeps a queued delivery pending without a processor and sends it once when an app with one starts', async () => {
    receiver.endpoint('/endpoint');
    const target = receiver.target('/target', '/endpoint');
    const source = 'https://blog.example/posts/restart-send';

    app = await NestFactory.createApplicationContext(hostModule(database, { processor: false, controllers: false }), {
      logger: false,
    });
    const history = app.get(OutgoingWebmentionStore);
    // A plan that was made and recorded, but whose delivery job died with the process that held it.
    await history.record(source, target, { status: 'pending', stillLinked: true });
    await sleep(200);
    expect(receiver.received('/endpoint')).toHaveLength(0);
    await app.close();
    app = undefined;

    app = await NestFactory.createApplicationContext(hostModule(database, { processor: true, controllers: false }), {
      logger: false,
    });
    await app.init();
    const rows = app.get(OutgoingWebmentionStore);
    const sent = await eventually(async () => {
      const [row] = await rows.listForSource(source);
      return row?.status === 'sent' ? row : null;
    }, 10_000);
    expect(sent).toMatchObject({
      targetUrl: target,
      endpoint: receiver.url('/endpoint'),
      httpStatus: 202,
      attempts: 1,
    });
    expect(receiver.received('/endpoint')).toHaveLength(1);
    expect(receiver.received('/endpoint')[0].raw).toBe(
      `source=${encodeURIComponent(source)}&target=${encodeURIComponent(target)}`,
    );
  }, 30_000);
});
