import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tally, TargetWeb } from './send-targets';
import { BenchRunOptions, BenchSection, median, table, versionOf } from './support';

const WEB = { hosts: 100, pagesPerHost: 5, slowMs: 200, slowEvery: 10 };
/** A run that takes longer than this is stopped (and reported as such). */
const TIMEOUT_MS = 120_000;

/** The library's bin, compiled beside the benchmarks. */
const OUR_BIN = join(__dirname, '..', 'libs', 'webmention', 'src', 'cli', 'main.js');
const HOST_MODULE = join(__dirname, 'send-host.module.js');
const FLOOR_BIN = join(__dirname, 'startup-floor.js');

interface Contender {
  label: string;
  /** The command line, for the table. */
  shown: string;
  args(sourceUrl: string): string[];
  env?(sourceUrl: string): NodeJS.ProcessEnv;
}

/** One whole process, timed from spawn to exit; its output is read and dropped. */
function timed(args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number | null }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const kill = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(kill);
      if (code !== 0) process.stderr.write(`${args.join(' ')} exited with ${code}: ${stderr}\n`);
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code });
    });
  });
}

function contenders(peerBin: string | null): Contender[] {
  const ours = (perHost?: number): Contender => ({
    label: `\`webmention send\` (this library), send.perHostConcurrency ${perHost ?? '2 (default)'}`,
    shown: `webmention --module <host module> send <post> --max-targets ${WEB.hosts * WEB.pagesPerHost}`,
    args: (source) => [
      OUR_BIN,
      '--module',
      HOST_MODULE,
      'send',
      source,
      '--max-targets',
      String(WEB.hosts * WEB.pagesPerHost),
    ],
    env: (source) => ({
      BASE_URL: new URL('/', source).href,
      ...(perHost ? { BENCH_SEND_PER_HOST: String(perHost) } : {}),
    }),
  });
  const list = [ours(), ours(WEB.pagesPerHost)];
  if (peerBin)
    list.push({
      label: `\`@remy/webmention\` ${versionOf('@remy/webmention')} CLI (no per-host limit)`,
      shown: 'wm <post> --send --limit 0',
      args: (source) => [peerBin, source, '--send', '--limit', '0'],
    });
  return list;
}

/** The peer's bin, or null when the dev dependency is not installed. */
function peerBin(): string | null {
  try {
    return join(require.resolve('@remy/webmention/package.json'), '..', 'bin', 'wm.js');
  } catch {
    return null;
  }
}

/**
 * Sending: one post linking 500 pages on 100 local sites (half found by `Link` header, half by `<link>`, every
 * tenth site 200 ms per answer), sent by our CLI and by `@remy/webmention`, whole processes timed (start-up
 * included). The sites count the POSTs per target and the most requests in flight per site.
 */
export async function run(options: BenchRunOptions): Promise<BenchSection> {
  const web = new TargetWeb(WEB);
  await web.start();
  const peer = peerBin();
  const list = contenders(peer);
  const results = list.map(() => ({ ms: [] as number[], last: tally(web, []), failedRuns: 0 }));
  // NOTE: start-up alone: our CLI (default row) and the peer on a post that links nothing, and the stack's floor.
  const startups: { label: string; args: (url: string) => string[]; env?: (url: string) => NodeJS.ProcessEnv }[] = [
    {
      args: list[0].args,
      env: list[0].env,
      label: '`webmention send` on a post without links (this library, migrations on a new SQLite file)',
    },
    {
      label: 'a nest-commander command that does nothing, TypeORM on a new SQLite file, no library (the stack)',
      args: () => [FLOOR_BIN, 'noop'],
    },
    ...(peer ? [{ label: '`@remy/webmention` on a post without links', args: list[list.length - 1].args }] : []),
  ];
  const startupMs = startups.map(() => [] as number[]);
  const dir = mkdtempSync(join(tmpdir(), 'webmention-send-bench-'));
  try {
    for (let r = 0; r < options.runs; r++) {
      for (const [i, c] of list.entries()) {
        web.reset();
        const database = join(dir, `run-${r}-${i}.sqlite`);
        const { ms, code } = await timed(c.args(web.sourceUrl), {
          ...c.env?.(web.sourceUrl),
          BENCH_SEND_DATABASE: database,
        });
        results[i].ms.push(ms);
        results[i].last = tally(web, web.targets);
        if (code !== 0) results[i].failedRuns++;
      }
      for (const [i, c] of startups.entries()) {
        const database = join(dir, `startup-${r}-${i}.sqlite`);
        const { ms } = await timed(c.args(web.emptyUrl), { ...c.env?.(web.emptyUrl), BENCH_SEND_DATABASE: database });
        startupMs[i].push(ms);
      }
    }
  } finally {
    await web.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const n = WEB.hosts * WEB.pagesPerHost;
  const rows = list.map((c, i) => {
    const r = results[i];
    return [
      c.label,
      (median(r.ms) / 1000).toFixed(2),
      `${r.last.once} / ${n}`,
      r.last.missed,
      r.last.duplicated,
      r.last.maxPerHost,
      `${r.last.requests} / ${r.last.connections}`,
      r.failedRuns,
    ];
  });
  const peerMs = peer ? median(results[list.length - 1].ms) : NaN;
  const ratios = peer
    ? list
        .slice(0, -1)
        .map((c, i) => `${c.label}: ${(median(results[i].ms) / peerMs).toFixed(2)}× the peer's wall time.`)
    : [];
  const body = [
    `One post linking ${n} pages on ${WEB.hosts} local sites (each its own loopback address and endpoint; half`,
    `advertise it in a \`Link\` header, half in \`<link rel="webmention">\`; every ${WEB.slowEvery}th site, of either kind,`,
    `waits ${WEB.slowMs} ms before each answer). Each row is a whole process, timed from spawn to exit (start-up included);`,
    'our CLI runs over a host module on a new SQLite file (migrations included), as `webmention --module` does.',
    '"exactly once" counts the targets whose endpoint got one POST in the last run; "max per site" is the most',
    'requests (discovery and delivery) one site had in flight at once; "requests / connections" counts what the',
    'target sites got in the last run (a kept-alive connection carries several requests). Our sender discovers with a HEAD, then a GET',
    'when the HEAD names no endpoint, and holds the site slot from discovery to delivery: a slow site costs it',
    `${WEB.slowMs} ms × (2 or 3 requests) × ⌈${WEB.pagesPerHost} pages / per-site limit⌉; the peer has no limit and sends a GET and a POST.`,
    `With ${WEB.pagesPerHost} pages a site, the peer has up to ${WEB.pagesPerHost} requests in flight on one site: the row at`,
    `send.perHostConcurrency ${WEB.pagesPerHost} compares at that same per-site concurrency; the default (2) row is shown too.`,
    '',
    table(
      [
        'sender',
        'wall s (median)',
        'notified exactly once',
        'missed',
        'duplicated',
        'max per site',
        'requests / connections',
        'failed runs',
      ],
      rows,
    ),
    '',
    ...ratios,
    ...(peer ? [] : ['', '`@remy/webmention` is not installed (`npm install`): its row is missing.']),
    '',
    'Start-up alone, whole processes as above, median:',
    '',
    table(
      ['process', 'wall s (median)'],
      startups.map((c, i) => [c.label, (median(startupMs[i]) / 1000).toFixed(2)]),
    ),
    '',
    'Commands: ' + [...new Set(list.map((c) => `\`${c.shown}\``))].join('; ') + '.',
  ].join('\n');
  return { title: 'Sending', body };
}
