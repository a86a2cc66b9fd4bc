import { BullModule } from '@nestjs/bull';
import { Body, Controller, HttpCode, INestApplication, Module, Post, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Webmention, WebmentionModule } from 'nestjs-webmention';
import { WEBMENTION_BULL_QUEUE } from '../libs/webmention/src/webmention.constants';
import { sqliteOptions, WEBMENTION_TABLES } from './sqlite';

// A server of the receive benchmark, in its own process:
//   receive-server <express|fastify> bare
//   receive-server <express|fastify> sqlite
//   receive-server <express|fastify> pg-bull <postgres url> <schema> <redis url> <bull prefix>
// It reports { url } once it listens; on 'stop' it reports { rows, jobs } (what was stored and queued) and exits.

/** The reference: a bare Nest endpoint that parses the same form and answers 201. */
@Controller('bare')
class BareController {
  @Post()
  @HttpCode(201)
  receive(@Body() body: Record<string, string>): string {
    return typeof body.source === 'string' && typeof body.target === 'string' ? 'ok' : 'bad';
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

/** A resolver that accepts every target, so the figure is the library's own cost. */
class AcceptEverything {
  resolve(url: string): { url: string } {
    return { url };
  }
  getAbsoluteUrl(post: { url: string }): string {
    return post.url;
  }
}

function libraryModule(kind: 'sqlite' | 'pg-bull', args: string[]): Type {
  const [postgresUrl, schema, redisUrl, prefix] = args;
  const database =
    kind === 'pg-bull'
      ? { type: 'postgres' as const, url: postgresUrl, schema, ...WEBMENTION_TABLES }
      : sqliteOptions(join(mkdtempSync(join(tmpdir(), 'webmention-bench-')), 'bench.sqlite'));
  @Module({
    imports: [
      TypeOrmModule.forRoot(database),
      ...(kind === 'pg-bull' ? [BullModule.forRoot({ redis: redisUrl, prefix })] : []),
      WebmentionModule.forRoot({
        baseUrl: 'https://blog.example',
        urlResolver: AcceptEverything,
        sweepIntervalMs: 0,
        queue: kind === 'pg-bull' ? 'bull' : 'inline',
        // NOTE: a web process as production runs it: the jobs are a worker's.
        processor: false,
        rateLimit: false,
      }),
    ],
  })
  class BenchWebmentionModule {}
  return BenchWebmentionModule;
}

async function counts(app: INestApplication, kind: string): Promise<{ rows: number; jobs: number | null }> {
  if (kind === 'bare') return { rows: 0, jobs: null };
  const n = await app.get(DataSource).getRepository(Webmention).count();
  if (kind !== 'pg-bull') return { rows: n, jobs: null };
  const queue = app.get<Queue>(WEBMENTION_BULL_QUEUE);
  const jobs = await queue.getJobCounts();
  await queue.obliterate({ force: true });
  return { rows: n, jobs: jobs.waiting + jobs.delayed + jobs.active };
}

async function main(): Promise<void> {
  const [adapter, kind, ...args] = process.argv.slice(2);
  const root = kind === 'bare' ? BareModule : libraryModule(kind as 'sqlite' | 'pg-bull', args);
  const app =
    adapter === 'fastify'
      ? await NestFactory.create(root, new FastifyAdapter(), { logger: ['error'] })
      : await NestFactory.create(root, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  process.send?.({ url: (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1') });
  process.on('message', async () => {
    const found = await counts(app, kind);
    process.send?.(found);
    await app.close();
    process.exit(0);
  });
}

void main();
