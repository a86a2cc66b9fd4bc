import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { Client } from 'pg';
import { join } from 'node:path';
import { BenchRunOptions, BenchSection } from './support';

// Load on 127.0.0.1 only; every run is bounded by time and request count and stops by itself.
let DURATION_S = 8;
const CONNECTIONS = 50;
const MAX_REQUESTS = 400_000;
type Mode = 'bare' | 'webmention' | 'webmention-pg';

const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs one SQL statement on the benchmark's PostgreSQL; resolves false when the server cannot be reached. */
async function postgres(sql: string): Promise<boolean> {
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query(sql);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function startServer(
  mode: 'bare' | 'webmention' | 'webmention-pg',
  args: string[] = [],
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = fork(join(__dirname, 'receive-server.js'), [mode, ...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m.url));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

async function load(
  url: string,
  path: string,
): Promise<{ rps: number; p50: number; p99: number; non2xx: number; total: number }> {
  let i = 0;
  const result = await autocannon({
    url: `${url}${path}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    maxOverallRequests: MAX_REQUESTS,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        // NOTE: a new pair per request, so every request inserts a row.
        setupRequest: (req) => ({
          ...req,
          body: `source=${encodeURIComponent(`https://source.example/post/${i++}`)}&target=${encodeURIComponent('https://blog.example/posts/hello-world')}`,
        }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

export async function run(options: BenchRunOptions): Promise<BenchSection> {
  DURATION_S = options.durationS;
  const rows: string[] = [];
  const endpoint: Record<string, Awaited<ReturnType<typeof load>>> = {};
  const schema = `wm_bench_${process.pid}`;
  const withPostgres = await postgres(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const runs: [Mode, string, string[]][] = [
    ['bare', '/bare', []],
    ['webmention', '/webmention', []],
    ...(withPostgres ? [['webmention-pg', '/webmention', [POSTGRES_URL, schema]] as [Mode, string, string[]]] : []),
  ];
  try {
    for (const [mode, path, args] of runs) {
      const server = await startServer(mode, args);
      try {
        endpoint[mode] = await load(server.url, path);
      } finally {
        await server.stop();
      }
    }
  } finally {
    if (withPostgres) await postgres(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
  const labels: Record<string, string> = {
    bare: 'bare Nest form endpoint (reference)',
    webmention: 'POST /webmention, SQLite (WAL), new pair each',
    'webmention-pg': 'POST /webmention, PostgreSQL, new pair each',
  };
  rows.push(
    `| endpoint (${CONNECTIONS} connections, ${DURATION_S} s) | req/s | p50 ms | p99 ms | requests | non-2xx |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const [mode, r] of Object.entries(endpoint)) {
    rows.push(`| ${labels[mode]} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.total} | ${r.non2xx} |`);
  }
  rows.push('');
  for (const mode of ['webmention', 'webmention-pg']) {
    if (endpoint[mode])
      rows.push(
        `${labels[mode]}: ${((endpoint[mode].rps / endpoint.bare.rps) * 100).toFixed(0)}% of the bare endpoint.`,
      );
  }
  if (!withPostgres) rows.push(`PostgreSQL run skipped: no server at ${POSTGRES_URL} (set BENCH_DATABASE_URL).`);
  rows.push('');

  return { title: 'Receiving', body: rows.join('\n') };
}
