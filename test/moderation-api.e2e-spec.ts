/**
 * The moderation HTTP API end to end: the shipped bearer-token guard on both stacks and adapters (401s, each action
 * by id, bulk with dryRun, the list with its filters, events and the comment adapter), the routes answering 404 as
 * if absent when nothing guards them, and a host's own guard class used instead of the token.
 */
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import request from 'supertest';
import { CommentAdapter, Webmention, WebmentionStore } from 'nestjs-webmention';
import { entryHtml, mentionRows, seedVerified, submitVerified } from './support/api-seed';
import { RemoteSite } from './support/remote-site';
import { describeWith } from './support/services';
import { eventually, STACKS, startTestApp, TestApp } from './support/test-app';

const VARIANTS = STACKS.flatMap((stack) => (['express', 'fastify'] as const).map((adapter) => ({ stack, adapter })));
const ADAPTERS = (['express', 'fastify'] as const).map((adapter) => ({ stack: STACKS[0], adapter }));
const TOKEN = 'moderation-e2e-token-0123456789';
const TARGET = 'https://blog.example/posts/moderated';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
const PATH = '/webmentions/moderation';

/** A comment adapter that records what it is asked to do. */
class RecordingComments implements CommentAdapter {
  readonly calls: [string, number][] = [];
  upsertComment(w: Webmention): void {
    this.calls.push(['upsert', w.id]);
  }
  removeComment(w: Webmention): void {
    this.calls.push(['remove', w.id]);
  }
}

describe.each(VARIANTS)('moderation API on $stack.name over $adapter', ({ stack, adapter }) => {
  describeWith(stack.services, 'with a bearer token', () => {
    let t: TestApp;
    let site: RemoteSite;
    const comments = new RecordingComments();
    const events: { name: string; id: number; reason?: string }[] = [];
    const post = (path: string, body?: object) => request(t.url).post(`${PATH}${path}`).set(AUTH).send(body);
    const eventsOf = (id: number) => events.filter((e) => e.id === id).map((e) => e.name);

    beforeAll(async () => {
      site = await new RemoteSite().start();
      // NOTE: the seeded authors (a.example, …) have no pages to confirm them; this suite is about moderation calls.
      t = await startTestApp({
        stack,
        adapter,
        options: { moderation: { token: TOKEN }, commentAdapter: comments, authorship: { fetchAuthorPage: false } },
      });
      t.app.get(EventEmitter2).onAny((name: string | string[], p: { webmention?: Webmention; reason?: string }) => {
        if (p?.webmention) events.push({ name: String(name), id: p.webmention.id, reason: p.reason });
      });
    }, 30_000);
    afterAll(async () => {
      await t?.close();
      await site?.stop();
    });

    it.each([
      ['GET', PATH],
      ['POST', `${PATH}/1/approve`],
      ['POST', `${PATH}/bulk`],
    ])('refuses %s %s with 401 and a Bearer challenge, without or with a wrong token', async (method, path) => {
      const call = () => (method === 'GET' ? request(t.url).get(path) : request(t.url).post(path).send({}));
      const none = await call();
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer realm=/);
      expect(none.body).toEqual({ error: 'unauthorized', error_description: expect.any(String) });
      const wrong = await call().set('Authorization', `Bearer ${TOKEN}x`);
      expect(wrong.status).toBe(401);
      expect(wrong.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
      const basic = await call().set('Authorization', `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`);
      expect(basic.status).toBe(401);
    });

    it('lists every mention with what moderators need, filtered and paged', async () => {
      const failed = await seedVerified(t, 'https://spam.example/a', TARGET, {
        status: 'failed',
        failureReason: 'link_removed',
        verifiedAt: null,
      });
      const spam = await seedVerified(t, 'https://spam.example/b', TARGET, {
        status: 'spam',
        spamCheckResult: { isSpam: true, confidence: 1 },
        content: 'cheap pills here',
      });
      const held = await seedVerified(t, 'https://ok.example/c', TARGET, {
        moderation: 'pending',
        mentionType: 'reply',
        authorVerified: false,
        authorshipReason: 'the author page names someone else',
      });
      const all = await request(t.url).get(PATH).set(AUTH).expect(200);
      expect(all.headers['cache-control']).toBe('no-store');
      expect(all.body.items.map((i: { id: number }) => i.id)).toEqual([held.id, spam.id, failed.id]);
      expect(all.body.items[2]).toMatchObject({
        status: 'failed',
        failureReason: 'link_removed',
        sourceHost: 'spam.example',
      });
      expect(all.body.items[1]).toMatchObject({ status: 'spam', spamCheckResult: { isSpam: true, confidence: 1 } });
      expect(all.body.items[0]).not.toHaveProperty('statusToken');
      expect(all.body.items[0]).toMatchObject({
        authorVerified: false,
        authorshipReason: 'the author page names someone else',
      });
      expect(all.body.items[2]).toMatchObject({ authorVerified: null, authorshipReason: null });
      const of = async (query: Record<string, string>) =>
        (await request(t.url).get(PATH).query(query).set(AUTH).expect(200)).body.items.map((i: { id: number }) => i.id);
      expect(await of({ status: 'failed,spam' })).toEqual([spam.id, failed.id]);
      expect(await of({ moderation: 'pending' })).toEqual([held.id]);
      expect(await of({ source_host: 'spam.example' })).toEqual([spam.id, failed.id]);
      expect(await of({ q: 'PILLS' })).toEqual([spam.id]);
      expect(await of({ type: 'reply', target: TARGET })).toEqual([held.id]);
      const first = await request(t.url).get(PATH).query({ limit: '2' }).set(AUTH).expect(200);
      expect(first.headers.link).toBe(`<${first.body.next}>; rel="next"`);
      const next = new URL(first.body.next);
      expect(next.pathname).toBe(PATH);
      const second = await request(t.url)
        .get(next.pathname + next.search)
        .set(AUTH)
        .expect(200);
      expect([...first.body.items, ...second.body.items].map((i: { id: number }) => i.id)).toEqual([
        held.id,
        spam.id,
        failed.id,
      ]);
      expect(second.body.next).toBeNull();
      await mentionRows(t).delete({ targetUrl: TARGET });
    });

    it('applies each action by id, firing its event and keeping the comments in step', async () => {
      const source = site.page(
        '/moderated',
        entryHtml(TARGET, {
          kind: 'reply',
          content: 'Hi',
          author: { name: 'A', url: 'https://a.example/', photo: 'https://a.example/a.png' },
        }),
      );
      const row = await submitVerified(t, source, TARGET);
      // NOTE: the verification's own comment upsert follows its database write; wait for it before counting ours.
      await eventually(async () => comments.calls.some(([kind, id]) => kind === 'upsert' && id === row.id));
      comments.calls.length = 0;
      const act = async (action: string) => (await post(`/${row.id}/${action}`).expect(200)).body;

      expect(await act('reject')).toEqual({ action: 'reject', dryRun: false, matched: 1, changed: 1, ids: [row.id] });
      expect(await t.app.get(WebmentionStore).findById(row.id)).toMatchObject({ moderation: 'rejected' });
      expect(await act('reject')).toMatchObject({ matched: 1, changed: 0 });
      expect(await act('approve')).toMatchObject({ action: 'approve', changed: 1 });
      expect(await act('spam')).toMatchObject({ action: 'spam', changed: 1 });
      expect(await t.app.get(WebmentionStore).findById(row.id)).toMatchObject({ status: 'spam' });
      expect(await act('not-spam')).toMatchObject({ action: 'not_spam', changed: 1 });
      // NOTE: not spam queues a verification; the page still links, so it is shown again.
      await eventually(async () => (await t.app.get(WebmentionStore).findById(row.id))?.status === 'verified');
      expect(await act('reverify')).toMatchObject({ action: 'reverify', matched: 1 });
      await eventually(async () => eventsOf(row.id).filter((n) => n === 'webmention.verified').length >= 3);
      expect(await act('delete')).toMatchObject({ action: 'delete', changed: 1 });
      expect(await t.app.get(WebmentionStore).findById(row.id)).toBeNull();

      const names = eventsOf(row.id);
      for (const name of ['webmention.rejected', 'webmention.approved', 'webmention.spam', 'webmention.deleted'])
        expect(names).toContain(name);
      expect(events.find((e) => e.id === row.id && e.name === 'webmention.deleted')?.reason).toBe('moderator');
      expect(comments.calls).toContainEqual(['remove', row.id]);
      expect(comments.calls).toContainEqual(['upsert', row.id]);
      expect(comments.calls[0]).toEqual(['remove', row.id]);
    }, 30_000);

    it('answers 404 for an unknown id and 400 for a bad id or action', async () => {
      const missing = await post('/999999/approve');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ error: 'not_found', error_description: expect.any(String) });
      expect((await post('/abc/approve')).body.error).toBe('invalid_id');
      expect((await post('/1/destroy')).body.error).toBe('invalid_action');
    });

    it('applies bulk actions, reporting first in a dry run without changing or emitting anything', async () => {
      const rows = await Promise.all(
        [1, 2, 3].map((i) => seedVerified(t, `https://bulk.example/${i}`, `${TARGET}/bulk`, { moderation: 'pending' })),
      );
      const ids = rows.map((r) => r.id).sort((a, b) => a - b);
      const before = events.length;
      const dry = await post('/bulk', {
        action: 'approve',
        filter: { sourceHost: 'bulk.example' },
        dryRun: true,
      }).expect(200);
      expect(dry.body).toEqual({ action: 'approve', dryRun: true, matched: 3, changed: 3, ids });
      expect(events.length).toBe(before);
      expect((await mentionRows(t).findBy({ sourceHost: 'bulk.example' })).map((r) => r.moderation)).toEqual([
        'pending',
        'pending',
        'pending',
      ]);
      const real = await post('/bulk', { action: 'approve', ids: ids.slice(0, 2) }).expect(200);
      expect(real.body).toEqual({ action: 'approve', dryRun: false, matched: 2, changed: 2, ids: ids.slice(0, 2) });
      expect(
        events
          .slice(before)
          .filter((e) => e.name === 'webmention.approved')
          .map((e) => e.id)
          .sort(),
      ).toEqual(ids.slice(0, 2));
      const since = await post('/bulk', {
        action: 'reject',
        filter: { targets: [`${TARGET}/bulk`], since: '2020-01-01T00:00:00Z' },
      });
      expect(since.body).toMatchObject({ matched: 3, changed: 3 });
    });

    it.each([
      [{ action: 'approve' }, 'invalid_selection', /give ids, or a filter/],
      [{ action: 'approve', filter: { colour: 'red' } }, 'invalid_selection', /unknown criterion "colour"/],
      [{ action: 'approve', ids: [0] }, 'invalid_selection', /positive whole numbers/],
      [{ action: 'approve', ids: 'all' }, 'invalid_selection', /list of mention ids/],
      [{ action: 'nuke', ids: [1] }, 'invalid_action', /action must be one of/],
      [{ action: 'approve', ids: [1], dryRun: 'yes' }, 'invalid_request', /dryRun/],
      [{ action: 'approve', filter: { since: 'last week' } }, 'invalid_selection', /filter\.since/],
    ])('answers 400 to bulk %j with the validation message', async (body, code, message) => {
      const res = await post('/bulk', body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: code, error_description: expect.stringMatching(message) });
    });

    it('answers 400 to a bulk body that is not JSON', async () => {
      const bulk = () => request(t.url).post(`${PATH}/bulk`).set(AUTH);
      for (const res of [await bulk().type('form').send('action=approve&ids=1'), await bulk()]) {
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ error: 'invalid_content_type', error_description: expect.any(String) });
      }
      // NOTE: broken JSON is refused by the HTTP adapter's body parser, in its own words, before the route runs.
      const broken = await bulk().set('Content-Type', 'application/json').send('{"action":');
      expect(broken.status).toBe(400);
      expect(broken.body.message).toEqual(expect.any(String));
      const list = await bulk().send([{ action: 'approve', ids: [1] }]);
      expect(list.body).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
    });
  });
});

/** A host guard that admits requests carrying `X-Admin: <the host's secret>`, read from a host provider. */
@Injectable()
class HostSecret {
  readonly value = 'host-secret';
}
@Injectable()
class AdminHeaderGuard implements CanActivate {
  constructor(private readonly secret: HostSecret) {}
  canActivate(context: ExecutionContext): boolean {
    return (
      context.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['x-admin'] === this.secret.value
    );
  }
}
/** A guard the host does not register: Nest creates it with the library's injector (here injecting the store). */
@Injectable()
class StoreBackedGuard implements CanActivate {
  constructor(private readonly store: WebmentionStore) {}
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['x-mention'];
    return header !== undefined && (await this.store.findById(Number(header))) !== null;
  }
}

describe.each(ADAPTERS)('moderation API guards over $adapter', ({ stack, adapter }) => {
  it('answers 404 on every route, as if absent, when neither a token nor a guard is configured', async () => {
    const t = await startTestApp({ stack, adapter });
    try {
      const absent = await request(t.url).get('/surely/not/a/route');
      for (const [method, path] of [
        ['get', PATH],
        ['post', `${PATH}/1/approve`],
        ['post', `${PATH}/bulk`],
      ] as const) {
        const res = await request(t.url)
          [method](path)
          .set(AUTH)
          .send({ action: 'approve', ids: [1] });
        expect(res.status).toBe(404);
        expect(res.body).toEqual({
          ...absent.body,
          message: absent.body.message.replace('GET /surely/not/a/route', `${method.toUpperCase()} ${path}`),
        });
      }
    } finally {
      await t.close();
    }
  });

  it('uses the host guard class, with its own injections, instead of the token', async () => {
    const t = await startTestApp({
      stack,
      adapter,
      options: { moderation: { token: TOKEN, guard: AdminHeaderGuard } },
      providers: [HostSecret, AdminHeaderGuard],
    });
    try {
      await request(t.url).get(PATH).set('X-Admin', 'host-secret').expect(200);
      expect((await request(t.url).get(PATH).set(AUTH)).status).toBe(403);
      expect((await request(t.url).get(PATH).set('X-Admin', 'wrong')).status).toBe(403);
    } finally {
      await t.close();
    }
  });

  it('creates a guard class the host did not register, injecting the library’s providers', async () => {
    const t = await startTestApp({ stack, adapter, options: { moderation: { guard: StoreBackedGuard } } });
    try {
      const row = await seedVerified(t, 'https://guarded.example/1', TARGET);
      await request(t.url).get(PATH).set('X-Mention', String(row.id)).expect(200);
      expect((await request(t.url).get(PATH).set('X-Mention', '424242')).status).toBe(403);
    } finally {
      await t.close();
    }
  });
});
