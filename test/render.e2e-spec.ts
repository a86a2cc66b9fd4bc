/**
 * Display end to end: the renderer over really verified mentions, the stylesheet route, the Link interceptor on
 * HTML pages, and per-post endpoints (with the library's own sender as the sender), on both stacks and adapters.
 */
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { WebmentionRenderer, WebmentionSender } from 'nestjs-webmention';
import { postKeyOf } from 'nestjs-webmention/testing';
import { attr, byClass, text } from 'nestjs-webmention/render/__tests__/html-fixtures';
import { RemoteSite } from './support/remote-site';
import { FixturePagesModule, FixturePostsResolver, PortForward } from './support/render-fixtures';
import { describeWith } from './support/services';
import { eventually, STACKS, startTestApp, TestApp } from './support/test-app';
import { useVerificationApp } from './support/verification-harness';

const SITE = 'https://blog.example';
const TARGET = `${SITE}/posts/known`;
const CSS = readFileSync(join(__dirname, '../libs/webmention/src/render/webmention.css'), 'utf8');
const VARIANTS = STACKS.flatMap((stack) => (['express', 'fastify'] as const).map((adapter) => ({ stack, adapter })));

const page = (body: string) => `<!doctype html><html><body><article class="h-entry">${body}</article></body></html>`;
const author = (name: string) => `<a class="p-author h-card" href="https://${name.toLowerCase()}.example/">${name}</a>`;
const replyPage = (name: string, target: string, words: string) =>
  page(`${author(name)} <a class="u-in-reply-to" href="${target}">in reply to</a> <p class="e-content">${words}</p>`);
const likePage = (name: string, target: string) =>
  page(`${author(name)} <a class="u-like-of" href="${target}">like</a>`);
const webmentionLink = (endpoint: string) => `<${endpoint}>; rel="webmention"`;

describe.each(VARIANTS)('display on $stack.name over $adapter', ({ stack, adapter }) => {
  describeWith(stack.services, "advertise: 'targets', per-post endpoints", () => {
    const h = useVerificationApp(stack, {
      adapter,
      options: {
        advertise: 'targets',
        render: { perPostEndpoints: true },
        urlResolver: new FixturePostsResolver(SITE),
        // NOTE: the authors (alice.example, …) have no pages to confirm them; this suite is about display.
        authorship: { fetchAuthorPage: false },
      },
      extras: { isGlobal: true },
      imports: [FixturePagesModule],
    });
    const renderer = () => h.t.app.get(WebmentionRenderer);
    const get = (path: string) => request(h.t.url).get(path);
    const KEY = postKeyOf(TARGET);

    describe('renderer over verified mentions', () => {
      beforeAll(async () => {
        const seeded = await Promise.all([
          h.submitAndSettle(h.site.page('/alice', replyPage('Alice', TARGET, 'Great post')), TARGET),
          h.submitAndSettle(h.site.page('/bob', likePage('Bob', TARGET)), TARGET),
          h.submitAndSettle(h.site.page('/mallory', replyPage('Mallory', TARGET, 'Rejected words')), TARGET),
          h.submitAndSettle(h.site.page('/nolink', page('<p>No link at all</p>')), TARGET),
          h.submitAndSettle(
            h.site.page('/olga', replyPage('Olga', `${SITE}/posts/other`, 'Other post')),
            `${SITE}/posts/other`,
          ),
        ]);
        expect(seeded.map((row) => row.status)).toEqual(['verified', 'verified', 'verified', 'failed', 'verified']);
        await h.store.setModeration(seeded[2].id, 'rejected');
      }, 30_000);

      it('renders the verified, approved mentions of the target only', async () => {
        const html = await renderer().render(TARGET);
        expect(byClass(html, 'wm-comment__name').map((n) => text(n).trim())).toEqual(['Alice']);
        expect(text(byClass(html, 'e-content')[0])).toContain('Great post');
        expect(byClass(html, 'wm-face__link').map((f) => attr(f, 'title'))).toEqual(['Bob']);
        expect(html).not.toMatch(/Mallory|Rejected words|Olga|No link/);
      });

      it('finds them under another spelling of the target URL', async () => {
        const mentions = await renderer().mentionsFor('https://www.Blog.example/posts/known/#comments');
        expect(mentions.map((m) => m.authorName).sort()).toEqual(['Alice', 'Bob']);
        expect(await renderer().render('https://www.blog.example/posts/known/')).toBe(await renderer().render(TARGET));
      });

      it('filters by type, newest first, up to the limit', async () => {
        expect((await renderer().mentionsFor(TARGET, { type: 'like' })).map((m) => m.authorName)).toEqual(['Bob']);
        const likesOnly = await renderer().render(TARGET, { type: 'like' });
        expect(byClass(likesOnly, 'wm-comment')).toHaveLength(0);
        expect(byClass(likesOnly, 'wm-face')).toHaveLength(1);
        const all = await renderer().mentionsFor(TARGET);
        expect(all.map((m) => m.id)).toEqual([...all.map((m) => m.id)].sort((a, b) => b - a));
        expect(await renderer().mentionsFor(TARGET, { limit: 1 })).toEqual([all[0]]);
      });

      it("registers helpers on the host's Handlebars that render fetched mentions with this site's endpoint", async () => {
        const hbs = Handlebars.create();
        renderer().registerHelpers(hbs);
        const view = hbs.compile(
          '{{webmentionEndpointLink}}|{{webmentionCount mentions}}|{{webmentionCount mentions type="like"}}|' +
            '{{showWebmentions mentions type="reply"}}|{{webmentionSendForm url}}',
        );
        const [link, all, likes, block, form] = view({
          mentions: await renderer().mentionsFor(TARGET),
          url: TARGET,
        }).split('|');
        expect(link).toBe(`<link rel="webmention" href="${SITE}/webmention">`);
        expect([all, likes]).toEqual(['2', '1']);
        expect(byClass(block, 'wm-comment__name').map((n) => text(n).trim())).toEqual(['Alice']);
        expect(byClass(block, 'wm-face')).toHaveLength(0);
        expect(attr(byClass(form, 'wm-send-form')[0], 'action')).toBe(`${SITE}/webmention`);
      });

      it('refuses a bad target, type or limit with an error that says what is wrong', async () => {
        await expect(renderer().mentionsFor('not a url')).rejects.toThrow('targetUrl must be an absolute http(s) URL');
        await expect(renderer().render(TARGET, { type: 'likes' })).rejects.toThrow('Unknown webmention type "likes"');
        await expect(renderer().mentionsFor(TARGET, { limit: 0 })).rejects.toThrow('limit must be a whole number');
      });

      it('writes the endpoint link, send form and stylesheet URL of this site', async () => {
        expect(renderer().endpointUrl()).toBe(`${SITE}/webmention`);
        expect(await renderer().endpointUrl({ slug: 'known' })).toBe(`${SITE}/webmention?post=${KEY}`);
        expect(await renderer().endpointLink({ slug: 'known' })).toBe(
          `<link rel="webmention" href="${SITE}/webmention?post&#x3D;${KEY}">`,
        );
        const form = byClass(renderer().sendForm(TARGET), 'wm-send-form')[0];
        expect(attr(form, 'action')).toBe(`${SITE}/webmention`);
        expect(renderer().stylesheetUrl).toBe(`${SITE}/webmention/webmention.css`);
        expect(renderer().stylesheet()).toBe(CSS);
      });
    });

    describe('stylesheet route', () => {
      it('serves the CSS with caching headers and answers 304 to its ETag', async () => {
        const res = await get('/webmention/webmention.css').expect(200);
        expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
        expect(res.headers['cache-control']).toBe('public, max-age=86400');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers.etag).toMatch(/^"[\w-]{27}"$/);
        expect(res.text).toBe(CSS);
        expect(res.headers.link).toBeUndefined();
        const again = await get('/webmention/webmention.css').set('If-None-Match', res.headers.etag).expect(304);
        expect(again.text).toBe('');
        expect(again.headers.etag).toBe(res.headers.etag);
        await get('/webmention/webmention.css').set('If-None-Match', '"stale"').expect(200);
      });
    });

    describe('Link interceptor', () => {
      it('advertises the per-post endpoint on an HTML page the resolver accepts, in header and head alike', async () => {
        const res = await get('/posts/known').expect(200);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.headers.link).toBe(webmentionLink(`${SITE}/webmention?post=${KEY}`));
        expect(res.text).toContain(`href="${SITE}/webmention?post&#x3D;${KEY}"`);
        const head = await request(h.t.url).head('/posts/other').expect(200);
        expect(head.headers.link).toBe(webmentionLink(`${SITE}/webmention?post=${postKeyOf(`${SITE}/posts/other`)}`));
      });

      it('adds nothing to JSON, to a page the resolver refuses, or when the resolver fails', async () => {
        const json = await get('/posts/known?format=json').expect(200);
        expect(json.headers['content-type']).toMatch(/^application\/json/);
        expect(json.body).toEqual({ slug: 'known' });
        expect(json.headers.link).toBeUndefined();
        expect((await get('/pages/about').expect(200)).headers.link).toBeUndefined();
        expect((await get('/posts/boom').expect(200)).headers.link).toBeUndefined();
        expect((await get('/webmentions?target=x').expect(400)).headers.link).toBeUndefined();
      });

      it('keeps an endpoint the handler set, and appends to other Link values', async () => {
        const own = await get('/posts/known?own=1').expect(200);
        expect(own.headers.link).toBe('<https://elsewhere.example/wm>; rel="webmention"');
        const preload = await get('/posts/known?preload=1').expect(200);
        expect(preload.headers.link).toBe(
          `</style.css>; rel=preload; as=style, ${webmentionLink(`${SITE}/webmention?post=${KEY}`)}`,
        );
      });
    });

    describe('per-post endpoint', () => {
      const post = (query: string, source: string, target: string, accept = 'application/json') =>
        request(h.t.url).post(`/webmention${query}`).set('Accept', accept).type('form').send({ source, target });
      const rowsOf = (source: string) => h.rows().countBy({ sourceUrl: source });

      it('refuses a target that is not the post of the endpoint, storing nothing', async () => {
        const source = h.site.page('/mismatch', replyPage('Eve', `${SITE}/posts/other`, 'wrong post'));
        const res = await post(`?post=${KEY}`, source, `${SITE}/posts/other`).expect(400);
        expect(res.body).toEqual({
          error: 'target_mismatch',
          error_description: 'target is not the post this endpoint belongs to',
        });
        const asText = await post(`?post=${KEY}`, source, `${SITE}/posts/other`, 'text/html').expect(400);
        expect(asText.text).toBe('target_mismatch: target is not the post this endpoint belongs to\n');
        expect(await rowsOf(source)).toBe(0);
      });

      it.each([['?post=nothex'], ['?post='], [`?post=${KEY}&post=${KEY}`], [`?post=${KEY.toUpperCase()}`]])(
        'refuses a malformed post key (%s) with 400 invalid_post',
        async (query) => {
          const source = h.site.page('/malformed', replyPage('Eve', TARGET, 'malformed'));
          const res = await post(query, source, TARGET).expect(400);
          expect(res.body.error).toBe('invalid_post');
          expect(await rowsOf(source)).toBe(0);
        },
      );

      it('accepts a mention of its post, in any spelling of the post URL, and verifies it', async () => {
        const since = h.events.length;
        const source = h.site.page('/matching', replyPage('Carol', TARGET, 'right post'));
        const res = await post(`?post=${KEY}`, source, 'https://Blog.example/posts/known/').expect(201);
        expect(res.body).toMatchObject({ status: 'pending', created: true });
        const row = await eventually(async () => {
          const found = await h.rows().findOneBy({ sourceUrl: source });
          return found && h.eventsOf(found.id, since).some((e) => e.name === 'webmention.verified') ? found : null;
        });
        expect(row.targetUrl).toBe('https://blog.example/posts/known/');
      });
    });
  });

  describeWith(stack.services, "advertise: 'html' and the sender round trip", () => {
    let t: TestApp;
    let forward: PortForward;
    let sources: RemoteSite;
    const get = (path: string) => request(t.url).get(path);

    beforeAll(async () => {
      forward = await new PortForward().start();
      sources = await new RemoteSite().start();
      t = await startTestApp({
        stack,
        adapter,
        options: {
          baseUrl: forward.origin,
          advertise: 'html',
          render: { perPostEndpoints: true, stylesheetPath: '/assets/wm.css' },
          urlResolver: new FixturePostsResolver(forward.origin),
        },
        extras: { isGlobal: true },
        imports: [FixturePagesModule],
      });
      forward.to(t.url);
    }, 30_000);
    afterAll(async () => {
      await t?.close();
      await forward?.stop();
      await sources?.stop();
    });

    it('advertises on every HTML page: the plain endpoint where no post resolves, never on JSON', async () => {
      expect((await get('/pages/about').expect(200)).headers.link).toBe(webmentionLink(`${forward.origin}/webmention`));
      expect((await get('/posts/boom').expect(200)).headers.link).toBe(webmentionLink(`${forward.origin}/webmention`));
      const key = postKeyOf(`${forward.origin}/posts/known`);
      expect((await get('/posts/known').expect(200)).headers.link).toBe(
        webmentionLink(`${forward.origin}/webmention?post=${key}`),
      );
      expect((await get('/posts/known?format=json').expect(200)).headers.link).toBeUndefined();
      expect((await get('/webmention/status/unknown-token-000').expect(404)).headers.link).toBeUndefined();
    });

    it('serves the stylesheet at render.stylesheetPath only', async () => {
      expect((await get('/assets/wm.css').expect(200)).text).toBe(CSS);
      await get('/webmention/webmention.css').expect(404);
      expect(t.app.get(WebmentionRenderer).stylesheetUrl).toBe(`${forward.origin}/assets/wm.css`);
    });

    it("WebmentionSender discovers a page's per-post endpoint and delivers to it, query string kept", async () => {
      const target = `${forward.origin}/posts/known`;
      const source = sources.page(
        '/a-reply',
        page(`<a class="u-in-reply-to" href="${target}">re</a> <p class="e-content">Sent by the library</p>`),
      );
      const report = await t.app.get(WebmentionSender).send(source);
      expect(report.error).toBeUndefined();
      expect(report.targets).toEqual([
        expect.objectContaining({
          target,
          status: 'sent',
          endpoint: `${forward.origin}/webmention?post=${postKeyOf(target)}`,
          httpStatus: 201,
        }),
      ]);
      const shown = await eventually(async () => {
        const mentions = await t.app.get(WebmentionRenderer).mentionsFor(target);
        return mentions.length > 0 ? mentions : null;
      });
      expect(shown.map((m) => [m.sourceUrl, m.mentionType, m.status])).toEqual([[source, 'reply', 'verified']]);
    });
  });
});
