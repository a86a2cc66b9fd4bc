import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

/** What a benchmark module gives the runner: a section of `docs/benchmarks.md`. */
export interface BenchSection {
  /** The section's heading (without `##`). */
  title: string;
  /** Markdown: the table(s) and what the figures mean; figures only, never a pass/fail on timing. */
  body: string;
}

/** A benchmark module: `bench/<name>.ts` exports `run`. */
export type BenchModule = { run(options: BenchRunOptions): Promise<BenchSection> };

export interface BenchRunOptions {
  /** Repetitions per measurement; every figure is the median. `BENCH_RUNS`, default 3. */
  runs: number;
  /** Seconds of load per run. `BENCH_DURATION_S`, default 8. */
  durationS: number;
  /** PostgreSQL for the benchmarks that use it (a temporary schema or database is created and dropped). */
  postgresUrl: string;
  /** Redis for the benchmarks that use it (a private key prefix, removed after). */
  redisUrl: string;
}

export function benchOptions(): BenchRunOptions {
  return {
    runs: Math.max(1, Number(process.env.BENCH_RUNS ?? 3)),
    durationS: Math.max(1, Number(process.env.BENCH_DURATION_S ?? 8)),
    postgresUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}

/** How many times a second `fn` runs on this thread, over about `ms` after a warm-up. */
export function opsPerSecond(fn: () => unknown, ms = 1000): number {
  for (let i = 0; i < 20; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < until) {
    fn();
    n++;
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The machine line every section is read against. */
export function machineLine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.versions.node}`;
}

/** The installed version of a package ('?' when it is not installed or hides its package.json). */
export function versionOf(name: string): string {
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    return '?';
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === name) return pkg.version ?? '?';
  }
  return '?';
}

/**
 * A child process (a compiled bench script) that reports `{ url }` over IPC once it listens; on 'stop' it may report
 * one message more (what it counted), which `stop()` resolves with, and exits.
 */
export async function startServer(
  script: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<{ url: string; pid: number; child: ChildProcess; stop(): Promise<unknown> }> {
  const child = fork(join(__dirname, script), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 60 s`)), 60_000);
    child.once('message', (m: { url: string }) => {
      clearTimeout(timer);
      resolve(m.url);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid ?? 0,
    child,
    stop: () =>
      new Promise<unknown>((resolve) => {
        let report: unknown;
        child.on('message', (m) => (report = m));
        if (child.exitCode !== null) return resolve(report);
        const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve(report);
        });
        child.send('stop');
      }),
  };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Requests answered 2xx. */
  ok: number;
  errors: number;
  total: number;
}

/** autocannon against 127.0.0.1 only, bounded by time and request count; a new pair per request. */
export async function formLoad(
  url: string,
  options: { connections?: number; durationS: number; maxRequests?: number; body: (i: number) => string },
): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1[:/]/.test(url)) throw new Error(`load only against 127.0.0.1, not ${url}`);
  let i = 0;
  const result = await autocannon({
    url,
    connections: options.connections ?? 50,
    duration: options.durationS,
    maxOverallRequests: options.maxRequests ?? 400_000,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        setupRequest: (req) => ({ ...req, body: options.body(i++) }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    ok: result['2xx'],
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}

/** A markdown table from a header row and rows. */
export function table(header: string[], rows: (string | number)[][], align: ('l' | 'r')[] = []): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const rule = header.map((_, i) => ((align[i] ?? (i === 0 ? 'l' : 'r')) === 'r' ? '---:' : '---'));
  return [line(header), line(rule), ...rows.map(line)].join('\n');
}

/** A local site: a node:http server on a loopback address (all of 127.0.0.0/8 is loopback on Linux) at a free port. */
export interface LoopbackSite {
  origin: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves `handler` on `address` (a 127.x.x.x address) at a free port. */
export async function serveLoopback(
  address: string,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<LoopbackSite> {
  if (!address.startsWith('127.')) throw new Error(`loopback addresses only, not ${address}`);
  const server = createServer(handler);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => resolve((server.address() as AddressInfo).port));
  });
  return {
    origin: `http://${address}:${port}`,
    server,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
