/**
 * Sources that trickle a byte at a time, never answer, or answer 500 forever, on both stacks: each fetch is cut at
 * the time limit, retried with growing backoff, and the mention ends `failed` with the last reason, once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeWith } from './support/services';
import { STACKS } from './support/test-app';
import { httpOptions, useVerificationApp } from './support/verification-harness';

const TARGET = 'https://blog.example/posts/faulty-source';
const TIMEOUT_MS = 500;
const RETRY = { attempts: 3, backoffMs: 200, maxBackoffMs: 2000 };
/** Room for timers and a loaded machine. */
const SLACK_MS = 1000;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** One byte every 50 ms, for as long as the client listens. */
const trickle: Handler = (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  const timer = setInterval(() => res.write(' '), 50);
  res.on('close', () => clearInterval(timer));
};

/** Takes the request and never answers. */
const silent: Handler = () => undefined;

const error500: Handler = (_req, res) => {
  res.writeHead(500, { 'Content-Type': 'text/plain' }).end('internal error');
};

const CASES: [string, Handler, string, RegExp][] = [
  ['trickles a byte every 50 ms', trickle, 'timeout', /500 ms/],
  ['never answers', silent, 'timeout', /500 ms/],
  ['answers 500 forever', error500, 'http_status', /500/],
];

describe.each(STACKS)('sources that trickle, hang or fail on $name', (stack) => {
  describeWith(stack.services, 'stopped at the caps, retried with backoff, then failed', () => {
    const h = useVerificationApp(stack, {
      options: { http: httpOptions({ timeoutMs: TIMEOUT_MS }), verifyRetry: RETRY },
    });

    it.each(CASES)(
      'a source that %s',
      async (name, handler, reason, detail) => {
        const path = `/faulty/${name.replace(/\W+/g, '-')}`;
        const fetches: { start: number; end?: number }[] = [];
        h.site.routes.set(path, (req, res) => {
          const fetch: { start: number; end?: number } = { start: Date.now() };
          fetches.push(fetch);
          res.on('close', () => (fetch.end = Date.now()));
          handler(req, res);
        });
        const since = h.events.length;
        const id = await h.submit(h.site.url(path), TARGET);
        const row = await h.settle(id, since, 20_000);
        await new Promise((resolve) => setTimeout(resolve, RETRY.backoffMs * 4));
        const durations = fetches.map((f) => (f.end ?? Date.now()) - f.start);
        const gaps = fetches.slice(1).map((f, i) => f.start - (fetches[i].end ?? f.start));
        process.stdout.write(
          `${stack.name}, ${name}: fetches took ${durations.join(', ')} ms, gaps ${gaps.join(', ')} ms\n`,
        );

        expect(row).toMatchObject({ status: 'failed', failureReason: reason, verifiedAt: null });
        expect(row.failureDetail).toMatch(detail);
        expect(fetches).toHaveLength(RETRY.attempts);
        for (const ms of durations) expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
        // NOTE: backoffMs doubled per retry; a few ms of timer slack allowed.
        expect(gaps[0]).toBeGreaterThanOrEqual(RETRY.backoffMs - 20);
        expect(gaps[1]).toBeGreaterThanOrEqual(RETRY.backoffMs * 2 - 20);
        expect(h.eventsOf(id, since).filter((e) => e.name === 'webmention.failed')).toHaveLength(1);
      },
      30_000,
    );
  });
});
