import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { WebmentionModule, WebmentionSender } from 'nestjs-webmention';
import { sqliteOptions } from './sqlite';

/** A request of the memory benchmark to this process, answered with the same id. */
export type MemoryRequest =
  | { id: number; cmd: 'sample'; gc?: boolean }
  | { id: number; cmd: 'reset' }
  | { id: number; cmd: 'counts' }
  | { id: number; cmd: 'send'; source: string; maxTargets: number }
  | { id: number; cmd: 'stop' };

/** A memory sample: now, and the highest RSS seen (every 50 ms) since the last reset. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
  peakRss: number;
}

const dir = mkdtempSync(join(tmpdir(), 'webmention-memory-bench-'));

/** The library as a site runs it on one process: SQLite (WAL), the in-process queue and its processor. */
@Module({
  imports: [
    TypeOrmModule.forRoot(sqliteOptions(join(dir, 'memory.sqlite'))),
    WebmentionModule.forRoot({
      baseUrl: 'https://blog.example',
      queue: 'inline',
      processor: true,
      // NOTE: jobs over `maxQueuedJobs` stay pending rows; a short sweep queues them again once there is room.
      sweepIntervalMs: 1000,
      http: { allowPrivateAddresses: true },
      authorship: { fetchAuthorPage: false },
      // NOTE: a verification mostly waits (fetch, parser thread, write): 32 at once keep both cores busy (8 left them idle).
      concurrency: 32,
    }),
  ],
})
class MemoryAppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(MemoryAppModule, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const data = app.get(DataSource);
  const sender = app.get(WebmentionSender);
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const gc = (globalThis as { gc?: () => void }).gc;
  const answer = async (m: MemoryRequest): Promise<unknown> => {
    switch (m.cmd) {
      case 'sample': {
        if (m.gc && gc) gc();
        const now = process.memoryUsage();
        peakRss = Math.max(peakRss, now.rss);
        return { rss: now.rss, heapUsed: now.heapUsed, peakRss } satisfies MemorySample;
      }
      case 'reset':
        peakRss = process.memoryUsage.rss();
        return null;
      case 'counts': {
        const rows = (await data.query('SELECT status, COUNT(*) AS n FROM webmentions GROUP BY status')) as {
          status: string;
          n: number;
        }[];
        return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
      }
      case 'send': {
        const report = await sender.send(m.source, { maxTargets: m.maxTargets });
        return report.summary;
      }
      case 'stop':
        clearInterval(sampler);
        await app.close();
        rmSync(dir, { recursive: true, force: true });
        return null;
    }
  };
  process.on('message', (m: MemoryRequest) => {
    void answer(m).then(
      (value) => {
        process.send?.({ id: m.id, value });
        if (m.cmd === 'stop') process.exit(0);
      },
      (error: Error) => process.send?.({ id: m.id, error: error.message }),
    );
  });
  process.send?.({ url: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}` });
}

void main();
