/**
 * Redis killed (SIGKILL, no persistence) in the middle of a flood of 5,000 distinct mentions and started again on the
 * same port 5 s later, its jobs gone: every request is answered 201 or 503, and every accepted mention ends verified,
 * once — the jobs lost with Redis are queued again from their `pending` rows by the sweeper.
 */
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { Webmention } from 'nestjs-webmention';
import { fetchesPerPath, flood, linkingPages, tally } from '../support/flood';
import { PrivateRedis } from '../support/redis-server';
import { RemoteSite } from '../support/remote-site';
import { describeWith, POSTGRES, REDIS_SERVER } from '../support/services';
import { eventually, STACKS, startTestApp, TestApp } from '../support/test-app';

const BULL = STACKS.find((s) => s.queue === 'bull')!;
const TARGET = 'https://blog.example/posts/flooded';
const MENTIONS = 5000;
const CONNECTIONS = 16;
/** Answers received before Redis is killed. */
const KILL_AFTER = 1500;
const DOWN_MS = 5000;

describeWith([POSTGRES, REDIS_SERVER], 'Redis killed mid-flood and restarted empty (private redis-server)', () => {
  let redis: PrivateRedis;
  let site: RemoteSite;
  let t: TestApp;
  const verified = new Map<number, number>();

  beforeAll(async () => {
    site = await new RemoteSite().start();
    redis = await PrivateRedis.start();
    t = await startTestApp({
      stack: BULL,
      redisUrl: redis.url,
      options: { enqueueTimeoutMs: 500, sweepIntervalMs: 1000, concurrency: 16 },
    });
    t.app.get(EventEmitter2).on('webmention.verified', ({ webmention }: { webmention: Webmention }) => {
      verified.set(webmention.id, (verified.get(webmention.id) ?? 0) + 1);
    });
  }, 30_000);
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
    await site?.stop();
  }, 30_000);

  it('answers every request 201 or 503 and verifies every accepted mention exactly once', async () => {
    const sources = linkingPages(site, '/flood/', MENTIONS, TARGET);
    let outage: Promise<void> | undefined;
    const started = Date.now();
    const answers = await flood(t.url, sources, TARGET, {
      connections: CONNECTIONS,
      onAnswer: (n) => {
        if (n !== KILL_AFTER) return;
        outage = (async () => {
          await redis.stop();
          await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
          await redis.start();
        })();
      },
    });
    const floodMs = Date.now() - started;
    await outage;
    const statuses = tally(answers);
    const accepted = answers.filter((a) => a.status === 201).map((a) => a.source);
    const repo = t.app.get(DataSource).getRepository(Webmention);
    const settled = await eventually(async () => {
      const n = await repo.countBy({ status: 'verified' });
      return n >= accepted.length ? n : null;
    }, 90_000).catch(() => null);
    const rows = await repo.find({ select: { id: true, sourceUrl: true, status: true } });
    const byStatus = tally(rows.map((r) => ({ source: r.sourceUrl, status: r.status as never })));
    const fetches = fetchesPerPath(site);
    const twice = [...fetches.values()].filter((n) => n > 1).length;
    const verifiedTwice = [...verified.values()].filter((n) => n > 1).length;
    process.stdout.write(
      `redis killed mid-flood: ${MENTIONS} requests in ${floodMs} ms, answers ${JSON.stringify(statuses)}, ` +
        `rows ${JSON.stringify(byStatus)}, all verified ${settled !== null ? `after ${Date.now() - started} ms` : 'NOT'}, ` +
        `sources fetched twice ${twice}, verified twice ${verifiedTwice}\n`,
    );

    expect(Object.keys(statuses).filter((s) => s !== '201' && s !== '503')).toEqual([]);
    for (const a of answers.filter((x) => x.status === 503)) expect(a.retryAfter).toBeDefined();
    expect(rows).toHaveLength(new Set(rows.map((r) => r.sourceUrl)).size);
    const status = new Map(rows.map((r) => [r.sourceUrl, r.status]));
    expect(accepted.filter((s) => status.get(s) !== 'verified')).toEqual([]);
    expect(verified.size).toBe(accepted.length);
    expect(verifiedTwice).toBe(0);
    expect(twice).toBe(0);
  }, 150_000);
});
