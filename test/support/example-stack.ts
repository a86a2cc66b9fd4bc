import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config';
import { PrivatePostgres } from './postgres-cluster';
import { freePort, PrivateRedis } from './redis-server';
import { RemoteSite } from './remote-site';
import { ROOT, runNode } from './send-cli';
import { POSTGRES_URL, postgresQuery } from './services';

/** Options of {@link startExampleStack}. */
export interface ExampleStackOptions {
  /** The Redis of the Bull queue (a private server). */
  redisUrl: string;
  /** Whether the web process runs the jobs itself; otherwise workers started with `startWorker` do. */
  processInWeb: boolean;
  /** More environment variables of the web process and the workers. */
  env?: Record<string, string>;
  /** A database of the PostgreSQL server the private database is made on; default the test server's. */
  postgresUrl?: string;
}

/** The example app as production runs it: a web process in this one, workers as child processes. */
export interface ExampleStack {
  web: INestApplication;
  /** The web process's origin, also the blog's `BASE_URL`. */
  base: string;
  /** The private database, on the test PostgreSQL server (or the server of `postgresUrl`). */
  database: string;
  /** Starts `dist/src/worker.js` (the example worker, built by the start-up), with `env` on top of the stack's. */
  startWorker(env?: Record<string, string>): ChildProcess;
  /**
   * Starts one more web process, `dist/src/main.js` with `WEBMENTION_WORKERS=external`, on the same database, Redis
   * and `BASE_URL` (another instance of the site behind its balancer); resolves once it answers `/health/ready`.
   */
  startWeb(): Promise<{ process: ChildProcess; url: string }>;
  /** What a worker wrote to stdout and stderr (the last 8 KB). */
  output(worker: ChildProcess): string;
  close(): Promise<void>;
}

/**
 * Boots the example app's web process (`AppModule`, role `web`) on a fresh PostgreSQL database and the given Redis,
 * after building the example app when its compiled output is missing or stale, as `npm run worker` does.
 */
export async function startExampleStack(opts: ExampleStackOptions): Promise<ExampleStack> {
  const database = `wm_example_${randomBytes(6).toString('hex')}`;
  const server = opts.postgresUrl ?? POSTGRES_URL;
  await postgresQuery(`CREATE DATABASE ${database}`, server);
  const url = new URL(server);
  url.pathname = `/${database}`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    DATABASE_URL: url.href,
    REDIS_URL: opts.redisUrl,
    BASE_URL: base,
    WEBMENTION_ALLOW_PRIVATE_ADDRESSES: 'true',
    WEBMENTION_AUTO_APPROVE_HOSTS: '127.0.0.1',
    WEBMENTION_RATE_LIMIT: 'off',
    ...opts.env,
  };
  const workers: ChildProcess[] = [];
  const outputs = new Map<ChildProcess, string>();
  let web: INestApplication | undefined;
  const close = async () => {
    for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await web?.close();
    await postgresQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`, server);
  };
  try {
    if (!opts.processInWeb) {
      const built = await runNode(join(ROOT, 'scripts/start.js'), ['cli', '--help'], env, { timeoutMs: 150_000 });
      if (built.code !== 0) throw new Error(`the example app did not build: ${built.stderr}`);
    }
    const config = loadConfig({ PORT: String(port), ...env });
    web = await NestFactory.create(AppModule.forRoot({ role: 'web', config, processInWeb: opts.processInWeb }), {
      logger: false,
    });
    await web.listen(port, '127.0.0.1');
  } catch (error) {
    await close();
    throw error;
  }
  return {
    web,
    base,
    database,
    startWorker: (more = {}) => spawnChild('dist/src/worker.js', more),
    startWeb: async () => {
      const webPort = await freePort();
      const child = spawnChild('dist/src/main.js', { PORT: String(webPort), WEBMENTION_WORKERS: 'external' });
      const url = `http://127.0.0.1:${webPort}`;
      for (const started = Date.now(); ;) {
        if (child.exitCode !== null)
          throw new Error(`the web process exited with ${child.exitCode}:\n${outputs.get(child)}`);
        if (Date.now() - started > 60_000) throw new Error(`the web process did not get ready:\n${outputs.get(child)}`);
        const ready = await fetch(`${url}/health/ready`).then(
          (r) => r.ok,
          () => false,
        );
        if (ready) return { process: child, url };
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    output: (worker) => outputs.get(worker) ?? '',
    close,
  };

  function spawnChild(script: string, more: Record<string, string>): ChildProcess {
    const child = spawn(process.execPath, [join(ROOT, script)], {
      env: { ...process.env, ...env, ...more },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    workers.push(child);
    // NOTE: should a hook time out before close(), the worker still dies with the test process.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    outputs.set(child, '');
    const keep = (chunk: Buffer) => outputs.set(child, (outputs.get(child) + chunk.toString()).slice(-8192));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    return child;
  }
}

/** What {@link useExampleStack} sets up for the tests of one describe block. */
export interface ExampleStackFixture {
  site: RemoteSite;
  redis: PrivateRedis;
  /** The private PostgreSQL cluster the stack's database is on, with `privatePostgres`. */
  postgres?: PrivatePostgres;
  stack: ExampleStack;
  /** Responses of the remote site held open by a test; destroyed at the end. */
  held: ServerResponse[];
}

/** Options of {@link useExampleStack}. */
export interface ExampleStackFixtureOptions extends Omit<ExampleStackOptions, 'redisUrl' | 'postgresUrl'> {
  /** Whether the database is on a private PostgreSQL cluster ({@link PrivatePostgres}) instead of the test server. */
  privatePostgres?: boolean;
}

/**
 * Starts a remote site, a private redis-server (and with `privatePostgres` a private PostgreSQL cluster) and the
 * example stack before the block's tests; stops them after.
 */
export function useExampleStack({ privatePostgres, ...opts }: ExampleStackFixtureOptions): ExampleStackFixture {
  const f = { held: [] as ServerResponse[] } as ExampleStackFixture;
  beforeAll(async () => {
    f.site = await new RemoteSite().start();
    f.redis = await PrivateRedis.start();
    if (privatePostgres) f.postgres = await PrivatePostgres.start();
    f.stack = await startExampleStack({ ...opts, redisUrl: f.redis.url, postgresUrl: f.postgres?.url });
  }, 180_000);
  afterAll(async () => {
    for (const res of f.held.splice(0)) res.destroy();
    try {
      await f.stack?.close();
    } finally {
      await f.postgres?.remove();
    }
    await f.redis?.stop();
    await f.site?.stop();
  }, 30_000);
  return f;
}
