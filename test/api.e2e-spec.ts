/**
 * The public read API end to end, on both stacks and both HTTP adapters: mentions verified through the real pipeline
 * from h-entry pages on a local site, filters, cursor pages under concurrent inserts, counts, jf2 as webmention.io
 * shapes it (HTTP concerns are in api-http.e2e-spec.ts, bad parameters in api-params.e2e-spec.ts).
 */
import request from 'supertest';
import { Webmention } from 'nestjs-webmention';
import { matchKey } from 'nestjs-webmention/testing';
import { EntryPage, entryHtml, mentionRows, seedVerified, submitVerified } from './support/api-seed';
import { JF2_FIELD_ORDER, publishedJf2Entry } from './support/jf2-fixture';
import { RemoteSite } from './support/remote-site';
import { describeWith } from './support/services';
import { STACKS, startTestApp, TestApp } from './support/test-app';

const VARIANTS = STACKS.flatMap((stack) => (['express', 'fastify'] as const).map((adapter) => ({ stack, adapter })));
const TARGET = 'https://blog.example/posts/jf2';
const ADA = { name: 'Ada Example', url: 'https://ada.example/', photo: 'https://ada.example/ada.jpg' };

/** The pages seeded on TARGET, one per type; Ada likes and replies (her URL spelled two ways). */
const PAGES: Record<string, EntryPage> = {
  reply: { kind: 'reply', author: ADA, content: 'Great post, thanks!', published: '2025-01-02T03:04:05Z' },
  like: { kind: 'like', author: { ...ADA, url: 'https://www.ada.example' }, published: '2025-01-02T04:00:00Z' },
  repost: { kind: 'repost', author: { name: 'Bo', url: 'https://bo.example/', photo: 'https://bo.example/b.png' } },
  bookmark: { kind: 'bookmark', author: { name: 'Cy', url: 'https://cy.example/', photo: 'https://cy.example/c.png' } },
  rsvp: {
    kind: 'rsvp',
    rsvp: 'yes',
    content: 'I will be there',
    author: { name: 'Di', url: 'https://di.example/', photo: 'https://di.example/d.png' },
  },
  mention: {
    kind: 'mention',
    content: 'Read',
    author: { name: 'Ed', url: 'https://ed.example/', photo: 'https://ed.example/e.png' },
  },
};

const PROPERTY = {
  reply: 'in-reply-to',
  like: 'like-of',
  repost: 'repost-of',
  bookmark: 'bookmark-of',
  rsvp: 'rsvp',
  mention: 'mention-of',
};
const utcSeconds = (d: Date) => d.toISOString().slice(0, 19);

describe.each(VARIANTS)('read API on $stack.name over $adapter', ({ stack, adapter }) => {
  describeWith(stack.services, 'GET /webmentions', () => {
    let t: TestApp;
    let site: RemoteSite;
    const seeded = new Map<string, Webmention>();
    const get = (path: string) => request(t.url).get(path);
    const ids = (items: { id: number }[]) => items.map((i) => i.id);

    beforeAll(async () => {
      site = await new RemoteSite().start();
      // NOTE: the seeded authors (ada.example, …) have no pages to confirm them; this suite is about the read API.
      t = await startTestApp({ stack, adapter, options: { authorship: { fetchAuthorPage: false } } });
      for (const [kind, page] of Object.entries(PAGES)) {
        const source = site.page(`/${kind}`, entryHtml(TARGET, page));
        seeded.set(kind, await submitVerified(t, source, TARGET));
      }
    }, 60_000);
    afterAll(async () => {
      await t?.close();
      await site?.stop();
    });

    it('maps verified mentions of each type to jf2 field by field, as webmention.io does', async () => {
      const res = await get('/webmentions').query({ target: TARGET, format: 'jf2' }).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(Object.keys(res.body)).toEqual(['type', 'name', 'children']);
      expect(res.body).toMatchObject({ type: 'feed', name: 'Webmentions' });
      const children = res.body.children as Record<string, unknown>[];
      expect(children.map((c) => c['wm-id'])).toEqual([...seeded.values()].map((w) => w.id).reverse());
      for (const [kind, page] of Object.entries(PAGES)) {
        const row = seeded.get(kind)!;
        const entry = children.find((c) => c['wm-id'] === row.id)!;
        const property = PROPERTY[kind as keyof typeof PROPERTY];
        expect(entry).toMatchObject({
          type: 'entry',
          author: { type: 'card', name: page.author.name, photo: page.author.photo, url: row.authorUrl },
          url: row.sourceUrl,
          published: page.published ? page.published.replace('Z', '+00:00') : null,
          'wm-received': `${utcSeconds(row.createdAt)}Z`,
          'wm-source': row.sourceUrl,
          'wm-target': TARGET,
          'wm-property': property,
          'wm-private': false,
        });
        expect(matchKey((entry.author as { url: string }).url)).toBe(matchKey(page.author.url));
        if (property === 'rsvp') expect(entry).toMatchObject({ rsvp: 'yes', 'in-reply-to': TARGET });
        else expect(entry[property]).toBe(TARGET);
        if (page.content) {
          expect(entry.content).toEqual({ html: row.contentHtml, text: row.content });
          expect((entry.content as { text: string }).text).toContain(page.content);
        }
        // NOTE: the same fields as webmention.io's entry of this property, of the same types, in its order.
        const published = publishedJf2Entry(property);
        const keys = Object.keys(entry);
        expect(keys.filter((k) => !['name', 'content'].includes(k))).toEqual(
          Object.keys(published).filter((k) => !['name', 'content'].includes(k)),
        );
        expect(keys).toEqual(JF2_FIELD_ORDER.filter((k) => keys.includes(k)));
        for (const k of keys)
          if (published[k] != null && entry[k] != null) expect(typeof entry[k]).toBe(typeof published[k]);
      }
    });

    it('lists newest first, relating mentions of one target by one author', async () => {
      const res = await get('/webmentions').query({ target: TARGET }).expect(200);
      const rows = [...seeded.values()];
      expect(ids(res.body.items)).toEqual(rows.map((w) => w.id).reverse());
      expect(res.body).toMatchObject({ target: TARGET, targets: [TARGET], count: 6, next: null });
      const related = Object.fromEntries(
        res.body.items.map((i: { id: number; relatedTo: number[] }) => [i.id, i.relatedTo]),
      );
      expect(related[seeded.get('reply')!.id]).toEqual([seeded.get('like')!.id]);
      expect(related[seeded.get('like')!.id]).toEqual([seeded.get('reply')!.id]);
      expect(related[seeded.get('repost')!.id]).toEqual([]);
      // NOTE: relations count among shown mentions of the page's targets whatever the type filter.
      const likes = await get('/webmentions').query({ target: TARGET, type: 'like' }).expect(200);
      expect(likes.body.items[0].relatedTo).toEqual([seeded.get('reply')!.id]);
    });

    it('filters by one type and by several, repeated or comma-separated', async () => {
      const of = async (query: string) =>
        ids((await get(`/webmentions?target=${encodeURIComponent(TARGET)}&${query}`).expect(200)).body.items);
      expect(await of('type=like')).toEqual([seeded.get('like')!.id]);
      const likeRepost = [seeded.get('repost')!.id, seeded.get('like')!.id];
      expect(await of('type=like&type=repost')).toEqual(likeRepost);
      expect(await of('type=repost,like')).toEqual(likeRepost);
      expect(await of('type=rsvp,bookmark&type=reply')).toEqual(
        ['rsvp', 'bookmark', 'reply'].map((k) => seeded.get(k)!.id),
      );
    });

    it('filters by since and covers several targets', async () => {
      const [a, b] = ['https://blog.example/posts/since-a', 'https://blog.example/posts/since-b'];
      const old = await seedVerified(t, 'https://old.example/1', a, { createdAt: new Date('2020-06-01T00:00:00Z') });
      const recent = await seedVerified(t, 'https://new.example/1', a);
      const other = await seedVerified(t, 'https://new.example/2', b, { createdAt: new Date('2020-06-01T00:00:00Z') });
      const list = async (query: Record<string, unknown>) =>
        ids((await get('/webmentions').query(query).expect(200)).body.items);
      expect(await list({ target: a })).toEqual([recent.id, old.id]);
      expect(await list({ target: a, since: '2021-01-01T00:00:00Z' })).toEqual([recent.id]);
      expect(await list({ target: a, since: '2020-05-31' })).toEqual([recent.id, old.id]);
      expect(await list({ target: [a, b] })).toEqual([other.id, recent.id, old.id]);
      expect(
        await list({ target: [a, 'https://www.blog.example/posts/since-b/'], since: '2020-01-01T00:00:00+01:00' }),
      ).toEqual([other.id, recent.id, old.id]);
      expect(await list({ target: [b, a], since: '2021-01-01T00:00:00Z' })).toEqual([recent.id]);
    });

    it('counts shown mentions by type, for one target or several', async () => {
      const res = await get('/webmentions/count').query({ target: TARGET }).expect(200);
      expect(res.body).toEqual({ count: 6, type: { mention: 1, reply: 1, like: 1, repost: 1, bookmark: 1, rsvp: 1 } });
      await mentionRows(t).update({ id: seeded.get('repost')!.id }, { moderation: 'pending' });
      try {
        const held = await get('/webmentions/count').query({ target: TARGET }).expect(200);
        expect(held.body).toMatchObject({ count: 5, type: { repost: 0 } });
      } finally {
        await mentionRows(t).update({ id: seeded.get('repost')!.id }, { moderation: 'approved' });
      }
      const none = await get('/webmentions/count').query({ target: 'https://blog.example/posts/none' }).expect(200);
      expect(none.body).toEqual({ count: 0, type: { mention: 0, reply: 0, like: 0, repost: 0, bookmark: 0, rsvp: 0 } });
      const likes = await get('/webmentions/count').query({
        target: [TARGET, 'https://blog.example/posts/none'],
        type: 'like',
      });
      expect(likes.body.count).toBe(1);
    });

    it('pages by cursor with Link rel=next, without duplicates or gaps while mentions arrive', async () => {
      const target = 'https://blog.example/posts/paged';
      const before: number[] = [];
      for (let i = 0; i < 23; i++) before.push((await seedVerified(t, `https://pager.example/${i}`, target)).id);
      const seen: number[] = [];
      let path: string | null = `/webmentions?target=${encodeURIComponent(target)}&limit=5`;
      let pages = 0;
      for (let n = 0; path; n++) {
        // NOTE: two new mentions arrive while each page is read.
        const [res]: [request.Response, ...unknown[]] = await Promise.all([
          get(path).expect(200),
          seedVerified(t, `https://late.example/${n}a`, target),
          seedVerified(t, `https://late.example/${n}b`, target),
        ]);
        pages++;
        seen.push(...ids(res.body.items));
        const next: string | null = res.body.next;
        if (next) {
          expect(next).toMatch(/^https:\/\/blog\.example\/webmentions\?/);
          expect(res.headers.link).toBe(`<${next}>; rel="next"`);
          path = new URL(next).pathname + new URL(next).search;
        } else {
          expect(res.headers.link).toBeUndefined();
          path = null;
        }
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort((a, b) => b - a)).toEqual(seen);
      for (const id of before) expect(seen).toContain(id);
      expect(pages).toBeGreaterThanOrEqual(5);
    }, 30_000);

    it('still pages by offset, continuing by cursor', async () => {
      const all = ids((await get('/webmentions').query({ target: TARGET, limit: 100 }).expect(200)).body.items);
      const page = await get('/webmentions').query({ target: TARGET, limit: 2, offset: 2 }).expect(200);
      expect(ids(page.body.items)).toEqual(all.slice(2, 4));
      const next = new URL(page.body.next);
      expect(next.searchParams.get('offset')).toBeNull();
      const rest = await get(next.pathname + next.search).expect(200);
      expect(ids(rest.body.items)).toEqual(all.slice(4, 6));
      expect((await get('/webmentions').query({ target: TARGET, offset: 100 }).expect(200)).body.items).toEqual([]);
      expect(ids((await get('/webmentions').query({ target: TARGET, offset: 0 }).expect(200)).body.items)).toEqual(all);
    });
  });
});
