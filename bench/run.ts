import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { Client } from 'pg';
import { join } from 'node:path';
import { findTargetLinks } from '../libs/webmention/src/verify/source-links';
import { interpretMention, sanitizeContentHtml } from '../libs/webmention/src/mf2';
import { endpointFromHtml } from '../libs/webmention/src/send/endpoint-discovery';
import { extractTargets } from '../libs/webmention/src/send/link-extraction';
import { matchKey } from '../libs/webmention/src/url/url-match';

// Load on 127.0.0.1 only; every run is bounded by time and request count and stops by itself.
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
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
  const child = fork(join(__dirname, 'endpoint-server.js'), [mode, ...args], {
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

function opsPerSecond(fn: () => unknown, ms = 1500): number {
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

/** A realistic 50 KB page: an h-feed of entries, one of them replying to the target. */
function feedPage(target: string): string {
  const entry = (i: number) => `
<article class="h-entry" id="e${i}">
  <a class="p-author h-card" href="https://author.example/"><img class="u-photo" src="/me.jpg" alt="">Author ${i}</a>
  <a class="u-url" href="/notes/${i}"><time class="dt-published" datetime="2026-01-0${(i % 9) + 1}T10:00:00+01:00">Jan ${i}</time></a>
  <div class="e-content"><p>Note number ${i} with <a href="https://elsewhere.example/${i}">a link</a>, <em>emphasis</em> and a <code>snippet</code>.</p>
  <p>${'Some more words to give the entry a realistic length. '.repeat(6)}</p></div>
</article>`;
  const entries = Array.from({ length: 60 }, (_, i) => entry(i));
  entries[30] = `<article class="h-entry"><a class="u-in-reply-to" href="${target}">in reply to</a><div class="e-content"><p>A reply to <a href="${target}">your post</a>.</p></div><a class="u-url" href="/reply">permalink</a><a class="p-author h-card" href="https://me.example/">Me</a></article>`;
  return `<!doctype html><html><head><title>Feed</title><link rel="webmention" href="/wm"></head><body><div class="h-feed">${entries.join('')}</div></body></html>`;
}

async function main(): Promise<void> {
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

  const target = 'https://blog.example/posts/hello-world';
  const page = feedPage(target);
  const base = 'https://source.example/feed';
  rows.push(`| pure function (${(page.length / 1024).toFixed(0)} KB page) | ops/s | ms/op |`, '| --- | ---: | ---: |');
  const micro: [string, () => unknown][] = [
    [
      'findTargetLinks (verify the link)',
      () => findTargetLinks({ body: page, contentType: 'text/html', baseUrl: base }, target),
    ],
    [
      'interpretMention (mf2: entry, type, content, author)',
      () => interpretMention({ html: page, baseUrl: base, sourceUrl: base, targetUrl: target }),
    ],
    ['extractTargets (links to send to)', () => extractTargets(page, base)],
    ['endpointFromHtml (discovery in HTML)', () => endpointFromHtml(page, base)],
    ['sanitizeContentHtml (one 5 KB entry)', () => sanitizeContentHtml(page.slice(0, 5000), base)],
    ['matchKey (one URL)', () => matchKey('https://WWW.Example.com/a/b/?z=1&a=2#frag')],
  ];
  for (const [name, fn] of micro) {
    const ops = opsPerSecond(fn);
    rows.push(`| ${name} | ${ops.toFixed(0)} | ${(1000 / ops).toFixed(3)} |`);
  }
  process.stdout.write(`${rows.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
