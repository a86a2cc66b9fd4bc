import Bull from 'bull';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { BenchRunOptions, BenchSection, formLoad, LoadResult, median, startServer, table } from './support';

// The receiving endpoint under load: a new pair per request, so every request writes a row and queues a job.
const CONNECTIONS = 50;
const TARGET = 'https://blog.example/posts/hello-world';
const REDIS_DB = 9;

type Adapter = 'express' | 'fastify';
interface Case {
  key: string;
  label: string;
  adapter: Adapter;
  reference?: string;
  start(options: BenchRunOptions, run: number): Promise<{ url: string; stop(): Promise<Counted> }>;
}
interface Counted {
  rows: number;
  jobs: number | null;
}

async function sql(url: string, text: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query(text);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function sqlCount(url: string, text: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(text);
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function redisDb(url: string, db: number): string {
  const parsed = new URL(url);
  parsed.pathname = `/${db}`;
  return parsed.toString();
}

/** A library server of receive-server.ts. */
function library(adapter: Adapter, kind: 'bare' | 'sqlite' | 'pg-bull'): Case['start'] {
  return async (options, run) => {
    const schema = `wm_bench_${process.pid}_${run}`;
    const prefix = `wmbench${process.pid}${run}`;
    if (kind === 'pg-bull') await sql(options.postgresUrl, `CREATE SCHEMA IF NOT EXISTS ${schema}`);
    const args = kind === 'pg-bull' ? [options.postgresUrl, schema, options.redisUrl, prefix] : [];
    const server = await startServer('receive-server.js', [adapter, kind, ...args]);
    return {
      url: `${server.url}/${kind === 'bare' ? 'bare' : 'webmention'}`,
      stop: async () => {
        const counted = (await server.stop()) as Counted;
        if (kind === 'pg-bull') await sql(options.postgresUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        return counted;
      },
    };
  };
}

/** The example app as production runs it: PostgreSQL + Bull, workers elsewhere, rate limit off. */
const exampleApp: Case['start'] = async (options, run) => {
  const database = `wm_bench_app_${process.pid}_${run}`;
  await sql(options.postgresUrl, `CREATE DATABASE ${database}`);
  const databaseUrl = withDatabase(options.postgresUrl, database);
  const redisUrl = redisDb(options.redisUrl, REDIS_DB);
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, '..', 'src', 'main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      BASE_URL: 'https://blog.example',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      WEBMENTION_WORKERS: 'external',
      WEBMENTION_RATE_LIMIT: 'off',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the example app exited with ${child.exitCode}`);
    if (i > 600) throw new Error('the example app did not answer within 60 s');
    if (
      await fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `${url}/webmention`,
    stop: async () => {
      const rows = await sqlCount(databaseUrl, 'SELECT COUNT(*) AS n FROM webmentions');
      const queue = new Bull('webmention', redisUrl);
      const jobs = await queue.getJobCounts();
      await queue.obliterate({ force: true });
      await queue.close();
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      await sql(options.postgresUrl, `DROP DATABASE IF EXISTS ${database}`);
      return { rows, jobs: jobs.waiting + jobs.delayed + jobs.active };
    },
  };
};

function cases(withServices: boolean): Case[] {
  const list: Case[] = [];
  for (const adapter of ['express', 'fastify'] as const) {
    const name = adapter === 'express' ? 'Express' : 'Fastify';
    list.push({
      key: `${adapter}-bare`,
      label: `bare Nest form endpoint, ${name} (reference)`,
      adapter,
      start: library(adapter, 'bare'),
    });
    list.push({
      key: `${adapter}-sqlite`,
      label: `library, ${name}, SQLite (WAL) + in-process queue`,
      adapter,
      reference: `${adapter}-bare`,
      start: library(adapter, 'sqlite'),
    });
    if (withServices)
      list.push({
        key: `${adapter}-pg-bull`,
        label: `library, ${name}, PostgreSQL + Bull, no processor`,
        adapter,
        reference: `${adapter}-bare`,
        start: library(adapter, 'pg-bull'),
      });
  }
  if (withServices)
    list.push({
      key: 'example',
      label: 'example app (npm start), Express, PostgreSQL + Bull, `WEBMENTION_WORKERS=external`, rate limit off',
      adapter: 'express',
      reference: 'express-bare',
      start: exampleApp,
    });
  return list;
}

export async function run(options: BenchRunOptions): Promise<BenchSection> {
  const withServices =
    (await sql(options.postgresUrl, 'SELECT 1')) &&
    (await new Bull('probe', options.redisUrl, { redis: { maxRetriesPerRequest: 1, connectTimeout: 2000 } })
      .isReady()
      .then(
        async (q) => (await q.close(), true),
        () => false,
      ));
  const list = cases(withServices);
  const results = new Map<string, { load: LoadResult; counted: Counted }[]>();
  // NOTE: the cases alternate within each run, so a drift of the machine touches every case alike.
  for (let run = 0; run < options.runs; run++) {
    for (const c of list) {
      const server = await c.start(options, run);
      const load = await formLoad(server.url, {
        connections: CONNECTIONS,
        durationS: options.durationS,
        body: (i) =>
          `source=${encodeURIComponent(`https://source.example/${run}/post/${i}`)}&target=${encodeURIComponent(TARGET)}`,
      });
      // NOTE: requests cut off at the end of the load may still be writing; let them finish before counting.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const counted = await server.stop();
      results.set(c.key, [...(results.get(c.key) ?? []), { load, counted }]);
      process.stderr.write(
        `   ${c.key}: ${load.rps.toFixed(0)} req/s, p99 ${load.p99} ms, ${load.non2xx} non-2xx, rows ${counted.rows}, jobs ${counted.jobs ?? '-'}\n`,
      );
    }
  }
  const rps = (key: string) => median(results.get(key)!.map((r) => r.load.rps));
  const rows = list.map((c) => {
    const rs = results.get(c.key)!;
    // NOTE: every 2xx must have its row, and every row its job; a request cut off by the end of the load may have
    // written its row without its answer reaching the client, so up to one row per connection more is expected.
    const complete = (r: { load: LoadResult; counted: Counted }) =>
      r.counted.rows >= r.load.ok &&
      r.counted.rows <= r.load.ok + CONNECTIONS &&
      (r.counted.jobs === null || r.counted.jobs === r.counted.rows);
    const runs = rs.map(
      (r) => `${r.load.ok} → ${r.counted.rows}${r.counted.jobs === null ? '' : ` / ${r.counted.jobs}`}`,
    );
    const stored = c.key.endsWith('bare') ? '—' : `${rs.every(complete) ? 'yes' : 'NO'}: ${runs.join('; ')}`;
    return [
      c.label,
      rps(c.key).toFixed(0),
      median(rs.map((r) => r.load.p50)),
      median(rs.map((r) => r.load.p99)),
      rs.reduce((n, r) => n + r.load.non2xx + r.load.errors, 0),
      c.reference ? `${((rps(c.key) / rps(c.reference)) * 100).toFixed(0)} %` : '100 %',
      stored,
    ];
  });
  const body = [
    `autocannon, ${CONNECTIONS} connections, ${options.durationS} s per run, at most 400,000 requests; a new pair per`,
    'request (every request writes a row and, where there is a queue, a job). Web processes run without the',
    'processor, as in production (the in-process queue holds no jobs without one, so its runs count rows only).',
    '"Stored": 2xx answers → rows / queued jobs of each run, counted after the load; "yes" when every 2xx has its row,',
    'every row its job, and the rows past the 2xx count are no more than the connections (requests cut off by the',
    'end of the load, whose answers the client did not wait for).',
    '',
    table(
      ['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'errors + non-2xx', 'share of bare (same adapter)', 'stored + queued'],
      rows,
    ),
    ...(withServices
      ? []
      : [
          '',
          `PostgreSQL or Redis did not answer (${options.postgresUrl}, ${options.redisUrl}): their cases were skipped.`,
        ]),
  ];
  return { title: 'Receiving', body: body.join('\n') };
}
