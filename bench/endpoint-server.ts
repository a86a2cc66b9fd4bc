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

/** The library's endpoint on SQLite, queueing only (the processor runs elsewhere in production). */
function webmentionModule() {
  const dir = mkdtempSync(join(tmpdir(), 'webmention-bench-'));
  @Module({
    imports: [
      TypeOrmModule.forRoot({
        type: 'better-sqlite3',
        database: join(dir, 'bench.sqlite'),
        enableWAL: true,
        prepareDatabase: (db: { pragma(sql: string): unknown }) => {
          db.pragma('synchronous = NORMAL');
        },
        entities: WEBMENTION_ENTITIES,
        migrations: WEBMENTION_MIGRATIONS,
        migrationsRun: true,
      }),
      WebmentionModule.forRoot({ baseUrl: 'https://blog.example', sweepIntervalMs: 0, queue: 'inline', processor: false }),
    ],
  })
  class BenchWebmentionModule {}
  return BenchWebmentionModule;
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  const app = await NestFactory.create(mode === 'bare' ? BareModule : webmentionModule(), { logger: false });
  await app.listen(0, '127.0.0.1');
  process.send?.({ url: (await app.getUrl()).replace('[::1]', '127.0.0.1') });
  process.on('message', async () => {
    await app.close();
    process.exit(0);
  });
}

void main();
