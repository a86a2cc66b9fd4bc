import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WEBMENTION_ENTITIES, WEBMENTION_MIGRATIONS, WebmentionModule } from 'nestjs-webmention';

/**
 * The host module the sending benchmark points `webmention --module` at, as a site's `webmention.config.js` would
 * export it: SQLite at `BENCH_SEND_DATABASE`, the inline queue without a processor (a command never consumes a
 * queue), and the address guard opened to private addresses, which the local sites of the benchmark are.
 * `BENCH_SEND_PER_HOST` sets `send.perHostConcurrency` (default: the library's).
 */
@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'better-sqlite3',
      database: process.env.BENCH_SEND_DATABASE ?? ':memory:',
      // NOTE: as the example app configures SQLite: WAL with synchronous=NORMAL, no fsync per write.
      enableWAL: true,
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('synchronous = NORMAL');
      },
      entities: WEBMENTION_ENTITIES,
      migrations: WEBMENTION_MIGRATIONS,
      migrationsRun: true,
    }),
    WebmentionModule.forRoot({
      baseUrl: process.env.BASE_URL ?? 'http://127.0.1.1',
      sweepIntervalMs: 0,
      queue: 'inline',
      processor: false,
      http: { allowPrivateAddresses: true },
      send: process.env.BENCH_SEND_PER_HOST ? { perHostConcurrency: Number(process.env.BENCH_SEND_PER_HOST) } : {},
    }),
  ],
})
export class SendHostModule {}
