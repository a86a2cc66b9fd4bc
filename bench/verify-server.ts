import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebmentionModule } from 'nestjs-webmention';
import { sqliteOptions } from './sqlite';

/** What the bench asks of the verifying app: its parser threads. */
export interface VerifyServerConfig {
  threads: number;
}

/** Messages to the bench: how many mentions were settled (verified or failed) so far, once `expect` is reached. */
export interface SettledMessage {
  verified: number;
  failed: number;
  /** Failures by reason (`failureReason`). */
  reasons: Record<string, number>;
  /** CPU time of the whole process (every thread) since the bench asked for this count, in ms. */
  cpuMs: number;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * The library as a site runs it, receiving and verifying in one process: SQLite (WAL), the inline queue with the
 * processor on, sources on 127.0.0.1 (the address guard off for them, as in the test suites), the author page not
 * fetched (the page's author is on a host that does not exist here).
 */
async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2]) as VerifyServerConfig;
  const dir = mkdtempSync(join(tmpdir(), 'webmention-bench-verify-'));
  @Module({
    imports: [
      TypeOrmModule.forRoot(sqliteOptions(join(dir, 'bench.sqlite'))),
      EventEmitterModule.forRoot({ wildcard: true }),
      WebmentionModule.forRoot({
        baseUrl: 'https://blog.example',
        sweepIntervalMs: 0,
        queue: 'inline',
        processor: true,
        http: { allowPrivateAddresses: true },
        authorship: { fetchAuthorPage: false },
        parsing: { threads: config.threads },
      }),
    ],
  })
  class BenchVerifyModule {}
  const app = await NestFactory.create(BenchVerifyModule, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const settled: SettledMessage = { verified: 0, failed: 0, reasons: {}, cpuMs: 0 };
  let cpuFrom = 0;
  let expect = Infinity;
  const report = () => {
    if (settled.verified + settled.failed >= expect) {
      expect = Infinity;
      process.send?.({ ...settled, cpuMs: cpuMs() - cpuFrom });
    }
  };
  const events = app.get(EventEmitter2);
  events.on('webmention.verified', () => {
    settled.verified++;
    report();
  });
  events.on('webmention.failed', (event: { reason: string }) => {
    settled.failed++;
    settled.reasons[event.reason] = (settled.reasons[event.reason] ?? 0) + 1;
    report();
  });
  process.on('message', async (message: 'stop' | { expect: number }) => {
    if (message !== 'stop') {
      expect = message.expect;
      cpuFrom = cpuMs();
      return report();
    }
    await app.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
  process.send?.({ url: (await app.getUrl()).replace('[::1]', '127.0.0.1') });
}

void main();
