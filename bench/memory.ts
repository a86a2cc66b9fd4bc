import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { MemoryRequest, MemorySample } from './memory-app';
import { tally, TargetWeb } from './send-targets';
import { BenchRunOptions, BenchSection, formLoad, LoopbackSite, serveLoopback, table } from './support';

const TARGET = 'https://blog.example/posts/hello-world';
/** Sites the flood's sources are spread over (the per-site limit applies to verification too). */
const SOURCE_SITES = 20;
const BIG_SOURCE_BYTES = 100 * 1024 * 1024;
/** Mentions in all for the leak check, sampled after each fifth; fewer with a short `BENCH_DURATION_S`. */
const MENTIONS = 50_000;
const CHECKPOINTS = 5;
/** Requests of the flood at most, whatever its length. */
const FLOOD_MAX_REQUESTS = 30_000;
/** Longest wait for the processor to verify what was accepted. */
const DRAIN_TIMEOUT_MS = 120_000;

type Request = MemoryRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The app under test in its own process (`--expose-gc`), asked over IPC. */
class App {
  private next = 0;
  private readonly pending = new Map<number, (m: { value?: unknown; error?: string }) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (m: { id?: number; value?: unknown; error?: string }) => {
      if (m.id === undefined) return;
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
    });
  }

  static async start(): Promise<App> {
    const child = fork(join(__dirname, 'memory-app.js'), [], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.once('message', (m: { url: string }) => resolve(m.url));
      child.once('exit', (code) => reject(new Error(`memory-app exited with ${code}`)));
    });
    return new App(child, url);
  }

  ask<T>(request: Request): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, (m) => (m.error ? reject(new Error(m.error)) : resolve(m.value as T)));
      this.child.send({ ...request, id });
    });
  }

  sample(gc = false): Promise<MemorySample> {
    return this.ask<MemorySample>({ cmd: 'sample', gc });
  }

  counts(): Promise<Record<string, number>> {
    return this.ask({ cmd: 'counts' });
  }

  /** Waits until no mention is pending (or the timeout); returns the counts. */
  async drained(): Promise<Record<string, number>> {
    const until = Date.now() + DRAIN_TIMEOUT_MS;
    for (;;) {
      const counts = await this.counts();
      if (!counts.pending || Date.now() > until) return counts;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async stop(): Promise<void> {
    await this.ask({ cmd: 'stop' }).catch(() => undefined);
    if (this.child.exitCode === null) await new Promise((resolve) => this.child.once('exit', resolve));
  }
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** Samples RSS every second while `work` runs; returns its result and the samples. */
async function sampled<T>(app: App, work: Promise<T>): Promise<{ value: T; rss: number[] }> {
  const rss: number[] = [];
  let done = false;
  const sampler = (async () => {
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (!done) rss.push((await app.sample()).rss);
    }
  })();
  try {
    return { value: await work, rss };
  } finally {
    done = true;
    await sampler;
  }
}

/** Sites that serve a reply to the target at every path, and one that sends 100 MB for any request. */
async function sourceSites(): Promise<{ origins: string[]; big: string; sites: LoopbackSite[] }> {
  const page =
    `<!doctype html><html><body><article class="h-entry"><p class="p-name e-content">Replying to ` +
    `<a class="u-in-reply-to" href="${TARGET}">the post</a>, with a few words.</p></article></body></html>`;
  const sites: LoopbackSite[] = [];
  for (let i = 1; i <= SOURCE_SITES; i++) {
    sites.push(
      await serveLoopback(`127.0.2.${i}`, (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page);
      }),
    );
  }
  const chunk = Buffer.alloc(64 * 1024, `<p>${'filler '.repeat(20)}</p>\n`);
  const big = await serveLoopback('127.0.3.1', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': BIG_SOURCE_BYTES });
    let sent = 0;
    const write = (): void => {
      while (sent < BIG_SOURCE_BYTES) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', write);
      }
      res.end();
    };
    res.on('close', () => (sent = BIG_SOURCE_BYTES));
    write();
  });
  sites.push(big);
  return { origins: sites.slice(0, SOURCE_SITES).map((s) => s.origin), big: `${big.origin}/huge-page`, sites };
}

/**
 * Memory: the peak RSS of one app process (SQLite, in-process queue with its processor) while it verifies a 100 MB
 * source, sends to 500 targets and takes a flood; then its RSS and heap after GC every tenth of 50,000 mentions
 * received and verified, which stay flat when nothing leaks.
 */
export async function run(options: BenchRunOptions): Promise<BenchSection> {
  const floodS = Math.min(60, Math.round(options.durationS * 7.5));
  const scale = Math.min(1, options.durationS / 8);
  const perCheckpoint = Math.max(1000, Math.round((MENTIONS / CHECKPOINTS) * scale));
  const { origins, big, sites } = await sourceSites();
  const web = new TargetWeb({ hosts: 100, pagesPerHost: 5, slowMs: 200, slowEvery: 10 });
  await web.start();
  const app = await App.start();
  let n = 0;
  const body = () => {
    const i = n++;
    return `source=${encodeURIComponent(`${origins[i % origins.length]}/reply/${i}`)}&target=${encodeURIComponent(TARGET)}`;
  };
  const phases: (string | number)[][] = [];
  const checkpoints: (string | number)[][] = [];
  let floodRss: number[] = [];
  try {
    const idle = await app.sample(true);
    phases.push(['idle, after boot', mb(idle.rss), mb(idle.rss), '']);

    await app.ask({ cmd: 'reset' });
    const accepted = await fetch(`${app.url}/webmention`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `source=${encodeURIComponent(big)}&target=${encodeURIComponent(TARGET)}`,
    });
    const verified = await app.drained();
    const afterBig = await app.sample();
    phases.push([
      'verifying a 100 MB source',
      mb(afterBig.peakRss),
      mb(afterBig.rss),
      `HTTP ${accepted.status}; ${JSON.stringify(verified)} (the body is cut at \`http.maxBodyBytes\`)`,
    ]);

    await app.ask({ cmd: 'reset' });
    web.reset();
    const summary = await app.ask<{ sent: number; failed: number }>({
      cmd: 'send',
      source: web.sourceUrl,
      maxTargets: 500,
    });
    const afterSend = await app.sample();
    const once = tally(web, web.targets);
    phases.push([
      'sending to 500 targets on 100 sites',
      mb(afterSend.peakRss),
      mb(afterSend.rss),
      `${summary.sent} sent, ${summary.failed} failed; ${once.once} notified exactly once; ${once.maxPerHost} at most per site`,
    ]);

    await app.ask({ cmd: 'reset' });
    const flood = await sampled(
      app,
      formLoad(`${app.url}/webmention`, { durationS: floodS, maxRequests: FLOOD_MAX_REQUESTS, body }),
    );
    floodRss = flood.rss;
    const afterFlood = await app.sample();
    const floodCounts = await app.drained();
    phases.push([
      `receiving a ${floodS} s flood (50 connections, at most ${FLOOD_MAX_REQUESTS} requests)`,
      mb(afterFlood.peakRss),
      mb(afterFlood.rss),
      `${flood.value.total} requests, ${flood.value.non2xx} non-2xx, ${flood.value.errors} errors; then ${JSON.stringify(floodCounts)}`,
    ]);

    const start = await app.sample(true);
    const received0 = n;
    checkpoints.push([0, mb(start.rss), mb(start.heapUsed), '']);
    for (let c = 1; c <= CHECKPOINTS; c++) {
      const load = await formLoad(`${app.url}/webmention`, {
        durationS: 600,
        maxRequests: perCheckpoint,
        body,
      });
      const counts = await app.drained();
      const s = await app.sample(true);
      checkpoints.push([n - received0, mb(s.rss), mb(s.heapUsed), `${load.non2xx} non-2xx; ${JSON.stringify(counts)}`]);
    }
  } finally {
    await app.stop();
    await web.stop();
    await Promise.all(sites.map((s) => s.close()));
  }
  const text = [
    'One app process (SQLite in WAL mode, the in-process queue with its processor on, `--expose-gc`) does each',
    'task in turn; RSS is sampled every 50 ms for the peak. Sources and targets are local sites on loopback addresses.',
    '',
    table(['task', 'peak RSS MB', 'RSS after MB', 'outcome'], phases, ['l', 'r', 'r', 'l']),
    '',
    `RSS during the flood, every second (MB): ${floodRss.map(mb).join(', ') || '(none)'}.`,
    '',
    `Then ${CHECKPOINTS} × ${perCheckpoint} more mentions (each received, then verified by fetching its source),`,
    'sampled after garbage collection once the queue is empty; flat figures mean nothing grows with the count:',
    '',
    table(['mentions since', 'RSS MB', 'heap used MB', 'statuses after'], checkpoints, ['r', 'r', 'r', 'l']),
  ].join('\n');
  return { title: 'Memory', body: text };
}
