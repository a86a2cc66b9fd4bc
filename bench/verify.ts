import { mf2 } from 'microformats-parser';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { feedPage } from './pages';
import { BenchRunOptions, BenchSection, median, opsPerSecond, startServer, table } from './support';
import type { SettledMessage, VerifyServerConfig } from './verify-server';

const TARGET = 'https://blog.example/posts/hello-world';
/** Page sizes, and how many mentions are submitted per run for each (a few seconds of work at the targets). */
const SIZES: { kb: number; mentions: number }[] = [
  { kb: 5, mentions: 600 },
  { kb: 50, mentions: 200 },
  { kb: 500, mentions: 30 },
];
const THREADS = [1, 2];
/** Submissions in flight at once. */
const SUBMITTERS = 16;
/** Mentions verified before each measured run, so threads, JIT and the database are warm. */
const WARM_UP = 20;

/** The source site: every path serves the current page. */
async function startSite(): Promise<{ origin: string; serve(page: string): void; close(): Promise<void> }> {
  let body = Buffer.alloc(0);
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    serve: (page) => (body = Buffer.from(page)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type App = Awaited<ReturnType<typeof startServer>>;

/** Submits `count` new pairs from `from` on, and resolves when the app has settled `settledBefore + count` mentions. */
async function verifyMany(
  app: App,
  origin: string,
  from: number,
  count: number,
  settledBefore: number,
): Promise<{ seconds: number; settled: SettledMessage }> {
  const started = process.hrtime.bigint();
  const settled = new Promise<SettledMessage>((resolve) => {
    const onMessage = (m: SettledMessage | { url: string }) => {
      if (!('verified' in m)) return;
      app.child.off('message', onMessage);
      resolve(m);
    };
    app.child.on('message', onMessage);
    app.child.send({ expect: settledBefore + count });
  });
  let next = from;
  const submit = async () => {
    while (next < from + count) {
      const source = `${origin}/post/${next++}`;
      const res = await fetch(`${app.url}/webmention`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ source, target: TARGET }).toString(),
      });
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`${source}: the endpoint answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: SUBMITTERS }, submit));
  const result = await settled;
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, settled: result };
}

/** What one app verified: mentions per second, the app's CPU ms per mention (all its threads), failures. */
interface Measured {
  rate: number;
  cpuMs: number;
  failed: string;
}

/** CPU ms of this process per call of `fn`, over about a second. */
function cpuMsPerCall(fn: () => unknown): number {
  const before = process.cpuUsage();
  let calls = 0;
  for (const until = Date.now() + 1000; Date.now() < until; calls++) fn();
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1000 / calls;
}

/** One app (`threads` parser threads) verifying the site's current page; medians of runs. */
async function measure(origin: string, threads: number, mentions: number, runs: number): Promise<Measured> {
  const config: VerifyServerConfig = { threads };
  const app = await startServer('verify-server.js', [JSON.stringify(config)]);
  try {
    let submitted = 0;
    let failed = '';
    await verifyMany(app, origin, submitted, WARM_UP, submitted);
    submitted += WARM_UP;
    const rates: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < runs; r++) {
      const { seconds, settled } = await verifyMany(app, origin, submitted, mentions, submitted);
      submitted += mentions;
      failed = Object.entries(settled.reasons)
        .map(([reason, n]) => `${n} ${reason}`)
        .join(', ');
      rates.push(mentions / seconds);
      cpu.push(settled.cpuMs / mentions);
    }
    return { rate: median(rates), cpuMs: median(cpu), failed };
  } finally {
    await app.stop();
  }
}

/**
 * End-to-end verification against the microformats parser alone: mentions submitted to the endpoint, fetched from a
 * local site, read in the parser threads, stored, until all are verified; beside it `mf2()` alone on the same page.
 */
export async function run(options: BenchRunOptions): Promise<BenchSection> {
  const site = await startSite();
  const rows: (string | number)[][] = [];
  const cpuRows: (string | number)[][] = [];
  const notes: string[] = [];
  try {
    // NOTE: `BENCH_VERIFY_KB=50` (a comma-separated list) measures only those page sizes.
    const only = process.env.BENCH_VERIFY_KB?.split(',').map(Number);
    for (const { kb, mentions } of SIZES.filter((s) => !only || only.includes(s.kb))) {
      const page = feedPage(TARGET, kb * 1024);
      site.serve(page);
      const parses = median(
        Array.from({ length: options.runs }, () => opsPerSecond(() => mf2(page, { baseUrl: site.origin }))),
      );
      const parseCpu = median(
        Array.from({ length: options.runs }, () => cpuMsPerCall(() => mf2(page, { baseUrl: site.origin }))),
      );
      const perThreads: Measured[] = [];
      for (const threads of THREADS) {
        const measured = await measure(site.origin, threads, mentions, options.runs);
        perThreads.push(measured);
        if (measured.failed) notes.push(`${kb} KB, ${threads} thread(s): failed (all runs): ${measured.failed}.`);
      }
      const [one, two] = perThreads.map((m) => m.rate);
      cpuRows.push([
        `${(page.length / 1024).toFixed(0)} KB`,
        parseCpu.toFixed(2),
        ...perThreads.flatMap((m) => [m.cpuMs.toFixed(2), (m.cpuMs / parseCpu).toFixed(2)]),
      ]);
      rows.push([
        `${(page.length / 1024).toFixed(0)} KB`,
        parses.toFixed(0),
        one.toFixed(0),
        (one / parses).toFixed(2),
        two.toFixed(0),
        (two / parses).toFixed(2),
      ]);
    }
  } finally {
    await site.close();
  }
  return {
    title: 'Verifying',
    body: [
      table(
        ['page', 'mf2() alone, parses/s (one core)', '1 thread, verified/s', 'ratio', '2 threads, verified/s', 'ratio'],
        rows,
      ),
      '',
      'Each mention is a new pair submitted to `POST /webmention` (16 at a time) of an app receiving and verifying in',
      'one process (SQLite in WAL mode, the inline queue, default concurrency; the author page not fetched), its',
      'source an h-feed page (`bench/pages.ts`) served by a local site on 127.0.0.1; the time runs from the first',
      'submission until every mention is verified. The ratio is verifications per second over `mf2()` parses per',
      'second of the same page on one core, measured in the same run. Targets: 1 thread ≥ 0.5, 2 threads ≥ 1.7.',
      '',
      table(
        ['page', 'mf2() CPU ms/parse', '1 thread: app CPU ms/verification', '× mf2()', '2 threads: CPU ms', '× mf2()'],
        cpuRows,
      ),
      '',
      'CPU time is less disturbed by other load than rates are: the app’s CPU time (every thread: receiving, fetching,',
      'reading, storing) per verified mention, against `mf2()` alone. On `c` cores a verification costing `k` times',
      'the parse can reach at most `c / k` times the single-core parse rate (the local site and the submitting',
      'client take some of the same cores).',
      ...(notes.length ? ['', ...notes] : []),
    ].join('\n'),
  };
}
