/**
 * The endpoint under many requests. Group commit, on both stacks: concurrent submissions are written by fewer
 * statements than requests, each answered with its own row and status URL; a pair given twice in one batch is one
 * row; every row gets its job. And the resolver cache (urlResolverCacheMs).
 */
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Webmention, WebmentionQueue } from 'nestjs-webmention';
import { ReceiveService } from '../libs/webmention/src/receive/receive.service';
import { WebmentionStore } from '../libs/webmention/src/storage/webmention.store';
import { describeWith } from './support/services';
import { STACKS, startTestApp, TestApp } from './support/test-app';

const TARGET = 'https://blog.example/posts/batched';
const SUBMISSIONS = 300;

describe.each(STACKS)('group commit of submissions on $name', (stack) => {
  describeWith(stack.services, 'batched writes', () => {
    let t: TestApp;
    beforeAll(async () => {
      // NOTE: no processor, as a production web process: the jobs stay queued, so they can be counted.
      t = await startTestApp({ stack, extras: { processor: false } });
    }, 30_000);
    afterAll(() => t?.close(), 30_000);

    it('stores concurrent submissions with fewer writes than requests, each answered with its own row and job', async () => {
      const store = t.app.get(WebmentionStore);
      const writes = jest.spyOn(store, 'upsertPairs');
      const queue = t.app.get(WebmentionQueue);
      const enqueues = jest.spyOn(queue, 'enqueueMany');
      const sources = Array.from({ length: SUBMISSIONS }, (_, i) => `https://source.example/batch/${i}`);
      const answers = await Promise.all(
        sources.map((source) =>
          request(t.url)
            .post('/webmention')
            .type('form')
            .set('accept', 'application/json')
            .send({ source, target: TARGET }),
        ),
      );
      expect(answers.map((a) => a.status).filter((s) => s !== 201)).toEqual([]);
      expect(answers.every((a) => a.body.created === true)).toBe(true);
      expect(answers.map((a) => a.body.source)).toEqual(sources);
      expect(new Set(answers.map((a) => a.headers.location)).size).toBe(SUBMISSIONS);
      const batches = writes.mock.calls.map(([pairs]) => pairs.length);
      expect(batches.reduce((a, b) => a + b, 0)).toBe(SUBMISSIONS);
      expect(enqueues).toHaveBeenCalledTimes(batches.length);
      writes.mockRestore();
      enqueues.mockRestore();

      const rows = await t.app.get(DataSource).getRepository(Webmention).findBy({ targetUrl: TARGET });
      expect(rows).toHaveLength(SUBMISSIONS);
      // NOTE: the in-process queue holds jobs only where a processor runs them; Bull keeps them for the workers.
      const health = await queue.health(2000);
      if (!health.up) throw new Error(health.reason);
      expect(health.backlog.waiting + health.backlog.delayed).toBe(stack.queue === 'bull' ? SUBMISSIONS : 0);
    }, 60_000);

    it('writes submissions that arrive during a write together: a few statements for many requests', async () => {
      const writes = jest.spyOn(t.app.get(WebmentionStore), 'upsertPairs');
      const receiver = t.app.get(ReceiveService);
      const outcomes = await Promise.all(
        Array.from({ length: SUBMISSIONS }, (_, i) =>
          receiver.receive({
            contentType: 'application/x-www-form-urlencoded',
            contentLength: undefined,
            body: { source: `https://source.example/direct/${i}`, target: TARGET },
          }),
        ),
      );
      expect(outcomes.filter((o) => !o.ok)).toEqual([]);
      const batches = writes.mock.calls.map(([pairs]) => pairs.length);
      writes.mockRestore();
      expect(batches.reduce((a, b) => a + b, 0)).toBe(SUBMISSIONS);
      // NOTE: the first writes go out alone, at once; the rest gather behind them in batches of up to 100.
      expect(batches.length).toBeLessThanOrEqual(10);
      expect(Math.max(...batches)).toBe(100);
    }, 60_000);

    it('answers a pair given twice in one batch with one row, made by the first submission', async () => {
      const store = t.app.get(WebmentionStore);
      const existing = await store.upsertPair('https://source.example/dup/old', TARGET, 'approved');
      const results = await store.upsertPairs([
        { sourceUrl: 'https://source.example/dup/new', targetUrl: TARGET, moderation: 'approved' },
        // NOTE: the same pair in another spelling (host case, default port).
        { sourceUrl: 'https://SOURCE.example:443/dup/new', targetUrl: TARGET, moderation: 'pending' },
        { sourceUrl: 'https://source.example/dup/old', targetUrl: TARGET, moderation: 'approved' },
      ]);
      expect(results.map((r) => r.created)).toEqual([true, false, false]);
      expect(results[0].webmention.id).toBe(results[1].webmention.id);
      expect(results[0].webmention.moderation).toBe('approved');
      expect(results[2].webmention.id).toBe(existing.webmention.id);
      expect(results[2].webmention.statusToken).toBe(existing.webmention.statusToken);
    });
  });
});

/** Accepts every target of blog.example and counts the look-ups. */
class CountingResolver {
  static calls = 0;
  async resolve(url: string): Promise<{ url: string } | null> {
    CountingResolver.calls++;
    return new URL(url).hostname === 'blog.example' ? { url } : null;
  }
  getAbsoluteUrl(post: { url: string }): string {
    return post.url;
  }
}

describe('urlResolverCacheMs', () => {
  const stack = STACKS[0];
  let t: TestApp;
  afterEach(() => t?.close(), 30_000);

  it.each([
    [60_000, 1],
    [0, 20],
  ])(
    'with %i ms, 20 mentions of one post ask the resolver %i time(s)',
    async (urlResolverCacheMs, calls) => {
      t = await startTestApp({
        stack,
        options: { urlResolver: CountingResolver, urlResolverCacheMs },
        extras: { processor: false },
      });
      CountingResolver.calls = 0;
      for (let i = 0; i < 20; i++) {
        const res = await request(t.url)
          .post('/webmention')
          .type('form')
          .send({ source: `https://source.example/cached/${i}`, target: TARGET });
        expect(res.status).toBe(201);
      }
      expect(CountingResolver.calls).toBe(calls);
    },
    30_000,
  );
});
