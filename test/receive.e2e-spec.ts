import request from 'supertest';
import { DataSource } from 'typeorm';
import { Webmention } from 'nestjs-webmention';
import { RemoteSite } from './support/remote-site';
import { describeWith } from './support/services';
import { eventually, STACKS, startTestApp, TestApp } from './support/test-app';

const TARGET = 'https://blog.example/posts/hello-world';
const VARIANTS = STACKS.flatMap((stack) => (['express', 'fastify'] as const).map((adapter) => ({ stack, adapter })));

describe.each(VARIANTS)('receiving on $stack.name over $adapter', ({ stack, adapter }) => {
  describeWith(stack.services, 'endpoint', () => {
    let t: TestApp;
    let site: RemoteSite;
    const rows = () => t.app.get(DataSource).getRepository(Webmention);

    beforeAll(async () => {
      site = await new RemoteSite().start();
      t = await startTestApp({ stack, adapter });
    });
    afterAll(async () => {
      await t?.close();
      await site?.stop();
    });

    const post = (body: string | Record<string, string>, accept = 'application/json') =>
      request(t.url).post('/webmention').set('Accept', accept).type('form').send(body);

    it('describes itself on GET', async () => {
      const res = await request(t.url).get('/webmention').expect(200);
      expect(res.text).toMatch(/Webmention endpoint/);
    });

    it.each([
      [
        'a JSON body',
        () =>
          request(t.url)
            .post('/webmention')
            .set('Accept', 'application/json')
            .send({ source: 'https://a.example/', target: TARGET }),
        'invalid_content_type',
      ],
      [
        'a plain-text body',
        () =>
          request(t.url)
            .post('/webmention')
            .set('Accept', 'application/json')
            .set('Content-Type', 'text/plain')
            .send(`source=https://a.example/&target=${TARGET}`),
        'invalid_content_type',
      ],
      ['no source', () => post({ target: TARGET }), 'missing_source'],
      ['an empty source', () => post({ source: '', target: TARGET }), 'missing_source'],
      ['no target', () => post({ source: 'https://a.example/post' }), 'missing_target'],
      ['an unparseable source', () => post({ source: 'not a url', target: TARGET }), 'invalid_source'],
      ['a relative source', () => post({ source: '/post', target: TARGET }), 'invalid_source'],
      ['an ftp source', () => post({ source: 'ftp://a.example/post', target: TARGET }), 'invalid_source'],
      ['a javascript: source', () => post({ source: 'javascript:alert(1)', target: TARGET }), 'invalid_source'],
      [
        'a source with userinfo',
        () => post({ source: 'https://user:pw@a.example/post', target: TARGET }),
        'invalid_source',
      ],
      [
        'a source given twice',
        () => post(`source=https://a.example/1&source=https://a.example/2&target=${encodeURIComponent(TARGET)}`),
        'invalid_source',
      ],
      [
        'a too long source',
        () => post({ source: `https://a.example/${'x'.repeat(2100)}`, target: TARGET }),
        'invalid_source',
      ],
      ['an unparseable target', () => post({ source: 'https://a.example/post', target: 'http://' }), 'invalid_target'],
      [
        'a mailto target',
        () => post({ source: 'https://a.example/post', target: 'mailto:me@blog.example' }),
        'invalid_target',
      ],
      [
        'a target with userinfo',
        () => post({ source: 'https://a.example/post', target: 'https://me@blog.example/posts/x' }),
        'invalid_target',
      ],
      ['source equal to target', () => post({ source: TARGET, target: TARGET }), 'same_source_target'],
      [
        'source equal to target but for fragment and host case',
        () => post({ source: 'HTTPS://BLOG.example/posts/hello-world#c', target: TARGET }),
        'same_source_target',
      ],
      [
        'a target on another host',
        () => post({ source: 'https://a.example/post', target: 'https://elsewhere.example/post' }),
        'target_not_accepted',
      ],
      [
        'a target on a subdomain',
        () => post({ source: 'https://a.example/post', target: 'https://evil.blog.example/post' }),
        'target_not_accepted',
      ],
    ])('answers 400 to %s, storing nothing', async (_name, send, code) => {
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: code, error_description: expect.any(String) });
      expect(await rows().count()).toBe(0);
    });

    it('answers 413 to a body over the cap, storing nothing', async () => {
      const res = await post({ source: 'https://a.example/post', target: TARGET, padding: 'x'.repeat(20_000) });
      expect(res.status).toBe(413);
      expect(res.body.error).toBe('request_too_large');
      expect(await rows().count()).toBe(0);
    });

    it('answers errors as plain text to clients that do not ask for JSON', async () => {
      const res = await post({ target: TARGET }, 'text/html');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(/^missing_source: /);
    });

    it('accepts a valid mention with 201, an absolute Location and a status document', async () => {
      const source = site.page('/accepted', `<p>I liked <a href="${TARGET}">this</a>.</p>`);
      const res = await post({ source, target: TARGET }, 'text/plain');
      expect(res.status).toBe(201);
      expect(res.headers.location).toMatch(/^https:\/\/blog\.example\/webmention\/status\/[A-Za-z0-9_-]{32}$/);
      expect(res.text).toMatch(/accepted/);
      const path = new URL(res.headers.location).pathname;
      const status = await eventually(async () => {
        const s = await request(t.url).get(path).expect(200);
        return s.body.status === 'verified' ? s : null;
      });
      expect(status.headers['cache-control']).toBe('no-store');
      expect(status.body).toEqual({
        source,
        target: TARGET,
        status: 'verified',
        attempts: 1,
        verifiedAt: expect.any(String),
      });
    });

    it('answers 404 revealing nothing for an unknown status token', async () => {
      for (const token of ['x'.repeat(32), 'nope', '..%2F..%2Fetc']) {
        const res = await request(t.url).get(`/webmention/status/${token}`);
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ error: 'not_found' });
      }
    });

    it('keeps one row for one pair, whatever its spelling, even when submitted concurrently', async () => {
      const source = site.page('/many', `<a href="${TARGET}">hi</a>`);
      const spellings = [
        { source, target: TARGET },
        {
          source: source.replace('http://127.0.0.1', 'HTTP://127.0.0.1'),
          target: 'https://BLOG.EXAMPLE/posts/hello-world',
        },
        { source: `${source}#frag`, target: 'https://blog.example:443/posts/hello-world' },
        { source, target: `${TARGET}#comments` },
      ];
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => post(spellings[i % spellings.length])));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
      expect(new Set(results.map((r) => r.headers.location)).size).toBe(1);
      const stored = await rows().findBy({ sourceUrl: source });
      expect(stored).toHaveLength(1);
      expect(stored[0].targetUrl).toBe(TARGET);
    });

    it('lists verified mentions of a target by the canonical matching policy', async () => {
      const target = 'https://blog.example/posts/listed';
      const source = site.page(
        '/listing',
        `<article class="h-entry"><p class="p-name e-content">Nice <a href="${target}">post</a></p></article>`,
      );
      await post({ source, target }).expect(201);
      await eventually(async () => (await rows().findOneBy({ sourceUrl: source, status: 'verified' })) ?? null);
      for (const spelling of [
        target,
        'https://BLOG.example/posts/listed/',
        'https://www.blog.example/posts/listed#x',
      ]) {
        const res = await request(t.url).get('/webmentions').query({ target: spelling }).expect(200);
        expect(res.body.items).toHaveLength(1);
        expect(res.body.items[0]).toMatchObject({
          sourceUrl: source,
          targetUrl: target,
          status: 'verified',
          mentionType: 'mention',
          verifiedAt: expect.any(String),
        });
        expect(res.body.items[0]).not.toHaveProperty('statusToken');
        expect(res.body.items[0]).not.toHaveProperty('pairHash');
      }
      const other = await request(t.url)
        .get('/webmentions')
        .query({ target: 'https://blog.example/posts/LISTED' })
        .expect(200);
      expect(other.body.items).toHaveLength(0);
    });

    it.each([
      [{}, 'missing_target'],
      [{ target: 'not a url' }, 'invalid_target'],
      [{ target: 'https://blog.example/x', limit: '0' }, 'invalid_limit'],
      [{ target: 'https://blog.example/x', limit: 'lots' }, 'invalid_limit'],
      [{ target: 'https://blog.example/x', offset: '-1' }, 'invalid_offset'],
    ])('the read API answers 400 to %j', async (query, code) => {
      const res = await request(t.url).get('/webmentions').query(query);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe(code);
    });
  });
});
