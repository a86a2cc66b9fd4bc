import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebmentionModule } from 'nestjs-webmention';
import { sqliteOptions } from './sqlite';

/**
 * The host module the sending benchmark points `webmention --module` at, as a site's `webmention.config.js` would
 * export it: SQLite at `BENCH_SEND_DATABASE`, the inline queue without a processor (a command never consumes a
 * queue), and the address guard opened to private addresses, which the local sites of the benchmark are.
 * `BENCH_SEND_PER_HOST` sets `send.perHostConcurrency` (default: the library's).
 */
@Module({
  imports: [
    TypeOrmModule.forRoot(sqliteOptions(process.env.BENCH_SEND_DATABASE ?? ':memory:')),
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
