/**
 * The example app on PostgreSQL + Bull, its database on a private PostgreSQL cluster, flooded with distinct mentions
 * while the cluster is stopped (`pg_ctl stop -m fast`) and started again on the same port 3 s later: each request is
 * answered 201 or 503 with Retry-After (never 400, 500 or a dropped connection), every 201 has its row, every
 * accepted mention ends verified, and the app recovers by itself: a burst after the restart is accepted whole.
 */
import { DataSource, In } from 'typeorm';
import { Webmention } from 'nestjs-webmention';
import { useExampleStack } from '../support/example-stack';
import { flood, linkingPages, tally } from '../support/flood';
import { describeWith, POSTGRES_SERVER, REDIS_SERVER } from '../support/services';
import { eventually } from '../support/test-app';

const MENTIONS = 1200;
const CONNECTIONS = 20;
/** Answers received when PostgreSQL is stopped. */
const STOP_AT = 300;
const DOWN_MS = 3000;
/** Distinct mentions submitted once PostgreSQL is back. */
const AFTER_BURST = 200;
/** Bound of each request of the flood and of the one after it. */
const REQUEST_TIMEOUT_MS = 10_000;
/** How long the accepted mentions may take to be verified after the flood. */
const SETTLE_MS = 30_000;

describeWith([POSTGRES_SERVER, REDIS_SERVER], 'the example app while PostgreSQL restarts mid-flood', () => {
  const f = useExampleStack({ processInWeb: true, privatePostgres: true });

  it('answers 201 or 503 with Retry-After, loses nothing it accepted, and recovers by itself', async () => {
    const { site, stack } = f;
    const postgres = f.postgres!;
    const target = `${stack.base}/posts/hello-world`;
    const repo = stack.web.get(DataSource).getRepository(Webmention);
    const sources = linkingPages(site, '/restart/', MENTIONS, target);
    let answered = 0;
    /** Answers received when PostgreSQL took connections again. */
    let answeredAtRestart = MENTIONS;
    let outage: Promise<number> | undefined;
    const started = Date.now();
    const answers = await flood(stack.base, sources, target, {
      connections: CONNECTIONS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      onAnswer: (n) => {
        answered = n;
        if (n !== STOP_AT) return;
        outage = (async () => {
          await postgres.stop('fast');
          const down = Date.now();
          await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
          await postgres.start();
          answeredAtRestart = answered;
          return Date.now() - down;
        })();
      },
    });
    const floodMs = Date.now() - started;
    const downMs = await outage;
    const statuses = tally(answers);
    const afterRestart = tally(answers.slice(answeredAtRestart));

    // NOTE: the flood can end before PostgreSQL is back (a 503 is quick): a burst after the restart shows the
    // recovery under load, whatever the flood saw.
    const burst = await flood(stack.base, linkingPages(site, '/restart/after/', AFTER_BURST, target), target, {
      connections: CONNECTIONS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
    const accepted = [...answers, ...burst].filter((a) => a.status === 201).map((a) => a.source);
    const settled = await eventually(
      async () => (await repo.countBy({ status: 'verified' })) >= accepted.length,
      SETTLE_MS,
    ).then(
      () => Date.now() - started,
      () => null,
    );
    const rows = await repo.find({ select: { sourceUrl: true, status: true }, where: { sourceUrl: In(accepted) } });
    const byStatus = tally(rows.map((r) => ({ source: r.sourceUrl, status: r.status as never })));
    process.stdout.write(
      `postgres restarted mid-flood: ${MENTIONS} requests in ${floodMs} ms, down ${downMs ?? 'NEVER'} ms, ` +
        `answers ${JSON.stringify(statuses)} (after the restart ${JSON.stringify(afterRestart)}), ` +
        `accepted rows ${rows.length} ${JSON.stringify(byStatus)}, ` +
        `all verified ${settled === null ? 'NOT' : `after ${settled} ms`}, burst after the restart ${JSON.stringify(tally(burst))}\n`,
    );

    expect(downMs).toBeGreaterThanOrEqual(DOWN_MS);
    expect(answers.filter((a) => a.status !== 201 && a.status !== 503)).toEqual([]);
    expect(answers.filter((a) => a.status === 503 && a.retryAfter === undefined)).toEqual([]);
    expect(rows).toHaveLength(accepted.length);
    expect(rows.filter((r) => r.status !== 'verified')).toEqual([]);
    expect(tally(burst)).toEqual({ 201: AFTER_BURST });
  }, 70_000);
});
