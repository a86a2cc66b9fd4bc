/**
 * The example app on PostgreSQL + Bull (its own database and redis-server) flooded with distinct mentions while every
 * connection of its database is terminated (`pg_terminate_backend`), four times: each request is answered 201 or 503 with
 * Retry-After (never 400 or 500), every 201 has its row, every accepted mention ends verified, and the app recovers
 * by itself.
 */
import request from 'supertest';
import { DataSource, In } from 'typeorm';
import { Webmention } from 'nestjs-webmention';
import { useExampleStack } from '../support/example-stack';
import { flood, linkingPages, tally } from '../support/flood';
import { describeWith, POSTGRES, postgresRows, REDIS_SERVER } from '../support/services';
import { eventually } from '../support/test-app';

const MENTIONS = 1200;
const CONNECTIONS = 20;
/** Answers received when the database's connections are terminated. */
const TERMINATE_AT = new Set([200, 450, 700, 950]);

describeWith(
  [POSTGRES, REDIS_SERVER],
  "the example app while its database's connections are terminated mid-flood",
  () => {
    const f = useExampleStack({ processInWeb: true });

    /** Terminates every connection to the app's database; resolves how many there were. */
    async function terminateConnections(): Promise<number> {
      const rows = await postgresRows<{ pid: number }>(
        `SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity
        WHERE datname = '${f.stack.database}' AND pid <> pg_backend_pid()`,
      );
      return rows.length;
    }

    it('answers 201 or 503 with Retry-After, loses nothing it accepted, and recovers by itself', async () => {
      const { site, stack } = f;
      const target = `${stack.base}/posts/hello-world`;
      const repo = stack.web.get(DataSource).getRepository(Webmention);
      const sources = linkingPages(site, '/pg/', MENTIONS, target);
      const terminations: Promise<number>[] = [];
      const started = Date.now();
      const answers = await flood(stack.base, sources, target, {
        connections: CONNECTIONS,
        onAnswer: (n) => void (TERMINATE_AT.has(n) && terminations.push(terminateConnections())),
      });
      const floodMs = Date.now() - started;
      const terminated = await Promise.all(terminations);
      const statuses = tally(answers);

      const accepted = answers.filter((a) => a.status === 201).map((a) => a.source);
      const settled = await eventually(
        async () => (await repo.countBy({ status: 'verified' })) >= accepted.length,
        60_000,
      ).then(
        () => Date.now() - started,
        () => null,
      );
      const rows = await repo.find({ select: { sourceUrl: true, status: true }, where: { sourceUrl: In(accepted) } });
      const after = await request(stack.base)
        .post('/webmention')
        .type('form')
        .send({ source: site.page('/pg/after', `<a href="${target}">after</a>`), target });
      process.stdout.write(
        `database connections killed mid-flood: ${MENTIONS} requests in ${floodMs} ms, connections terminated ` +
          `${terminated.join(', ')}, answers ${JSON.stringify(statuses)}, accepted rows ${rows.length}, ` +
          `all verified ${settled === null ? 'NOT' : `after ${settled} ms`}, next request ${after.status}\n`,
      );

      expect(terminated.every((n) => n > 0)).toBe(true);
      expect(Object.keys(statuses).filter((s) => s !== '201' && s !== '503')).toEqual([]);
      expect(answers.filter((a) => a.status === 503 && a.retryAfter !== '30')).toEqual([]);
      expect(rows).toHaveLength(accepted.length);
      expect(rows.filter((r) => r.status !== 'verified')).toEqual([]);
      expect(after.status).toBe(201);
    }, 150_000);
  },
);
