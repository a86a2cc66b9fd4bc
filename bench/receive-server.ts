import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEBMENTION_ENTITIES, WEBMENTION_MIGRATIONS, WebmentionModule } from 'nestjs-webmention';

/** The reference: a bare Nest endpoint that parses the same form and answers 202. */
@Controller('bare')
class BareController {
  @Post()
  @HttpCode(202)
  receive(@Body() body: Record<string, string>): string {
    return typeof body.source === 'string' && typeof body.target === 'string' ? 'ok' : 'bad';
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

/** The library's endpoint on SQLite (as the example app configures it) or PostgreSQL, queueing only. */
function webmentionModule(postgres?: { url: string; schema: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'webmention-bench-'));
  const database = postgres
    ? { type: 'postgres' as const, url: postgres.url, schema: postgres.schema }
    : {
        type: 'better-sqlite3' as const,
        database: join(dir, 'bench.sqlite'),
        enableWAL: true,
        prepareDatabase: (db: { pragma(sql: string): unknown }) => {
          db.pragma('synchronous = NORMAL');
        },
      };
  @Module({
    imports: [
      TypeOrmModule.forRoot({
        ...database,
        entities: WEBMENTION_ENTITIES,
        migrations: WEBMENTION_MIGRATIONS,
        migrationsRun: true,
      }),
      WebmentionModule.forRoot({
        baseUrl: 'https://blog.example',
        sweepIntervalMs: 0,
        queue: 'inline',
        processor: false,
      }),
    ],
  })
  class BenchWebmentionModule {}
  return BenchWebmentionModule;
}

async function main(): Promise<void> {
  const [mode, url, schema] = process.argv.slice(2);
  const root = mode === 'bare' ? BareModule : webmentionModule(mode === 'webmention-pg' ? { url, schema } : undefined);
  const app = await NestFactory.create(root, { logger: false });
  await app.listen(0, '127.0.0.1');
  process.send?.({ url: (await app.getUrl()).replace('[::1]', '127.0.0.1') });
  process.on('message', async () => {
    await app.close();
    process.exit(0);
  });
}

void main();
