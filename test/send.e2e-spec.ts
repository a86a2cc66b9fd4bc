/**
 * Sending Webmentions end to end: `WebmentionSender` from a running app against real endpoint servers on 127.0.0.1,
 * directly (`send`) and through the queue (`queueSend`), on both storage + queue stacks.
 */
import { EventEmitter2 } from '@nestjs/event-emitter';
import { OutgoingWebmention, OutgoingWebmentionStore, WebmentionEvent, WebmentionSender } from 'nestjs-webmention';
import { sendJob, WebmentionQueue } from 'nestjs-webmention/testing';
import { RemoteSite } from './support/remote-site';
import { ReceivedPost, ReceiverSite } from './support/send-sites';
import { describeWith } from './support/services';
import { eventually, STACKS, startTestApp, TestApp } from './support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const links = (...urls: string[]) =>
  `<article class="h-entry">${urls.map((u, i) => `<a href="${u}">link ${i}</a>`).join(' ')}</article>`;

/** Expects exactly one form-encoded POST carrying exactly `source` and `target`. */
function expectOneMention(posts: ReceivedPost[], source: string, target: string): void {
  expect(posts).toHaveLength(1);
  expect(posts[0].contentType).toMatch(/^application\/x-www-form-urlencoded/);
  expect(posts[0].fields.sort()).toEqual([
    ['source', source],
    ['target', target],
  ]);
}

describe.each(STACKS)('sending Webmentions on $name', (stack) => {
  describeWith(stack.services, 'WebmentionSender', () => {
    let t: TestApp;
    let sender: WebmentionSender;
    let store: OutgoingWebmentionStore;
    let receiver: ReceiverSite;
    let origin: RemoteSite;
    const events: { name: string; outgoing: OutgoingWebmention; error?: string }[] = [];

    const rowsOf = (source: string) => store.listForSource(source);
    const rowOf = async (source: string, target: string) => (await rowsOf(source)).find((r) => r.targetUrl === target);

    beforeAll(async () => {
      receiver = await new ReceiverSite().start();
      origin = await new RemoteSite().start();
      t = await startTestApp({
        stack,
        options: { send: { retry: { attempts: 4, backoffMs: 50, maxBackoffMs: 5000 } } },
      });
      sender = t.app.get(WebmentionSender);
      store = t.app.get(OutgoingWebmentionStore);
      const emitter = t.app.get(EventEmitter2);
      emitter.on(WebmentionEvent.Sent, (p: { outgoing: OutgoingWebmention }) =>
        events.push({ name: WebmentionEvent.Sent, outgoing: p.outgoing }),
      );
      emitter.on(WebmentionEvent.SendFailed, (p: { outgoing: OutgoingWebmention; error: string }) =>
        events.push({ name: WebmentionEvent.SendFailed, outgoing: p.outgoing, error: p.error }),
      );
    }, 30_000);

    afterAll(async () => {
      await t?.close();
      await receiver?.stop();
      await origin?.stop();
    });

    it('a publish notifies every linked target once and records where each went', async () => {
      const ep202 = receiver.endpoint('/pub-a/wm', () => ({ status: 202, headers: { Location: '/status/pub-a' } }));
      const ep201 = receiver.endpoint('/pub-b/wm', () => ({
        status: 201,
        headers: { Location: 'https://receiver.example/mentions/7' },
      }));
      const a = receiver.target('/pub-a', '/pub-a/wm');
      const b = receiver.target('/pub-b', '/pub-b/wm');
      const none = receiver.target('/pub-none', null);
      const source = 'https://blog.example/posts/publish';

      const report = await sender.send(source, { html: links(a, b, none) });

      expect(report.error).toBeUndefined();
      expect(report.summary).toEqual({ sent: 2, failed: 0, noEndpoint: 1, skipped: 0, wouldSend: 0 });
      expectOneMention(receiver.received('/pub-a/wm'), source, a);
      expectOneMention(receiver.received('/pub-b/wm'), source, b);
      const rowA = await rowOf(source, a);
      expect(rowA).toMatchObject({
        status: 'sent',
        endpoint: ep202,
        httpStatus: 202,
        location: receiver.url('/status/pub-a'),
        attempts: 1,
        stillLinked: true,
        lastError: null,
      });
      expect(rowA?.sentAt).toBeInstanceOf(Date);
      expect(await rowOf(source, b)).toMatchObject({
        status: 'sent',
        endpoint: ep201,
        httpStatus: 201,
        location: 'https://receiver.example/mentions/7',
      });
      expect(await rowOf(source, none)).toMatchObject({
        status: 'no_endpoint',
        endpoint: null,
        httpStatus: null,
        sentAt: null,
      });
      expect(
        events
          .filter((e) => e.name === WebmentionEvent.Sent && e.outgoing.sourceUrl === source)
          .map((e) => e.outgoing.targetUrl)
          .sort(),
      ).toEqual([a, b].sort());
    }, 15_000);

    it('an update notifies remaining and removed targets again, discovering one-time endpoints afresh', async () => {
      const kept = receiver.oneTimeTarget('/upd-kept');
      const dropped = receiver.oneTimeTarget('/upd-dropped');
      const source = 'https://blog.example/posts/update';

      const first = await sender.send(source, { html: links(kept, dropped) });
      expect(first.summary.sent).toBe(2);
      const second = await sender.send(source, { html: links(kept) });

      expect(second.summary).toMatchObject({ sent: 2, failed: 0 });
      expect(second.targets.map((x) => [x.target, x.status, x.httpStatus, x.stillLinked])).toEqual([
        [kept, 'sent', 202, true],
        [dropped, 'sent', 202, false],
      ]);
      const posts = receiver.received('/once');
      expect(posts).toHaveLength(4);
      // NOTE: each POST went to a URL issued by its own page view; a reused endpoint would have answered 410.
      expect(new Set(posts.map((p) => p.url)).size).toBe(4);
      expect(receiver.views('/upd-kept')).toBeGreaterThanOrEqual(2);
      expect(await rowOf(source, dropped)).toMatchObject({ status: 'sent', stillLinked: false, attempts: 2 });
      expect(await rowOf(source, kept)).toMatchObject({ status: 'sent', stillLinked: true, attempts: 2 });
    }, 15_000);

    it('a source answering 410 notifies every earlier target', async () => {
      receiver.endpoint('/del-a/wm');
      receiver.endpoint('/del-b/wm');
      const a = receiver.target('/del-a', '/del-a/wm');
      const b = receiver.target('/del-b', '/del-b/wm');
      const source = origin.page('/posts/deleted', `<!doctype html>${links(a, b)}`);

      const published = await sender.send(source);
      expect(published).toMatchObject({ deleted: false, summary: { sent: 2 } });
      origin.page('/posts/deleted', '<!doctype html><p>This post was deleted.</p>', 410);
      const deleted = await sender.send(source);

      expect(deleted.deleted).toBe(true);
      expect(deleted.targets.map((x) => [x.target, x.status, x.stillLinked]).sort()).toEqual(
        [
          [a, 'sent', false],
          [b, 'sent', false],
        ].sort(),
      );
      for (const [path, target] of [
        ['/del-a/wm', a],
        ['/del-b/wm', b],
      ]) {
        const posts = receiver.received(path);
        expect(posts).toHaveLength(2);
        expect(posts[1].fields.sort()).toEqual([
          ['source', source],
          ['target', target],
        ]);
      }
      expect(origin.hits.filter((h) => h.path === '/posts/deleted')).toHaveLength(2);
    }, 15_000);

    it('queueSend notifies through the queue, and a queued delete notifies every earlier target', async () => {
      receiver.endpoint('/q-a/wm');
      receiver.endpoint('/q-b/wm');
      const a = receiver.target('/q-a', '/q-a/wm');
      const b = receiver.target('/q-b', '/q-b/wm');
      const source = 'https://blog.example/posts/queued';

      expect(await sender.queueSend(source, { html: links(a, b) })).toBe('queued');
      await eventually(async () => (await rowsOf(source)).filter((r) => r.status === 'sent').length === 2, 10_000);
      expectOneMention(receiver.received('/q-a/wm'), source, a);
      expectOneMention(receiver.received('/q-b/wm'), source, b);
      // NOTE: the event follows the row's write, so it is waited for too.
      const sent = () => events.filter((e) => e.name === WebmentionEvent.Sent && e.outgoing.sourceUrl === source);
      await eventually(async () => sent().length >= 2, 5000);
      expect(sent()).toHaveLength(2);

      expect(await sender.queueSend(source, { deleted: true })).toBe('queued');
      await eventually(
        async () =>
          (await rowsOf(source)).filter((r) => r.status === 'sent' && !r.stillLinked && r.attempts === 2).length === 2,
        10_000,
      );
      expect(receiver.received('/q-a/wm')).toHaveLength(2);
      expect(receiver.received('/q-b/wm')).toHaveLength(2);
    }, 25_000);

    it('runs a send job queued twice once: a copy asked for before a delivery that ended does not notify again', async () => {
      // NOTE: what a sweep racing a job Redis lost, or a stalled job run again, amounts to: the same job, twice.
      receiver.endpoint('/twice/wm');
      const target = receiver.target('/twice', '/twice/wm');
      const source = 'https://blog.example/posts/sent-twice';
      await store.ensure(source, target);
      const queue = t.app.get(WebmentionQueue);
      const once = { attempts: 1, backoffMs: 50, maxBackoffMs: 50 };
      const job = sendJob({ source, target, stillLinked: true }, once);
      expect(await queue.enqueue(job)).toBe('queued');
      await eventually(async () => (await rowOf(source, target))?.status === 'sent', 10_000);
      await eventually(async () => (await queue.enqueue(job)) === 'queued', 5000);
      await sleep(300);
      expect(receiver.received('/twice/wm')).toHaveLength(1);

      // A job asked for now (an update of the post) notifies again.
      expect(await queue.enqueue(sendJob({ source, target, stillLinked: true }, once))).toBe('queued');
      await eventually(async () => receiver.received('/twice/wm').length === 2, 10_000);
    }, 25_000);

    it('retries an endpoint failing with 500 until it accepts, counting every attempt', async () => {
      receiver.endpoint('/r500/wm', (n) => (n <= 2 ? { status: 500, body: 'database is down' } : { status: 202 }));
      const target = receiver.target('/r500', '/r500/wm');
      const source = 'https://blog.example/posts/retry-500';

      await sender.queueSend(source, { html: links(target) });
      const row = await eventually(async () => {
        const r = await rowOf(source, target);
        return r?.status === 'sent' ? r : null;
      }, 10_000);

      expect(row).toMatchObject({ status: 'sent', attempts: 3, httpStatus: 202, lastError: null });
      await sleep(300);
      expect(receiver.received('/r500/wm').map((p) => p.fields.sort())).toEqual(
        Array(3).fill([
          ['source', source],
          ['target', target],
        ]),
      );
    }, 20_000);

    it('honours Retry-After of a 429 before trying again', async () => {
      receiver.endpoint('/r429/wm', (n) =>
        n === 1 ? { status: 429, headers: { 'Retry-After': '1' }, body: 'slow down' } : { status: 202 },
      );
      const target = receiver.target('/r429', '/r429/wm');
      const source = 'https://blog.example/posts/retry-429';

      await sender.queueSend(source, { html: links(target) });
      await eventually(async () => (await rowOf(source, target))?.status === 'sent', 10_000);

      const posts = receiver.received('/r429/wm');
      expect(posts).toHaveLength(2);
      const waited = posts[1].at - posts[0].at;
      // NOTE: the configured backoff is 50 ms, so a wait near a second can only come from Retry-After.
      expect(waited).toBeGreaterThanOrEqual(900);
      expect(waited).toBeLessThan(4000);
      expect(await rowOf(source, target)).toMatchObject({ status: 'sent', attempts: 2 });
    }, 20_000);

    it('treats a 400 as permanent: one attempt, failed, and a send_failed event', async () => {
      receiver.endpoint('/r400/wm', () => ({ status: 400, body: 'target is not on this site' }));
      const target = receiver.target('/r400', '/r400/wm');
      const source = 'https://blog.example/posts/refused';

      await sender.queueSend(source, { html: links(target) });
      const row = await eventually(async () => {
        const r = await rowOf(source, target);
        return r?.status === 'failed' ? r : null;
      }, 10_000);

      expect(row).toMatchObject({ status: 'failed', attempts: 1, httpStatus: 400, sentAt: null });
      expect(row.lastError).toContain('HTTP 400');
      await sleep(400);
      expect(receiver.received('/r400/wm')).toHaveLength(1);
      const failed = events.filter((e) => e.name === WebmentionEvent.SendFailed && e.outgoing.sourceUrl === source);
      expect(failed).toHaveLength(1);
      expect(failed[0].outgoing).toMatchObject({ targetUrl: target, status: 'failed' });
      expect(failed[0].error).toContain('HTTP 400');
      expect(events.some((e) => e.name === WebmentionEvent.Sent && e.outgoing.sourceUrl === source)).toBe(false);
    }, 15_000);

    it('a delete planned while a delivery waits for its retry leaves the pair marked as no longer linked', async () => {
      receiver.endpoint('/stale/wm', (n) =>
        n === 1 ? { status: 503, headers: { 'Retry-After': '1' } } : { status: 202 },
      );
      const target = receiver.target('/stale', '/stale/wm');
      const source = 'https://blog.example/posts/deleted-during-retry';

      await sender.queueSend(source, { html: links(target) });
      await eventually(
        async () => receiver.received('/stale/wm').length === 1 && (await rowOf(source, target))?.attempts === 1,
        5_000,
      );
      await sleep(200);
      await sender.queueSend(source, { deleted: true });
      await eventually(async () => (await rowOf(source, target))?.stillLinked === false, 5_000);
      const row = await eventually(async () => {
        const r = await rowOf(source, target);
        return r?.status === 'sent' ? r : null;
      }, 10_000);

      // NOTE: the waiting retry stands for the delete's delivery too; it must not restore the old stillLinked.
      expect(row).toMatchObject({ status: 'sent', stillLinked: false, attempts: 2 });
      await sleep(300);
      expect(receiver.received('/stale/wm')).toHaveLength(2);
    }, 20_000);

    describe('per-host concurrency', () => {
      let slow: ReceiverSite;
      beforeAll(async () => {
        slow = await new ReceiverSite().start();
        slow.endpoint('/wm', () => ({ status: 202, delayMs: 300 }));
      });
      afterAll(() => slow?.stop());
      const targets = (prefix: string) => Array.from({ length: 6 }, (_, i) => slow.target(`/${prefix}-${i}`, '/wm'));

      it('send() never has more than perHostConcurrency requests in flight to one host', async () => {
        slow.maxActive = 0;
        const report = await sender.send('https://blog.example/posts/many-direct', {
          html: links(...targets('direct')),
        });
        expect(report.summary.sent).toBe(6);
        expect(slow.maxActive).toBe(2);
      }, 15_000);

      it('queued deliveries never have more than perHostConcurrency requests in flight to one host', async () => {
        slow.maxActive = 0;
        const source = 'https://blog.example/posts/many-queued';
        await sender.queueSend(source, { html: links(...targets('queued')) });
        await eventually(async () => (await rowsOf(source)).filter((r) => r.status === 'sent').length === 6, 12_000);
        expect(slow.maxActive).toBeLessThanOrEqual(2);
        expect(slow.received('/wm')).toHaveLength(12);
      }, 20_000);
    });

    it('drops links to the source’s own host unless sendToOwnHost', async () => {
      receiver.endpoint('/own/wm');
      const other = receiver.target('/own', '/own/wm');
      const source = 'https://blog.example/posts/own-host';

      const report = await sender.send(source, {
        html: links('https://blog.example/about', 'https://www.blog.example/x', '/relative', other),
      });

      expect(report.targets.map((x) => x.target)).toEqual([other]);
      expect((await rowsOf(source)).map((r) => r.targetUrl)).toEqual([other]);
    }, 15_000);
  });

  describeWith(stack.services, 'fan-out cap', () => {
    let t: TestApp;
    let receiver: ReceiverSite;
    beforeAll(async () => {
      receiver = await new ReceiverSite().start();
      t = await startTestApp({ stack, options: { send: { maxTargets: 3 } } });
    }, 30_000);
    afterAll(async () => {
      await t?.close();
      await receiver?.stop();
    });

    it('sends to the first maxTargets links, reports and records the rest as skipped, and never notifies those later', async () => {
      const sender = t.app.get(WebmentionSender);
      const store = t.app.get(OutgoingWebmentionStore);
      const targets = Array.from({ length: 5 }, (_, i) => {
        receiver.endpoint(`/cap-${i}/wm`);
        return receiver.target(`/cap-${i}`, `/cap-${i}/wm`);
      });
      const source = 'https://blog.example/posts/capped';

      const report = await sender.send(source, { html: links(...targets) });

      expect(report.summary).toMatchObject({ sent: 3, skipped: 2 });
      expect(report.overflow).toEqual(targets.slice(3));
      const rows = await store.listForSource(source);
      expect(
        rows
          .filter((r) => r.status === 'sent')
          .map((r) => r.targetUrl)
          .sort(),
      ).toEqual(targets.slice(0, 3).sort());
      expect(
        rows
          .filter((r) => r.status === 'skipped')
          .map((r) => r.targetUrl)
          .sort(),
      ).toEqual(targets.slice(3).sort());
      expect(targets.map((_, i) => receiver.received(`/cap-${i}/wm`).length)).toEqual([1, 1, 1, 0, 0]);

      const emptied = await sender.send(source, { html: '<p>No links any more.</p>' });
      expect(emptied.targets.map((x) => x.target).sort()).toEqual(targets.slice(0, 3).sort());
      expect(targets.map((_, i) => receiver.received(`/cap-${i}/wm`).length)).toEqual([2, 2, 2, 0, 0]);
    }, 15_000);
  });

  describeWith(stack.services, 'address guard on', () => {
    let t: TestApp;
    let receiver: ReceiverSite;
    beforeAll(async () => {
      receiver = await new ReceiverSite().start();
      // NOTE: the target is reachable through `localhost` (allowed); the endpoint it advertises is a loopback literal.
      t = await startTestApp({
        stack,
        options: { http: { allowPrivateAddresses: false, allowedHosts: ['localhost'], timeoutMs: 3000 } },
      });
    }, 30_000);
    afterAll(async () => {
      await t?.close();
      await receiver?.stop();
    });

    it('does not POST to a loopback endpoint advertised by a target', async () => {
      const sender = t.app.get(WebmentionSender);
      receiver.endpoint('/guarded/wm');
      const target = receiver.target('/guarded', receiver.url('/guarded/wm')).replace('127.0.0.1', 'localhost');
      const source = 'https://blog.example/posts/guarded';

      const report = await sender.send(source, { html: links(target) });

      expect(receiver.views('/guarded')).toBeGreaterThanOrEqual(1);
      expect(report.targets).toHaveLength(1);
      expect(report.targets[0]).toMatchObject({ target, status: 'failed', endpoint: null });
      expect(report.targets[0].error).toMatch(/not a public address/);
      expect(receiver.received('/guarded/wm')).toHaveLength(0);
      expect(receiver.hits.filter((h) => h.method === 'POST')).toHaveLength(0);
    }, 15_000);
  });
});
