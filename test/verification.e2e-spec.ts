import request from 'supertest';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainListSpamChecker, ReverifyService } from 'nestjs-webmention';
import { verifyJob, WebmentionQueue } from 'nestjs-webmention/testing';
import { describeWith } from './support/services';
import { eventually, STACKS, TEST_OPTIONS } from './support/test-app';
import {
  BrokenSpamChecker,
  httpOptions,
  KnownPostResolver,
  largeBody,
  RecordingCommentAdapter,
  redirect,
  sequence,
  ShoutingSpamChecker,
  sleep,
  stallingBody,
  useVerificationApp,
} from './support/verification-harness';

jest.setTimeout(20_000);

const TARGET = 'https://blog.example/posts/hello';
/** Retries as in the fixture, but with room for a one-second Retry-After (it is capped by maxBackoffMs). */
const RETRY = { ...TEST_OPTIONS.verifyRetry, maxBackoffMs: 5000 };
/** Long enough for any retry a finished verification could still have scheduled to have happened. */
const QUIET_MS = 400;

const linkTo = (target: string, text = 'this post') => `<!doctype html><p>About <a href="${target}">${text}</a>.</p>`;

const replyEntry = (target: string, content: string, author = 'Alice') => `<!doctype html>
<article class="h-entry">
  <a class="p-author h-card" href="https://alice.example/">${author}</a>
  <a class="u-in-reply-to" href="${target}">in reply to</a>
  <p class="e-content">${content}</p>
  <time class="dt-published" datetime="2024-05-01T10:00:00Z">1 May 2024</time>
</article>`;

describe.each(STACKS)('verification on $name', (stack) => {
  describeWith(stack.services, 'with the default policy', () => {
    const h = useVerificationApp(stack, {
      // NOTE: 127.0.0.1 is also a target host here, so relative links on the remote site can point at a target.
      options: { targetHosts: ['blog.example', '127.0.0.1'], verifyRetry: RETRY },
    });

    it('verifies a source linking to the target, emitting received then verified, created only the first time', async () => {
      const source = h.site.page('/basic', linkTo(TARGET));
      const since = h.events.length;
      const row = await h.submitAndSettle(source, TARGET);
      expect(row).toMatchObject({
        status: 'verified',
        failureReason: null,
        failureDetail: null,
        moderation: 'approved',
      });
      expect(row.verifiedAt).toBeInstanceOf(Date);
      expect(row.firstVerifiedAt?.getTime()).toBe(row.verifiedAt!.getTime());
      expect(h.eventsOf(row.id, since).map((e) => e.name)).toEqual(['webmention.received', 'webmention.verified']);
      expect(h.eventsOf(row.id, since).map((e) => e.payload.created)).toEqual([true, true]);

      await sleep(20);
      const again = h.events.length;
      expect(await h.submit(source, TARGET)).toBe(row.id);
      const second = await h.settle(row.id, again);
      expect(h.eventsOf(row.id, again).map((e) => [e.name, e.payload.created])).toEqual([
        ['webmention.received', false],
        ['webmention.verified', false],
      ]);
      expect(second.status).toBe('verified');
      expect(second.verifiedAt!.getTime()).toBeGreaterThan(row.verifiedAt!.getTime());
      expect(second.firstVerifiedAt!.getTime()).toBe(row.firstVerifiedAt!.getTime());
    });

    describe('redirects', () => {
      it.each([301, 302, 303, 307, 308])('follows a %d to a page linking to the target', async (status) => {
        const source = h.site.url(`/moved/${status}`);
        h.site.routes.set(`/moved/${status}`, redirect(status, `/landing/${status}`));
        h.site.page(`/landing/${status}`, linkTo(TARGET));
        const row = await h.submitAndSettle(source, TARGET);
        expect(row).toMatchObject({ status: 'verified', sourceUrl: source });
        expect(h.hitsOf(`/landing/${status}`)).toBe(1);
      });

      it('resolves relative links against the final URL, not the submitted one', async () => {
        const target = h.site.url('/deep/dir/target');
        const page = '<!doctype html><p>See <a href="target">that</a>.</p>';
        h.site.routes.set('/relative-start', redirect(302, '/deep/dir/page'));
        h.site.page('/deep/dir/page', page);
        const moved = await h.submitAndSettle(h.site.url('/relative-start'), target);
        expect(moved.status).toBe('verified');
        // NOTE: the same page at the submitted location resolves the link to /target: not a link to the target.
        const direct = await h.submitAndSettle(h.site.page('/relative-direct', page), target);
        expect(direct).toMatchObject({ status: 'failed', failureReason: 'link_removed' });
      });

      const chain = (name: string, length: number): string => {
        for (let i = 0; i < length; i++) h.site.routes.set(`/${name}/${i}`, redirect(302, `/${name}/${i + 1}`));
        h.site.page(`/${name}/${length}`, linkTo(TARGET));
        return h.site.url(`/${name}/0`);
      };

      it('follows a chain of five redirects', async () => {
        const row = await h.submitAndSettle(chain('five', 5), TARGET);
        expect(row.status).toBe('verified');
      });

      it('fails a chain of six redirects with too_many_redirects, fetched once', async () => {
        const row = await h.submitAndSettle(chain('six', 6), TARGET);
        expect(row).toMatchObject({ status: 'failed', failureReason: 'too_many_redirects', verifiedAt: null });
        await sleep(QUIET_MS);
        expect(h.hitsOf('/six/0')).toBe(1);
        expect(h.hitsOf('/six/6')).toBe(0);
      });

      it('fails a redirect loop with too_many_redirects', async () => {
        h.site.routes.set('/loop/a', redirect(301, '/loop/b'));
        h.site.routes.set('/loop/b', redirect(301, '/loop/a'));
        const row = await h.submitAndSettle(h.site.url('/loop/a'), TARGET);
        expect(row).toMatchObject({ status: 'failed', failureReason: 'too_many_redirects' });
        expect(row.failureDetail).toMatch(/loop/);
        expect(h.hitsOf('/loop/a')).toBe(1);
      });

      it('fails a redirect to ftp: with unsupported_redirect', async () => {
        h.site.routes.set('/to-ftp', redirect(302, 'ftp://127.0.0.1/pub/reply.html'));
        const row = await h.submitAndSettle(h.site.url('/to-ftp'), TARGET);
        expect(row).toMatchObject({ status: 'failed', failureReason: 'unsupported_redirect', verifiedAt: null });
      });
    });

    describe('responses and documents', () => {
      const html = 'text/html; charset=utf-8';
      it.each([
        ['410 Gone', 410, html, linkTo(TARGET), 'failed', 'gone'],
        ['a 200 page without the link', 200, html, '<p>Nothing to see.</p>', 'failed', 'link_removed'],
        [
          'the link only in a comment',
          200,
          html,
          `<p>x</p><!-- <a href="${TARGET}">t</a> -->`,
          'failed',
          'link_removed',
        ],
        [
          'the link only in a script',
          200,
          html,
          `<script>document.write('<a href="${TARGET}">t</a>')</script>`,
          'failed',
          'link_removed',
        ],
        [
          'the link only as escaped text',
          200,
          html,
          `<pre>&lt;a href="${TARGET}"&gt;t&lt;/a&gt;</pre>`,
          'failed',
          'link_removed',
        ],
        ['the URL only as plain text', 200, html, `<p>I read ${TARGET} today.</p>`, 'failed', 'link_removed'],
        ['404', 404, html, linkTo(TARGET), 'failed', 'http_status'],
        ['an image', 200, 'image/png', `\x89PNG ${TARGET}`, 'failed', 'unsupported_content'],
        [
          'JSON with the target as a string value',
          200,
          'application/json',
          JSON.stringify({ type: 'Note', inReplyTo: TARGET }),
          'verified',
          null,
        ],
        [
          'JSON with the target only as a key',
          200,
          'application/json',
          JSON.stringify({ [TARGET]: true }),
          'failed',
          'link_removed',
        ],
        ['plain text containing the target', 200, 'text/plain', `Replying to ${TARGET} - yes.`, 'verified', null],
      ])('%s → %s', async (name, status, contentType, body, expectedStatus, reason) => {
        const path = `/doc/${name.replace(/\W+/g, '-')}`;
        h.site.routes.set(path, { status, headers: { 'Content-Type': contentType }, body });
        const row = await h.submitAndSettle(h.site.url(path), TARGET);
        expect(row).toMatchObject({ status: expectedStatus, failureReason: reason });
        expect(row.verifiedAt === null).toBe(expectedStatus !== 'verified');
        if (reason) expect(row.failureDetail).toEqual(expect.any(String));
      });
    });

    describe('matching policy', () => {
      const target = 'https://blog.example/posts/policy?a=1&b=2';
      it.each([
        ['exactly', target],
        ['with www.', 'https://www.blog.example/posts/policy?a=1&b=2'],
        ['with a trailing slash', 'https://blog.example/posts/policy/?a=1&b=2'],
        ['with a fragment', 'https://blog.example/posts/policy?a=1&b=2#comments'],
        ['with the query reordered', 'https://blog.example/posts/policy?b=2&a=1'],
        ['with the host in capitals', 'https://BLOG.Example/posts/policy?a=1&b=2'],
      ])('verifies a link to the target %s', async (name, href) => {
        const row = await h.submitAndSettle(
          h.site.page(`/policy/yes/${name.replace(/\W+/g, '-')}`, linkTo(href)),
          target,
        );
        expect(row.status).toBe('verified');
      });

      it.each([
        ['the path in another case', 'https://blog.example/Posts/policy?a=1&b=2'],
        ['another port', 'https://blog.example:8443/posts/policy?a=1&b=2'],
        ['http instead of https', 'http://blog.example/posts/policy?a=1&b=2'],
        ['a query parameter missing', 'https://blog.example/posts/policy?a=1'],
      ])('fails a link to %s', async (name, href) => {
        const row = await h.submitAndSettle(
          h.site.page(`/policy/no/${name.replace(/\W+/g, '-')}`, linkTo(href)),
          target,
        );
        expect(row).toMatchObject({ status: 'failed', failureReason: 'link_removed' });
      });
    });

    describe('a mention that changes at its source', () => {
      it('keeps what was parsed when it fails, emits failed and deleted, and verifies afresh when linked again', async () => {
        const path = '/changing/reply';
        const source = h.site.page(path, replyEntry(TARGET, 'Great post!'));
        const first = await h.submitAndSettle(source, TARGET);
        expect(first).toMatchObject({
          status: 'verified',
          mentionType: 'reply',
          authorName: 'Alice',
          authorUrl: 'https://alice.example/',
          content: 'Great post!',
        });
        expect(first.published?.toISOString()).toBe('2024-05-01T10:00:00.000Z');

        h.site.page(path, 'Gone for good', 410);
        let since = h.events.length;
        expect(await h.reverifier.reverify({ id: first.id })).toMatchObject({ matched: 1, queued: 1 });
        const gone = await h.settle(first.id, since);
        expect(gone).toMatchObject({
          status: 'failed',
          failureReason: 'gone',
          verifiedAt: null,
          mentionType: 'reply',
          authorName: 'Alice',
          authorUrl: 'https://alice.example/',
          content: 'Great post!',
          contentHtml: first.contentHtml,
          entry: first.entry,
        });
        expect(gone.published?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
        expect(gone.firstVerifiedAt?.getTime()).toBe(first.firstVerifiedAt!.getTime());
        await h.waitForEvent('webmention.deleted', first.id, since);
        expect(h.eventsOf(first.id, since).map((e) => [e.name, e.payload.reason])).toEqual([
          ['webmention.failed', 'gone'],
          ['webmention.deleted', 'gone'],
        ]);

        h.site.page(path, replyEntry(TARGET, 'Great post, edited.'));
        since = h.events.length;
        await h.submit(source, TARGET);
        const back = await h.settle(first.id, since);
        expect(back).toMatchObject({ status: 'verified', failureReason: null, content: 'Great post, edited.' });
        expect(back.verifiedAt!.getTime()).toBeGreaterThan(first.verifiedAt!.getTime());
        expect(h.eventsOf(first.id, since).find((e) => e.name === 'webmention.verified')?.payload.created).toBe(false);
      });

      it('emits deleted when the link is removed', async () => {
        const source = h.site.page('/changing/unlinked', linkTo(TARGET));
        const first = await h.submitAndSettle(source, TARGET);
        h.site.page('/changing/unlinked', '<p>I took the link out.</p>');
        const since = h.events.length;
        await h.reverifier.reverify({ id: first.id });
        expect(await h.settle(first.id, since)).toMatchObject({ status: 'failed', failureReason: 'link_removed' });
        await h.waitForEvent('webmention.deleted', first.id, since);
      });

      it('does not emit deleted when a verified source answers 404, nor for a mention that never verified', async () => {
        const source = h.site.page('/changing/missing', linkTo(TARGET));
        const first = await h.submitAndSettle(source, TARGET);
        h.site.page('/changing/missing', 'not found', 404);
        let since = h.events.length;
        await h.reverifier.reverify({ id: first.id });
        expect(await h.settle(first.id, since)).toMatchObject({ status: 'failed', failureReason: 'http_status' });
        await sleep(QUIET_MS);
        expect(h.eventsOf(first.id, since).map((e) => e.name)).toEqual(['webmention.failed']);

        const never = await h.submitAndSettle(h.site.page('/changing/never', 'bye', 410), TARGET);
        since = h.events.length;
        await h.reverifier.reverify({ id: never.id });
        await h.settle(never.id, since);
        await sleep(QUIET_MS);
        expect(h.eventsOf(never.id, since).map((e) => e.name)).toEqual(['webmention.failed']);
      });

      it('keeps a manual moderation decision when verified again', async () => {
        const target = 'https://blog.example/posts/moderated';
        const kept = await h.submitAndSettle(h.site.page('/moderated/kept', linkTo(target)), target);
        const row = await h.submitAndSettle(h.site.page('/moderated/rejected', linkTo(target)), target);
        await h.rows().update({ id: row.id }, { moderation: 'rejected' });
        const since = h.events.length;
        await h.reverifier.reverify({ id: row.id });
        expect(await h.settle(row.id, since)).toMatchObject({ status: 'verified', moderation: 'rejected' });
        const listed = await request(h.t.url).get('/webmentions').query({ target }).expect(200);
        expect(listed.body.items.map((i: { id: number }) => i.id)).toEqual([kept.id]);
      });
    });

    describe('retries', () => {
      it('retries transient failures: 503 twice, then 200 verifies on the third request', async () => {
        const route = sequence({ status: 503 }, { status: 503 }, { status: 200, body: linkTo(TARGET) });
        h.site.routes.set('/flaky', route);
        const row = await h.submitAndSettle(h.site.url('/flaky'), TARGET);
        expect(row.status).toBe('verified');
        expect(h.hitsOf('/flaky')).toBe(3);
        expect(h.eventsOf(row.id).filter((e) => e.name === 'webmention.failed')).toHaveLength(0);
      });

      it('gives up after the configured attempts on a source that stays 503', async () => {
        h.site.routes.set('/down', { status: 503, body: 'maintenance' });
        const row = await h.submitAndSettle(h.site.url('/down'), TARGET);
        expect(row).toMatchObject({ status: 'failed', failureReason: 'http_status' });
        expect(row.failureDetail).toMatch(/503/);
        await sleep(QUIET_MS);
        expect(h.hitsOf('/down')).toBe(RETRY.attempts);
        expect(h.eventsOf(row.id).filter((e) => e.name === 'webmention.failed')).toHaveLength(1);
      });

      it('waits as long as Retry-After asks before trying again after a 429', async () => {
        const route = sequence({ status: 429, headers: { 'Retry-After': '1' } }, { status: 200, body: linkTo(TARGET) });
        h.site.routes.set('/busy', route);
        const row = await h.submitAndSettle(h.site.url('/busy'), TARGET);
        expect(row.status).toBe('verified');
        expect(route.times).toHaveLength(2);
        const gap = route.times[1] - route.times[0];
        expect(gap).toBeGreaterThanOrEqual(900);
        expect(gap).toBeLessThan(4000);
      });

      it('shows on the status URL how many attempts were made, why the last failed and when the next is due', async () => {
        const route = sequence({ status: 429, headers: { 'Retry-After': '2' } }, { status: 200, body: linkTo(TARGET) });
        h.site.routes.set('/status-retry', route);
        const res = await h.post(h.site.url('/status-retry'), TARGET).expect(201);
        const statusPath = new URL(res.headers.location).pathname;
        const waiting = await eventually(async () => {
          const body = (await request(h.t.url).get(statusPath).expect(200)).body;
          return body.attempts === 1 ? body : null;
        });
        expect(waiting).toMatchObject({ status: 'pending', attempts: 1, retryReason: 'http_status' });
        const due = Date.parse(waiting.nextAttemptAt) - route.times[0];
        expect(due).toBeGreaterThanOrEqual(1500);
        expect(due).toBeLessThan(3500);
        const done = await eventually(async () => {
          const body = (await request(h.t.url).get(statusPath).expect(200)).body;
          return body.status === 'verified' ? body : null;
        });
        expect(done.attempts).toBe(2);
        expect(done).not.toHaveProperty('retryReason');
        expect(done).not.toHaveProperty('nextAttemptAt');
      });

      it('fetches a permanent failure exactly once', async () => {
        h.site.routes.set('/missing', { status: 404, body: 'no' });
        const row = await h.submitAndSettle(h.site.url('/missing'), TARGET);
        expect(row).toMatchObject({ status: 'failed', failureReason: 'http_status' });
        await sleep(QUIET_MS);
        expect(h.hitsOf('/missing')).toBe(1);
      });

      it.each([
        ['streamed', false],
        ['declared', true],
      ])('fails a 5 MB body (%s length) with too_large, fetched once', async (name, declared) => {
        const path = `/huge/${name}`;
        h.site.routes.set(path, largeBody(5 * 1024 * 1024, declared));
        const row = await h.submitAndSettle(h.site.url(path), TARGET);
        expect(row).toMatchObject({ status: 'failed', failureReason: 'too_large' });
        await sleep(QUIET_MS);
        expect(h.hitsOf(path)).toBe(1);
      });
    });

    it('never lets a slower fetch that started earlier overwrite a newer result', async () => {
      let requests = 0;
      h.site.routes.set('/race', (_req, res) => {
        const first = ++requests === 1;
        const answer = () =>
          res.writeHead(200, { 'Content-Type': 'text/html' }).end(first ? '<p>no link yet</p>' : linkTo(TARGET));
        if (first) setTimeout(answer, 1500);
        else answer();
      });
      const { webmention } = await h.store.upsertPair(h.site.url('/race'), TARGET, 'approved');
      const ctx = { attempt: 1, attempts: 1 };
      const slow = h.verification.verify(webmention.id, ctx);
      await eventually(async () => h.hitsOf('/race') === 1);
      await sleep(20);
      await h.verification.verify(webmention.id, ctx);
      const fast = await h.rows().findOneByOrFail({ id: webmention.id });
      expect(fast.status).toBe('verified');
      await slow;
      const after = await h.rows().findOneByOrFail({ id: webmention.id });
      expect(h.hitsOf('/race')).toBe(2);
      expect(after).toMatchObject({ status: 'verified', failureReason: null, fetchStartedAt: fast.fetchStartedAt });
      expect(h.eventsOf(webmention.id).map((e) => e.name)).toEqual(['webmention.verified']);
    });

    it('runs a job queued twice once: a copy asked for before a fetch that has stored its result does not fetch', async () => {
      // NOTE: what a sweep racing a job Redis lost, or a stalled job run again, amounts to: the same job, twice.
      const source = h.site.page('/twice', replyEntry(TARGET, 'Once.'));
      const { webmention } = await h.store.upsertPair(source, TARGET, 'approved');
      const once = { attempts: 1, backoffMs: 100, maxBackoffMs: 100 };
      const job = verifyJob(webmention.id, once);
      const queue = h.t.app.get(WebmentionQueue);
      expect(await queue.enqueue(job)).toBe('queued');
      await eventually(async () => (await h.rows().findOneByOrFail({ id: webmention.id })).status === 'verified');
      await eventually(async () => (await queue.enqueue(job)) === 'queued');
      await sleep(QUIET_MS);
      expect(h.hitsOf('/twice')).toBe(1);
      expect(h.eventsOf(webmention.id).map((e) => e.name)).toEqual(['webmention.verified']);

      // A job asked for now (a resubmission, a re-verification) fetches again.
      expect(await queue.enqueue(verifyJob(webmention.id, once))).toBe('queued');
      await eventually(async () => h.hitsOf('/twice') === 2);
    });
  });

  describeWith(stack.services, 'with a short timeout', () => {
    const h = useVerificationApp(stack, { options: { http: httpOptions({ timeoutMs: 500 }) } });

    it('retries a body that does not arrive in time, then fails with timeout', async () => {
      h.site.routes.set('/slow', stallingBody);
      const started = Date.now();
      const row = await h.submitAndSettle(h.site.url('/slow'), TARGET);
      expect(row).toMatchObject({ status: 'failed', failureReason: 'timeout', verifiedAt: null });
      expect(h.hitsOf('/slow')).toBe(TEST_OPTIONS.verifyRetry!.attempts);
      expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 500);
    });
  });

  describeWith(stack.services, 'reverifying by status', () => {
    const h = useVerificationApp(stack);

    it('queues every failed mention again and they verify once their sources are fixed', async () => {
      const a = await h.submitAndSettle(h.site.page('/fix/a', 'oops', 404), TARGET);
      const b = await h.submitAndSettle(h.site.page('/fix/b', '<p>no link</p>'), TARGET);
      const ok = await h.submitAndSettle(h.site.page('/fix/ok', linkTo(TARGET)), TARGET);
      expect([a.status, b.status, ok.status]).toEqual(['failed', 'failed', 'verified']);
      h.site.page('/fix/a', linkTo(TARGET));
      h.site.page('/fix/b', linkTo(TARGET));
      const okHits = h.hitsOf('/fix/ok');
      const since = h.events.length;
      expect(await h.reverifier.reverify({ status: 'failed' })).toEqual({
        matched: 2,
        queued: 2,
        alreadyQueued: 0,
        unavailable: 0,
      });
      expect(await h.settle(a.id, since)).toMatchObject({ status: 'verified', failureReason: null });
      expect(await h.settle(b.id, since)).toMatchObject({ status: 'verified', failureReason: null });
      expect(h.hitsOf('/fix/ok')).toBe(okHits);
    });

    it('explains what is missing from an empty or invalid selection', async () => {
      expect(ReverifyService.validate({})).toMatch(/id, a target URL or a status/);
      expect(ReverifyService.validate({ id: 0 })).toMatch(/id/);
      expect(ReverifyService.validate({ target: 'nope' })).toMatch(/target/);
      expect(ReverifyService.validate({ status: 'deleted' as never })).toMatch(/status/);
      expect(ReverifyService.validate({ status: 'failed' })).toBeNull();
      await expect(h.reverifier.reverify({})).rejects.toThrow(/choose what to verify/);
    });
  });

  describeWith(stack.services, 'with a blocking spam checker', () => {
    const h = useVerificationApp(stack, {
      options: { spamChecker: new DomainListSpamChecker({ blockedHosts: ['127.0.0.1'] }) },
    });

    it('marks a mention from a blocked host as spam without applying what was parsed', async () => {
      const source = h.site.page('/spam', replyEntry(TARGET, 'Cheap pills', 'Spammer'));
      const { webmention } = await h.store.upsertPair(source, TARGET, 'approved');
      await h.rows().update({ id: webmention.id }, { authorName: 'Earlier', content: 'earlier content' });
      const since = h.events.length;
      await h.reverifier.reverify({ id: webmention.id });
      const row = await h.settle(webmention.id, since);
      expect(row).toMatchObject({
        status: 'spam',
        verifiedAt: null,
        firstVerifiedAt: null,
        authorName: 'Earlier',
        content: 'earlier content',
        mentionType: 'mention',
        published: null,
        spamCheckResult: { isSpam: true, confidence: 1, details: { rule: 'blocked_host', host: '127.0.0.1' } },
      });
      expect(h.eventsOf(webmention.id, since).map((e) => e.name)).toEqual(['webmention.spam']);
      const listed = await request(h.t.url).get('/webmentions').query({ target: TARGET }).expect(200);
      expect(listed.body.items).toHaveLength(0);
    });
  });

  describeWith(stack.services, 'with a spam checker that throws', () => {
    const h = useVerificationApp(stack, { options: { spamChecker: new BrokenSpamChecker() } });

    it('verifies the mention but holds it for moderation, recording the error', async () => {
      const row = await h.submitAndSettle(h.site.page('/unchecked', linkTo(TARGET)), TARGET);
      expect(row).toMatchObject({
        status: 'verified',
        moderation: 'pending',
        spamCheckResult: { isSpam: false, confidence: 0, error: true, details: { error: 'spam service unreachable' } },
      });
      expect(row.verifiedAt).toBeInstanceOf(Date);
      const listed = await request(h.t.url).get('/webmentions').query({ target: TARGET }).expect(200);
      expect(listed.body.items).toHaveLength(0);
    });

    it('leaves a rejected mention rejected', async () => {
      const row = await h.submitAndSettle(h.site.page('/rejected', linkTo(TARGET)), TARGET);
      await h.rows().update({ id: row.id }, { moderation: 'rejected' });
      const since = h.events.length;
      await h.reverifier.reverify({ id: row.id });
      expect(await h.settle(row.id, since)).toMatchObject({ status: 'verified', moderation: 'rejected' });
    });
  });

  describeWith(stack.services, 'with moderation before publication', () => {
    const h = useVerificationApp(stack, { options: { initialModeration: 'pending' } });

    it('holds verified mentions as pending and keeps them out of the read API until approved', async () => {
      const row = await h.submitAndSettle(h.site.page('/held', linkTo(TARGET)), TARGET);
      expect(row).toMatchObject({ status: 'verified', moderation: 'pending' });
      const hidden = await request(h.t.url).get('/webmentions').query({ target: TARGET }).expect(200);
      expect(hidden.body.items).toHaveLength(0);
      await h.rows().update({ id: row.id }, { moderation: 'approved' });
      const shown = await request(h.t.url).get('/webmentions').query({ target: TARGET }).expect(200);
      expect(shown.body.items.map((i: { id: number }) => i.id)).toEqual([row.id]);
    });
  });

  describeWith(stack.services, 'with auto-approved hosts', () => {
    const h = useVerificationApp(stack, { options: { initialModeration: 'pending', autoApproveHosts: ['127.0.0.1'] } });

    it('approves mentions from those hosts', async () => {
      const row = await h.submitAndSettle(h.site.page('/trusted', linkTo(TARGET)), TARGET);
      expect(row).toMatchObject({ status: 'verified', moderation: 'approved' });
      const shown = await request(h.t.url).get('/webmentions').query({ target: TARGET }).expect(200);
      expect(shown.body.items.map((i: { id: number }) => i.id)).toEqual([row.id]);
    });

    it('stores the result once, without retrying, when an event listener throws', async () => {
      const emitter = h.t.app.get(EventEmitter2);
      const sync = () => {
        throw new Error('listener bug');
      };
      const rejecting = async () => {
        throw new Error('async listener bug');
      };
      emitter.on('webmention.verified', sync);
      emitter.on('webmention.failed', rejecting);
      try {
        const target = 'https://blog.example/posts/listeners';
        const good = await h.submitAndSettle(h.site.page('/listeners/good', linkTo(target)), target);
        const bad = await h.submitAndSettle(h.site.page('/listeners/bad', 'gone', 410), target);
        expect(good).toMatchObject({ status: 'verified', moderation: 'approved' });
        expect(bad).toMatchObject({ status: 'failed', failureReason: 'gone' });
        // NOTE: a listener's error that escaped would fail the job and have the source fetched again.
        await sleep(QUIET_MS);
        expect([h.hitsOf('/listeners/good'), h.hitsOf('/listeners/bad')]).toEqual([1, 1]);
      } finally {
        emitter.off('webmention.verified', sync);
        emitter.off('webmention.failed', rejecting);
      }
    });
  });

  describeWith(stack.services, 'with a comment adapter and a URL resolver', () => {
    const comments = new RecordingCommentAdapter();
    const KNOWN = 'https://blog.example/posts/known';
    const h = useVerificationApp(stack, {
      options: {
        commentAdapter: comments,
        urlResolver: new KnownPostResolver(),
        spamChecker: new ShoutingSpamChecker(),
        // NOTE: the replies' author (alice.example) has no page to confirm it; this suite is about comments.
        authorship: { fetchAuthorPage: false },
      },
    });

    it('refuses targets the resolver does not know', async () => {
      const res = await h.post(
        h.site.page('/c/unknown', linkTo('https://blog.example/posts/unknown')),
        'https://blog.example/posts/unknown',
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('target_not_accepted');
      expect(await h.rows().count()).toBe(0);
    });

    it('creates the comment when verified and approved, and removes it when the mention fails', async () => {
      const path = '/c/reply';
      const row = await h.submitAndSettle(h.site.page(path, replyEntry(KNOWN, 'Lovely')), KNOWN);
      expect(row).toMatchObject({ status: 'verified', moderation: 'approved' });
      expect(comments.callsOf(row.id)).toEqual([
        { op: 'upsert', id: row.id, status: 'verified', moderation: 'approved', contentObject: { slug: 'known' } },
      ]);
      expect(comments.comments.get(row.id)).toEqual({ contentObject: { slug: 'known' }, content: 'Lovely' });

      h.site.page(path, 'gone', 410);
      const since = h.events.length;
      await h.reverifier.reverify({ id: row.id });
      await h.settle(row.id, since);
      expect(comments.callsOf(row.id).map((c) => [c.op, c.status])).toEqual([
        ['upsert', 'verified'],
        ['remove', 'failed'],
      ]);
      expect(comments.comments.has(row.id)).toBe(false);
    });

    it('removes the comment when a verified mention turns out to be spam', async () => {
      const path = '/c/turns-spam';
      const row = await h.submitAndSettle(h.site.page(path, replyEntry(KNOWN, 'Thanks!')), KNOWN);
      expect(comments.comments.has(row.id)).toBe(true);
      h.site.page(path, replyEntry(KNOWN, 'BUY NOW cheap watches'));
      const since = h.events.length;
      await h.reverifier.reverify({ id: row.id });
      expect(await h.settle(row.id, since)).toMatchObject({ status: 'spam', content: 'Thanks!' });
      expect(comments.callsOf(row.id).map((c) => [c.op, c.status])).toEqual([
        ['upsert', 'verified'],
        ['remove', 'spam'],
      ]);
      expect(comments.comments.has(row.id)).toBe(false);
    });

    it('does not create a comment for a mention awaiting moderation', async () => {
      const { webmention } = await h.store.upsertPair(h.site.page('/c/held', linkTo(KNOWN)), KNOWN, 'pending');
      await h.verification.verify(webmention.id, { attempt: 1, attempts: 1 });
      expect(await h.rows().findOneByOrFail({ id: webmention.id })).toMatchObject({
        status: 'verified',
        moderation: 'pending',
      });
      expect(comments.callsOf(webmention.id)).toEqual([]);
    });
  });

  describeWith(stack.services, 'with the address guard on', () => {
    const h = useVerificationApp(stack, { options: { http: httpOptions({ allowPrivateAddresses: false }) } });

    it.each([
      ['127.0.0.1', (port: string) => `http://127.0.0.1:${port}/guarded`],
      ['localhost', (port: string) => `http://localhost:${port}/guarded`],
      ['[::1]', (port: string) => `http://[::1]:${port}/guarded`],
    ])('fails a source on %s with blocked_address without requesting it', async (_name, sourceOf) => {
      h.site.page('/guarded', linkTo(TARGET));
      const row = await h.submitAndSettle(sourceOf(new URL(h.site.origin).port), TARGET);
      expect(row).toMatchObject({ status: 'failed', failureReason: 'blocked_address', verifiedAt: null });
      await sleep(QUIET_MS);
      expect(h.site.hits).toEqual([]);
    });
  });

  describeWith(stack.services, 'with author pages not fetched', () => {
    const h = useVerificationApp(stack, { options: { authorship: { fetchAuthorPage: false } } });

    it('stores the author URL as name and url when author pages are not fetched', async () => {
      h.site.page(
        '/me',
        '<div class="h-card"><a class="u-url u-uid" href="/me"><span class="p-name">Ada</span></a></div>',
      );
      const source = h.site.page(
        '/by-url',
        `<article class="h-entry"><a class="u-author" href="/me">my site</a><p class="e-content">Nice <a href="${TARGET}">post</a></p></article>`,
      );
      const row = await h.submitAndSettle(source, TARGET);
      expect(row).toMatchObject({
        status: 'verified',
        authorName: h.site.url('/me'),
        authorUrl: h.site.url('/me'),
        authorPhoto: null,
        authorVerified: null,
      });
      expect(h.hitsOf('/me')).toBe(0);
    });
  });

  describeWith(stack.services, 'with author pages fetched', () => {
    const h = useVerificationApp(stack, { options: { authorship: { fetchAuthorPage: true } } });

    it("takes the author from the representative h-card of the author's page", async () => {
      h.site.page(
        '/me',
        `<!doctype html><body><div class="h-card"><a class="u-url u-uid" href="/me"><span class="p-name">Ada Lovelace</span></a>` +
          `<img class="u-photo" src="/ada.png" alt=""></div><div class="h-card"><span class="p-name">A friend</span></div></body>`,
      );
      const source = h.site.page(
        '/by-url',
        `<article class="h-entry"><a class="u-author" href="/me">my site</a><p class="e-content">Nice <a href="${TARGET}">post</a></p></article>`,
      );
      const row = await h.submitAndSettle(source, TARGET);
      expect(row).toMatchObject({
        status: 'verified',
        authorName: 'Ada Lovelace',
        authorUrl: h.site.url('/me'),
        authorPhoto: h.site.url('/ada.png'),
      });
      expect(h.hitsOf('/me')).toBe(1);
    });

    it('keeps the author URL when the author page has no representative h-card', async () => {
      h.site.page('/nobody', '<p>Just a page</p>');
      const source = h.site.page(
        '/by-url-2',
        `<article class="h-entry"><a class="u-author" href="/nobody">me</a><p class="e-content"><a href="${TARGET}">t</a></p></article>`,
      );
      const row = await h.submitAndSettle(source, TARGET);
      expect(row).toMatchObject({
        status: 'verified',
        authorName: h.site.url('/nobody'),
        authorUrl: h.site.url('/nobody'),
        authorPhoto: null,
      });
    });
  });
});
