/**
 * No amplification, on both stacks: a pair submitted again inside `refetchWindowMs` of its last fetch answers the
 * same 201 and status URL but is fetched once more only when the window ends, however many POSTs came; and the
 * in-process queue, when full (`maxQueuedJobs`), makes the endpoint answer 503 with Retry-After and store nothing,
 * while every mention it accepted is still verified.
 */
import type { ServerResponse } from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Webmention } from 'nestjs-webmention';
import { RemoteSite } from './support/remote-site';
import { describeWith } from './support/services';
import { submitEach } from './support/submit';
import { eventually, STACKS, startTestApp, TestApp } from './support/test-app';

const TARGET = 'https://blog.example/posts/amplify';
const linkTo = (target: string) => `<p>See <a href="${target}">this</a>.</p>`;
const WINDOW_MS = 1500;

describe.each(STACKS)('resubmissions on $name', (stack) => {
  describeWith(stack.services, 'inside the refetch window', () => {
    let t: TestApp;
    let site: RemoteSite;
    beforeAll(async () => {
      site = await new RemoteSite().start();
      t = await startTestApp({ stack, options: { refetchWindowMs: WINDOW_MS } });
    }, 30_000);
    afterAll(async () => {
      await t?.close();
      await site?.stop();
    }, 30_000);

    const post = (source: string) =>
      request(t.url)
        .post('/webmention')
        .set('Accept', 'application/json')
        .type('form')
        .send({ source, target: TARGET });
    const fetches = (path: string) => site.hits.filter((h) => h.path === path).length;
    const row = (source: string) =>
      t.app.get(DataSource).getRepository(Webmention).findOneByOrFail({ sourceUrl: source });

    it('fetches once more only when the window ends, however many POSTs came inside it', async () => {
      const source = site.page('/burst', linkTo(TARGET));
      const first = await post(source).expect(201);
      await eventually(async () => (await row(source)).status === 'verified');
      expect(fetches('/burst')).toBe(1);

      const again = await Promise.all(Array.from({ length: 20 }, () => post(source)));
      expect(again.map((r) => r.status)).toEqual(Array(20).fill(201));
      expect(new Set(again.map((r) => r.headers.location))).toEqual(new Set([first.headers.location]));
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS / 2));
      expect(fetches('/burst')).toBe(1);

      await eventually(async () => fetches('/burst') === 2, WINDOW_MS + 5000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(fetches('/burst')).toBe(2);
    }, 30_000);
  });
});

const INLINE = STACKS.find((s) => s.queue === 'inline')!;

describe.each([1, 3])('fetches from one source host with send.perHostConcurrency %i', (perHost) => {
  let t: TestApp;
  let site: RemoteSite;
  let open = 0;
  let most = 0;
  beforeAll(async () => {
    site = await new RemoteSite().start();
    t = await startTestApp({ stack: INLINE, options: { concurrency: 4, send: { perHostConcurrency: perHost } } });
  });
  afterAll(async () => {
    await t?.close();
    await site?.stop();
  });

  it('never has more requests open at the host than the limit shared with sending', async () => {
    const paths = ['/h1', '/h2', '/h3', '/h4', '/h5', '/h6'];
    for (const path of paths) {
      site.routes.set(path, (_req, res) => {
        open++;
        most = Math.max(most, open);
        setTimeout(() => {
          open--;
          res.writeHead(200, { 'Content-Type': 'text/html' }).end(linkTo(TARGET));
        }, 150);
      });
    }
    await submitEach(
      t,
      paths.map((path) => site.url(path)),
      TARGET,
    );
    const repo = t.app.get(DataSource).getRepository(Webmention);
    await eventually(async () => (await repo.countBy({ status: 'verified' })) === paths.length, 15_000);
    // NOTE: with a limit of 3 the 4 verify slots do overlap at the host, so the check can fail.
    expect(most).toBe(perHost);
  }, 30_000);
});

describe('a full in-process queue', () => {
  let t: TestApp;
  let site: RemoteSite;
  const held: ServerResponse[] = [];
  beforeAll(async () => {
    site = await new RemoteSite().start();
    t = await startTestApp({ stack: INLINE, options: { maxQueuedJobs: 2, concurrency: 1 } });
  });
  afterAll(async () => {
    for (const res of held.splice(0)) res.end();
    await t?.close();
    await site?.stop();
  });

  it('answers 503 with Retry-After and stores nothing; what it accepted is verified', async () => {
    for (const path of ['/q1', '/q2', '/q3', '/q4']) site.routes.set(path, (_req, res) => held.push(res));
    const post = (path: string) =>
      request(t.url)
        .post('/webmention')
        .set('Accept', 'application/json')
        .type('form')
        .send({ source: site.url(path), target: TARGET });
    await post('/q1').expect(201);
    await eventually(async () => held.length === 1); // q1 runs; q2 and q3 fill the queue
    await post('/q2').expect(201);
    await post('/q3').expect(201);
    const refused = await post('/q4');
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.body.error).toBe('temporarily_unavailable');
    const repo = t.app.get(DataSource).getRepository(Webmention);
    expect(await repo.countBy({ sourceUrl: site.url('/q4') })).toBe(0);

    const release = () => {
      for (const res of held.splice(0)) res.writeHead(200, { 'Content-Type': 'text/html' }).end(linkTo(TARGET));
    };
    await eventually(async () => {
      release();
      return (await repo.countBy({ status: 'verified' })) === 3;
    }, 15_000);
    await post('/q4').expect(201);
  }, 30_000);
});
