/**
 * The example app's worker as production runs it (its own process, PostgreSQL, Bull on a private redis-server):
 * SIGTERM while a verification is in flight ends the process within the shutdown bound, the mention stays pending
 * (nothing lost), and a worker started after it completes the job.
 */
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ChildProcess, spawn } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Webmention } from 'nestjs-webmention';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config';
import { freePort, PrivateRedis } from './support/redis-server';
import { RemoteSite } from './support/remote-site';
import { ROOT, runNode } from './support/send-cli';
import { describeWith, POSTGRES, POSTGRES_URL, postgresQuery } from './support/services';
import { eventually } from './support/test-app';

/** The example app's default `shutdownTimeoutMs`, and room for the process to exit after it. */
const SHUTDOWN_BOUND_MS = 10_000 + 5_000;

describeWith([POSTGRES], 'example worker shut down with a job in flight', () => {
  let redis: PrivateRedis;
  let site: RemoteSite;
  let web: INestApplication;
  let base: string;
  let env: Record<string, string>;
  const workers: ChildProcess[] = [];
  const held: ServerResponse[] = [];
  const database = `wm_worker_${randomBytes(6).toString('hex')}`;

  const startWorker = () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/src/worker.js')], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    site = await new RemoteSite().start();
    redis = await PrivateRedis.start();
    await postgresQuery(`CREATE DATABASE ${database}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${database}`;
    env = {
      DATABASE_URL: url.href,
      REDIS_URL: redis.url,
      WEBMENTION_ALLOW_PRIVATE_ADDRESSES: 'true',
      WEBMENTION_AUTO_APPROVE_HOSTS: '127.0.0.1',
      WEBMENTION_RATE_LIMIT: 'off',
    };
    // NOTE: builds the example app when its compiled output is missing or stale, as `npm run worker` does.
    const built = await runNode(join(ROOT, 'scripts/start.js'), ['cli', '--help'], env, { timeoutMs: 150_000 });
    expect(built.code).toBe(0);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env.BASE_URL = base;
    const config = loadConfig({ PORT: String(port), ...env });
    web = await NestFactory.create(AppModule.forRoot({ role: 'web', config, processInWeb: false }), { logger: false });
    await web.listen(port, '127.0.0.1');
  }, 180_000);

  afterAll(async () => {
    for (const res of held.splice(0)) res.destroy();
    for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await web?.close();
    await redis?.stop();
    await site?.stop();
    await postgresQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }, 30_000);

  it('exits on SIGTERM within the bound, keeps the mention pending, and a new worker verifies it', async () => {
    const target = `${base}/posts/hello-world`;
    site.routes.set('/held', (_req, res) => held.push(res));
    const res = await request(base)
      .post('/webmention')
      .type('form')
      .send({ source: site.url('/held'), target });
    expect(res.status).toBe(201);

    const first = startWorker();
    await eventually(async () => held.length === 1, 30_000);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      first.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const started = Date.now();
    first.kill('SIGTERM');
    const exit = await exited;
    expect(Date.now() - started).toBeLessThan(SHUTDOWN_BOUND_MS);
    // NOTE: Nest re-raises the signal after its shutdown hooks, so a clean stop reads as "killed by SIGTERM".
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);

    const repo = web.get(DataSource).getRepository(Webmention);
    expect((await repo.findOneByOrFail({ sourceUrl: site.url('/held') })).status).toBe('pending');

    site.page('/held', `<p>Replying to <a href="${target}">the post</a>.</p>`);
    for (const r of held.splice(0)) r.destroy();
    startWorker();
    await eventually(
      async () => (await repo.findOneByOrFail({ sourceUrl: site.url('/held') })).status === 'verified',
      60_000,
    );
  }, 120_000);
});
