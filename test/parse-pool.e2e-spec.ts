/**
 * The worker-thread pool that reads HTML sources (`SourceParser`), with real threads: it reads like the inline path;
 * a document over the time limit or the heap cap is abandoned as too complex and its worker replaced, after which
 * the pool reads again; verification through it marks such a source `failed` with `too_complex`, not retried.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority as osPriority } from 'node:os';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Webmention } from 'nestjs-webmention';
import { SourceParser } from '../libs/webmention/src/verify/source-parser.service';
import { readSource, type ReadSourceTask } from '../libs/webmention/src/verify/parse-worker';
import { resolveOptions } from '../libs/webmention/src/resolve-options';
import { RemoteSite } from './support/remote-site';
import { eventually, STACKS, startTestApp } from './support/test-app';

const TARGET = 'https://blog.example/posts/pool';
const LINK = `<a href="${TARGET}">target</a>`;
const REPLY = `<article class="h-entry"><a class="p-author h-card" href="https://alice.example/">Alice</a>
  <div class="e-content">Nice post! <a class="u-in-reply-to" href="${TARGET}">re</a></div>
  <time class="dt-published" datetime="2026-03-01T10:00:00+02:00">1 March</time></article>`;
/** Passes every estimate, then takes the parser about 0.6 s (within the 1 MB body cap of a real fetch). */
const SLOW = `<div title="${'a'.repeat(900_000)}">${LINK}</div>`;
/** The same, about ten times over: seconds of parsing. */
const SLOWER = `<div title="${'a'.repeat(9_000_000)}">${LINK}</div>`;

const task = (body: string): ReadSourceTask => ({
  body,
  contentType: 'text/html',
  baseUrl: 'https://alice.example/reply',
  sourceUrl: 'https://alice.example/reply',
  targetUrl: TARGET,
  limits: { maxItems: 2000, maxNesting: 32 },
  interpret: true,
});

function parser(parsing: { threads: number; timeoutMs?: number; maxHeapMb?: number }): SourceParser {
  return new SourceParser(resolveOptions({ baseUrl: 'https://blog.example', parsing }));
}

describe('SourceParser with worker threads', () => {
  const pools: SourceParser[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.onApplicationShutdown()));
  });
  const make = (parsing: Parameters<typeof parser>[0]) => {
    const p = parser(parsing);
    pools.push(p);
    return p;
  };

  it('reads a reply in a worker exactly as in this thread, dates included', async () => {
    const read = await make({ threads: 1 }).read(task(REPLY));
    expect(read).toEqual(readSource(task(REPLY)));
    expect(read.mention?.published).toBeInstanceOf(Date);
    expect(read.mention?.mentionType).toBe('reply');
  }, 20_000);

  // NOTE: Linux gives each thread its own nice value (the 19th field of /proc/self/task/<tid>/stat).
  (process.platform === 'linux' ? it : it.skip)(
    'runs its threads ten steps below the event loop’s priority (nice 10 more, at most 19)',
    async () => {
      // NOTE: CI runs a suite under `nice -n 19`: the threads are then at 19 too, never above the event loop.
      const own = osPriority(0);
      const niceOfThreads = () =>
        readdirSync('/proc/self/task').map((tid) => {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
        });
      const pool = make({ threads: 1, timeoutMs: 5000 });
      await pool.read(task(REPLY));
      expect(niceOfThreads()).toContain(Math.min(19, own + 10));
      expect(Math.min(...niceOfThreads())).toBe(own);
      expect(osPriority(0)).toBe(own);
    },
    20_000,
  );

  it('abandons a document over the time limit as too complex, then reads the next one', async () => {
    // NOTE: the limit covers starting a replacement thread too, so it is well above that and well below the page.
    const pool = make({ threads: 1, timeoutMs: 1500 });
    await pool.read(task(REPLY));
    const started = Date.now();
    const slow = await pool.read(task(SLOWER));
    expect(Date.now() - started).toBeLessThan(2500);
    expect(slow).toEqual({
      found: {
        kind: 'html',
        linked: false,
        tooComplex: 'the source took more than 1500 ms to read (parsing.timeoutMs)',
      },
      mention: null,
    });
    expect((await pool.read(task(REPLY))).mention?.mentionType).toBe('reply');
  }, 20_000);

  it('counts the time limit from when a thread starts a document, not while it waits for one', async () => {
    // NOTE: the reply waits for the one thread behind the slow page (abandoned at the limit, its thread replaced):
    // longer than the limit itself, which must not make the reply too complex.
    const pool = make({ threads: 1, timeoutMs: 1500 });
    await pool.read(task(REPLY));
    const [slow, reply] = await Promise.all([pool.read(task(SLOWER)), pool.read(task(REPLY))]);
    expect(slow.found.tooComplex).toBe('the source took more than 1500 ms to read (parsing.timeoutMs)');
    expect(reply.found.tooComplex).toBeUndefined();
    expect(reply.mention?.mentionType).toBe('reply');
  }, 20_000);

  it('reads a burst of documents queued behind one thread within the limit each', async () => {
    // NOTE: each page alone is well within the limit; all of them queued behind one thread take several times it.
    const pool = make({ threads: 1, timeoutMs: 1500 });
    await pool.read(task(REPLY));
    const started = Date.now();
    const reads = await Promise.all(Array.from({ length: 16 }, () => pool.read(task(SLOW))));
    expect(Date.now() - started).toBeGreaterThan(1500);
    expect(reads.map((r) => r.found)).toEqual(Array(16).fill({ kind: 'html', linked: true }));
  }, 30_000);

  it('abandons a document that needs more than the heap cap, then reads the next one', async () => {
    const pool = make({ threads: 1, timeoutMs: 20_000, maxHeapMb: 48 });
    const started = Date.now();
    const big = await pool.read(task(`${'<p><a href="https://x.example/p">p</a></p>'.repeat(100_000)}${LINK}`));
    expect(big.found.tooComplex).toBe('the source needed more than 48 MB to read (parsing.maxHeapMb)');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await pool.read(task(REPLY))).mention?.mentionType).toBe('reply');
  }, 30_000);
});

describe('verification through the pool', () => {
  it('marks a source over the time limit failed with too_complex, fetched once', async () => {
    const site = await new RemoteSite().start();
    const t = await startTestApp({ stack: STACKS[0], options: { parsing: { threads: 1, timeoutMs: 50 } } });
    try {
      const source = site.page('/slow', SLOW);
      site.page('/reply', REPLY);
      await request(t.url)
        .post('/webmention')
        .type('form')
        .send({ source: site.url('/reply'), target: TARGET })
        .expect(201);
      await request(t.url).post('/webmention').type('form').send({ source, target: TARGET }).expect(201);
      const repo = t.app.get(DataSource).getRepository(Webmention);
      const row = await eventually(async () => {
        const w = await repo.findOneByOrFail({ sourceUrl: source });
        return w.status === 'pending' ? null : w;
      }, 15_000);
      expect(row).toMatchObject({ status: 'failed', failureReason: 'too_complex' });
      expect(site.hits.filter((h) => h.path === '/slow')).toHaveLength(1);
    } finally {
      await t.close();
      await site.stop();
    }
  }, 30_000);
});
