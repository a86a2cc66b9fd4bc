/**
 * The example blog's operations: its default rate limit on the endpoint, and its health endpoints (@nestjs/terminus): liveness always answers; readiness checks the database and
 * the queue within a second — on SQLite with the in-process queue, and on PostgreSQL with Bull on a private
 * redis-server that the test stops: readiness then answers 503 naming Redis (while liveness stays 200), and 200 again
 * once Redis is back.
 */
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config';
import { PrivateRedis } from './support/redis-server';
import { describeWith, POSTGRES, POSTGRES_URL, postgresQuery } from './support/services';
import { eventually } from './support/test-app';

async function boot(env: Record<string, string>): Promise<{ app: INestApplication; base: string }> {
  const config = loadConfig({ PORT: '0', ...env });
  const app = await NestFactory.create(AppModule.forRoot({ role: 'web', config, processInWeb: true }), {
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

describe('example blog health on SQLite with the in-process queue', () => {
  let dir: string;
  let app: INestApplication;
  let base: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webmention-health-'));
    ({ app, base } = await boot({ SQLITE_PATH: join(dir, 'blog.sqlite') }));
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('limits the endpoint by default: the 61st POST of a minute from one address is refused with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      const res = await request(base)
        .post('/webmention')
        .type('form')
        .send({ source: `https://s${i}.example/`, target: 'https://elsewhere.example/' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 60)).toEqual(Array(60).fill(400));
    expect(statuses[60]).toBe(429);
  });

  it('is live and ready, with the queue backlog in the details', async () => {
    expect((await request(base).get('/health/live').expect(200)).body).toMatchObject({ status: 'ok' });
    const ready = await request(base).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, queue: { status: 'up', waiting: 0, active: 0, delayed: 0 } },
    });
  });
});

describeWith([POSTGRES], 'example blog health on PostgreSQL with Bull (private redis-server)', () => {
  let redis: PrivateRedis;
  let app: INestApplication;
  let base: string;
  const database = `wm_health_${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    await postgresQuery(`CREATE DATABASE ${database}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${database}`;
    ({ app, base } = await boot({ DATABASE_URL: url.href, REDIS_URL: redis.url }));
  }, 30_000);
  afterAll(async () => {
    if (redis && !redis.running) await redis.start();
    await app?.close();
    await redis?.stop();
    await postgresQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }, 30_000);

  it('answers 503 naming Redis while it is down (liveness stays 200), and is ready again once it is back', async () => {
    await request(base).get('/health/ready').expect(200);
    await redis.stop();
    const started = Date.now();
    const down = await request(base).get('/health/ready').timeout(10_000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'error',
      error: { queue: { status: 'down', message: expect.stringMatching(/Redis/) } },
      details: { database: { status: 'up' } },
    });
    await request(base).get('/health/live').expect(200);
    await redis.start();
    await eventually(async () => (await request(base).get('/health/ready')).status === 200, 15_000);
  }, 45_000);
});
