import { BullModule } from '@nestjs/bull';
import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  WEBMENTION_ENTITIES,
  WEBMENTION_MIGRATIONS,
  WebmentionModule,
  WebmentionModuleExtras,
  WebmentionModuleOptions,
} from 'nestjs-webmention';
import { POSTGRES, POSTGRES_URL, REDIS, REDIS_URL, ServiceStatus } from './services';

/** A storage + queue combination the suites run on. */
export interface Stack {
  name: string;
  database: 'sqlite' | 'postgres';
  queue: 'inline' | 'bull';
  services: ServiceStatus[];
}

/** The two stacks of the end-to-end suites: the embedded default and production's. */
export const STACKS: Stack[] = [
  { name: 'SQLite + inline queue', database: 'sqlite', queue: 'inline', services: [] },
  { name: 'PostgreSQL + Bull on Redis', database: 'postgres', queue: 'bull', services: [POSTGRES, REDIS] },
];

/** Options of {@link startTestApp}. */
export interface TestAppOptions {
  stack: Stack;
  adapter?: 'express' | 'fastify';
  /** Options of the Fastify instance (with `adapter: 'fastify'`), such as `trustProxy`. */
  fastify?: ConstructorParameters<typeof FastifyAdapter>[0];
  options?: Partial<WebmentionModuleOptions>;
  extras?: WebmentionModuleExtras;
  /** Redis URL for Bull (a private server in fault tests). */
  redisUrl?: string;
  /** Bull queue settings of the host (`BullModule.forRoot({ settings })`): lock duration, stalled checks. */
  bullSettings?: Record<string, unknown>;
  /** More modules and providers of the fixture app (listeners, resolvers). */
  imports?: DynamicModule['imports'];
  providers?: DynamicModule['providers'];
  /** The database and Bull prefix of another app, so two processes' roles (web and worker) share them. */
  shared?: SharedInfrastructure;
}

/** What two apps share to act as one site: the database connection options and the Bull key prefix. */
export interface SharedInfrastructure {
  database: object;
  bullPrefix: string;
}

/** A running fixture app and how to tear it down. */
export interface TestApp {
  app: INestApplication;
  url: string;
  shared: SharedInfrastructure;
  close(): Promise<void>;
}

/** Default options: our site is `blog.example`, and tests may fetch from 127.0.0.1. */
export const TEST_OPTIONS: WebmentionModuleOptions = {
  baseUrl: 'https://blog.example',
  http: { allowPrivateAddresses: true, timeoutMs: 3000 },
  verifyRetry: { attempts: 3, backoffMs: 50, maxBackoffMs: 500 },
  sweepIntervalMs: 0,
  shutdownTimeoutMs: 3000,
  // NOTE: most tests resubmit a pair to see it verified again at once; the window has its own tests.
  refetchWindowMs: 0,
  // NOTE: sources are read in the test's own thread; the worker-thread pool has suites of its own.
  parsing: { threads: 0 },
};

/** A fresh database for one app: a temporary SQLite file, or a new PostgreSQL schema. */
async function freshDatabase(stack: Stack): Promise<{ config: object; drop(): Promise<void> }> {
  if (stack.database === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'webmention-e2e-'));
    return {
      config: { type: 'better-sqlite3', database: join(dir, 'test.sqlite') },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `wm_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  return {
    config: { type: 'postgres', url: POSTGRES_URL, schema },
    drop: async () => {
      const c = new Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** Boots a small fixture app on a random port, with migrations run, on the given stack and HTTP adapter. */
export async function startTestApp(opts: TestAppOptions): Promise<TestApp> {
  // NOTE: an app that shares another's database leaves dropping it to that app.
  const db = opts.shared
    ? { config: opts.shared.database, drop: async () => undefined }
    : await freshDatabase(opts.stack);
  const bullPrefix = opts.shared?.bullPrefix ?? `wmtest-${randomBytes(6).toString('hex')}`;
  const bull = opts.stack.queue === 'bull';
  @Module({})
  class FixtureModule {}
  const root: DynamicModule = {
    module: FixtureModule,
    imports: [
      TypeOrmModule.forRoot({
        ...(db.config as object),
        entities: [...WEBMENTION_ENTITIES],
        migrations: [...WEBMENTION_MIGRATIONS],
        migrationsRun: true,
        synchronize: false,
      } as never),
      ...(bull
        ? [
            BullModule.forRoot({
              redis: opts.redisUrl ?? REDIS_URL,
              prefix: bullPrefix,
              ...(opts.bullSettings ? { settings: opts.bullSettings } : {}),
            }),
          ]
        : []),
      EventEmitterModule.forRoot({ wildcard: true }),
      WebmentionModule.forRoot({ ...TEST_OPTIONS, ...opts.options, queue: opts.stack.queue, ...opts.extras }),
      ...(opts.imports ?? []),
    ],
    providers: opts.providers ?? [],
  };
  const app =
    opts.adapter === 'fastify'
      ? await NestFactory.create(root, new FastifyAdapter(opts.fastify), { logger: false })
      : await NestFactory.create(root, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    app,
    url: url.replace('[::1]', '127.0.0.1'),
    shared: { database: db.config, bullPrefix },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** Polls `probe` every 25 ms until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
