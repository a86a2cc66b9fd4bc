import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { join } from 'node:path';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config';
import { freePort } from './redis-server';

/** A running example blog and its origin (also its `BASE_URL`). */
export interface RunningBlog {
  app: INestApplication;
  base: string;
}

/**
 * Boots the example blog as `npm start` does, on a free port of 127.0.0.1 with BASE_URL its own address, an SQLite
 * file in `dir` and private source addresses allowed; `env` adds to or overrides that environment. `processInWeb` is
 * passed to `AppModule.forRoot` (left out, the app decides, from WEBMENTION_WORKERS).
 */
export async function startExampleBlog(
  dir: string,
  env: Record<string, string>,
  opts: { processInWeb?: boolean } = {},
): Promise<RunningBlog> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    PORT: String(port),
    BASE_URL: base,
    SQLITE_PATH: join(dir, 'blog.sqlite'),
    WEBMENTION_ALLOW_PRIVATE_ADDRESSES: 'true',
    ...env,
  });
  const app = await NestFactory.create(AppModule.forRoot({ role: 'web', config, processInWeb: opts.processInWeb }), {
    logger: false,
  });
  await app.listen(port, '127.0.0.1');
  return { app, base };
}
