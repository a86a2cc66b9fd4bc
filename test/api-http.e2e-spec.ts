/**
 * The read API's HTTP behaviour end to end, on both stacks and both adapters: the sending history (sent with the real
 * sender to endpoints on 127.0.0.1), CORS for configured origins and preflights (never on moderation routes), weak
 * ETags with 304, and a configured Cache-Control.
 */
import request from 'supertest';
import { WebmentionSender } from 'nestjs-webmention';
import { mentionRows, seedVerified } from './support/api-seed';
import { ReceiverSite } from './support/send-sites';
import { describeWith } from './support/services';
import { STACKS, startTestApp, TestApp } from './support/test-app';

const VARIANTS = STACKS.flatMap((stack) => (['express', 'fastify'] as const).map((adapter) => ({ stack, adapter })));
const TARGET = 'https://blog.example/posts/http';
const READER = 'https://reader.example';

describe.each(VARIANTS)('read API over HTTP on $stack.name over $adapter', ({ stack, adapter }) => {
  describeWith(stack.services, 'headers and history', () => {
    let t: TestApp;
    let receiver: ReceiverSite;
    const get = (path: string) => request(t.url).get(path);

    beforeAll(async () => {
      receiver = await new ReceiverSite().start();
      t = await startTestApp({ stack, adapter, options: { api: { corsOrigins: [READER], cacheMaxAgeSeconds: 120 } } });
      for (const type of ['reply', 'repost', 'mention'] as const)
        await seedVerified(t, `https://${type}.example/1`, TARGET, { mentionType: type });
    }, 30_000);
    afterAll(async () => {
      await t?.close();
      await receiver?.stop();
    });

    it('shows our sending history for a source', async () => {
      const endpoint = receiver.endpoint('/hist/wm');
      const sent = receiver.target('/hist', '/hist/wm');
      const none = receiver.target('/hist-none', null);
      const source = 'https://blog.example/posts/history';
      await t.app
        .get(WebmentionSender)
        .send(source, { html: `<p><a href="${sent}">a</a> <a href="${none}">b</a></p>` });
      const res = await get('/webmentions/outgoing').query({ source }).expect(200);
      expect(res.body.source).toBe(source);
      const items = [...res.body.items].sort((a, b) => (a.target < b.target ? -1 : 1));
      expect(items).toEqual([
        {
          target: sent,
          endpoint,
          status: 'sent',
          attempts: 1,
          httpStatus: 202,
          lastError: null,
          sentAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
          updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        },
        expect.objectContaining({
          target: none,
          endpoint: null,
          status: 'no_endpoint',
          httpStatus: null,
          sentAt: null,
        }),
      ]);
      const empty = await get('/webmentions/outgoing')
        .query({ source: 'https://blog.example/posts/never' })
        .expect(200);
      expect(empty.body).toEqual({ source: 'https://blog.example/posts/never', items: [] });
    });

    it('answers allowed origins with CORS headers, refused ones without, and preflights; never on moderation', async () => {
      const allowed = await get('/webmentions').query({ target: TARGET }).set('Origin', READER).expect(200);
      expect(allowed.headers['access-control-allow-origin']).toBe(READER);
      expect(allowed.headers.vary).toMatch(/Origin/);
      expect(allowed.headers['access-control-expose-headers']).toMatch(/ETag/);
      const refused = await get('/webmentions/count').query({ target: TARGET }).set('Origin', 'https://evil.example');
      expect(refused.status).toBe(200);
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      expect(refused.headers.vary).toMatch(/Origin/);
      for (const path of ['/webmentions', '/webmentions/count', '/webmentions/outgoing']) {
        const preflight = await request(t.url)
          .options(path)
          .set('Origin', READER)
          .set('Access-Control-Request-Method', 'GET')
          .set('Access-Control-Request-Headers', 'if-none-match');
        expect(preflight.status).toBe(204);
        expect(preflight.headers).toMatchObject({
          'access-control-allow-origin': READER,
          'access-control-allow-methods': 'GET, OPTIONS',
          'access-control-allow-headers': 'if-none-match',
        });
      }
      const evil = await request(t.url).options('/webmentions').set('Origin', 'https://evil.example');
      expect(evil.headers['access-control-allow-origin']).toBeUndefined();
      const moderation = await request(t.url).options('/webmentions/moderation').set('Origin', READER);
      expect(moderation.headers['access-control-allow-origin']).toBeUndefined();
      const listed = await get('/webmentions/moderation').set('Origin', READER);
      expect(listed.status).toBe(404);
      expect(listed.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('sends a weak ETag and Cache-Control, and 304 for a matching If-None-Match', async () => {
      const first = await get('/webmentions').query({ target: TARGET }).expect(200);
      const etag = first.headers.etag;
      expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
      expect(first.headers['cache-control']).toBe('public, max-age=120');
      const again = await get('/webmentions').query({ target: TARGET }).set('If-None-Match', etag);
      expect(again.status).toBe(304);
      expect(again.text ?? '').toBe('');
      expect(again.headers.etag).toBe(etag);
      const other = await get('/webmentions').query({ target: TARGET }).set('If-None-Match', 'W/"stale"').expect(200);
      expect(other.body.items).toHaveLength(3);
      const jf2 = await get('/webmentions').query({ target: TARGET, format: 'jf2' }).expect(200);
      expect(jf2.headers.etag).not.toBe(etag);
      const count = await get('/webmentions/count').query({ target: TARGET }).expect(200);
      await get('/webmentions/count').query({ target: TARGET }).set('If-None-Match', count.headers.etag).expect(304);
      await seedVerified(t, 'https://fresh.example/1', TARGET, { mentionType: 'like' });
      try {
        const changed = await get('/webmentions/count')
          .query({ target: TARGET })
          .set('If-None-Match', count.headers.etag);
        expect(changed.status).toBe(200);
        expect(changed.body.type.like).toBe(1);
      } finally {
        await mentionRows(t).delete({ sourceUrl: 'https://fresh.example/1' });
      }
    });
  });
});
