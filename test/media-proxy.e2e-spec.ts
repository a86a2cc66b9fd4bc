import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Webmention, WebmentionRenderer, WebmentionStore } from 'nestjs-webmention';
import { mediaKeyOf, WebmentionMediaStore } from 'nestjs-webmention/testing';
import { RemoteSite } from './support/remote-site';
import { describeWith } from './support/services';
import { STACKS, startTestApp, TestApp } from './support/test-app';
import { sleep, useVerificationApp } from './support/verification-harness';

jest.setTimeout(30_000);

const TARGET = 'https://blog.example/posts/hello';
const MEDIA_PATH = '/webmention/media';
const TTL_MS = 1500;
const MAX_BYTES = 64 * 1024;
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const VARIANTS = STACKS.flatMap((stack) => (['express', 'fastify'] as const).map((adapter) => ({ stack, adapter })));

/** A route serving `body` as `type`, optionally after a delay. */
function serve(type: string, body: Buffer | string, delayMs = 0, headers: Record<string, string> = {}) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    setTimeout(() => res.writeHead(200, { 'Content-Type': type, ...headers }).end(body), delayMs);
  };
}

/** A reply whose author photo and content images are the given URLs. */
function replyWithMedia(photo: string, images: string[]): string {
  return `<!doctype html>
<article class="h-entry">
  <div class="p-author h-card"><img class="u-photo" src="${photo}" alt=""><a class="p-name u-url" href="https://alice.example/">Alice</a></div>
  <a class="u-in-reply-to" href="${TARGET}">in reply to</a>
  <div class="e-content"><p>Look at these:</p>${images.map((src) => `<img src="${src}" alt="">`).join('')}</div>
</article>`;
}

const mediaPath = (url: string) => `${MEDIA_PATH}/${mediaKeyOf(url)}`;

describe.each(VARIANTS)('media proxy on $stack.name over $adapter', ({ stack, adapter }) => {
  describeWith(stack.services, 'serving the media of shown mentions', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'wm-media-e2e-'));
    const images = new RemoteSite();
    const h = useVerificationApp(stack, {
      adapter,
      extras: { mediaProxy: { enabled: true, cacheDir, ttlMs: TTL_MS, maxBytes: MAX_BYTES } },
      // NOTE: the reply's author (alice.example) has no page to confirm it; this suite is about media.
      options: { content: { maxChars: 300 }, authorship: { fetchAuthorPage: false } },
    });
    const url = (path: string) => images.url(path);
    const hits = (path: string) => images.hits.filter((hit) => hit.path === path).length;
    const get = (path: string) => request(h.t.url).get(path);
    const media = () => h.t.app.get(WebmentionMediaStore);
    let mention: Webmention;
    /** The If-None-Match of each request for the photo. */
    const conditional: Array<string | string[] | undefined> = [];

    beforeAll(async () => {
      await images.start();
      images.routes.set('/photo.png', (req, res) => {
        conditional.push(req.headers['if-none-match']);
        if (req.headers['if-none-match'] === '"upstream-1"') return void res.writeHead(304).end();
        res.writeHead(200, { 'Content-Type': 'image/png', ETag: '"upstream-1"' }).end(PNG);
      });
      images.routes.set('/slow.png', serve('image/png', PNG, 300));
      images.routes.set('/page.html', serve('text/html; charset=utf-8', '<!doctype html><p>not an image</p>'));
      images.routes.set('/big.png', serve('image/png', Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)])));
      images.routes.set('/logo.svg', serve('image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'));
      images.routes.set('/fake.png', serve('image/png', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'));
      const content = ['/slow.png', '/page.html', '/big.png', '/logo.svg', '/fake.png'].map(url);
      const source = h.site.page('/reply', replyWithMedia(url('/photo.png'), content));
      mention = await h.submitAndSettle(source, TARGET);
    });
    afterAll(async () => {
      await images.stop();
      rmSync(cacheDir, { recursive: true, force: true });
    });

    it('records the author photo and every content image of the verified mention', async () => {
      expect(mention.status).toBe('verified');
      expect(await media().urlsFor(mention.id)).toEqual(
        ['/photo.png', '/slow.png', '/page.html', '/big.png', '/logo.svg', '/fake.png'].map(url),
      );
    });

    it('serves the author photo from our origin with safe headers, then from the cache, with ETag and 304', async () => {
      const first = await get(mediaPath(url('/photo.png'))).expect(200);
      expect(Buffer.compare(first.body as Buffer, PNG)).toBe(0);
      expect(first.headers).toMatchObject({
        'content-type': 'image/png',
        'content-length': String(PNG.length),
        'cache-control': `public, max-age=${Math.floor(TTL_MS / 1000)}`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'",
      });
      expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      expect(hits('/photo.png')).toBe(1);
      expect(existsSync(join(cacheDir, mediaKeyOf(url('/photo.png'))!.slice(0, 2)))).toBe(true);

      const second = await get(mediaPath(url('/photo.png'))).expect(200);
      expect(Buffer.compare(second.body as Buffer, PNG)).toBe(0);
      const notModified = await get(mediaPath(url('/photo.png')))
        .set('If-None-Match', first.headers.etag)
        .expect(304);
      expect(notModified.headers.etag).toBe(first.headers.etag);
      expect(hits('/photo.png')).toBe(1);
    });

    it('fetches again once the cache entry is older than the ttl, revalidating with the remote ETag', async () => {
      await get(mediaPath(url('/photo.png'))).expect(200);
      const before = hits('/photo.png');
      await sleep(TTL_MS + 100);
      const res = await get(mediaPath(url('/photo.png'))).expect(200);
      expect(Buffer.compare(res.body as Buffer, PNG)).toBe(0);
      expect(hits('/photo.png')).toBe(before + 1);
      expect(conditional).toEqual([undefined, '"upstream-1"']);
      await get(mediaPath(url('/photo.png'))).expect(200);
      expect(hits('/photo.png')).toBe(before + 1);
    });

    it('fetches a content image once however many requests ask for it at the same time', async () => {
      const answers = await Promise.all(Array.from({ length: 5 }, () => get(mediaPath(url('/slow.png')))));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(hits('/slow.png')).toBe(1);
    });

    it.each([
      ['a page that is not an image', '/page.html', 'not_image'],
      ['an image over maxBytes', '/big.png', 'too_large'],
      ['an SVG image', '/logo.svg', 'svg'],
      ['an SVG that claims to be a PNG', '/fake.png', 'not_image'],
    ])('refuses %s with a reason, and does not cache it', async (_what, path, reason) => {
      const res = await get(mediaPath(url(path))).expect(502);
      expect(res.body).toMatchObject({ error: reason });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      await get(mediaPath(url(path))).expect(502);
      expect(hits(path)).toBe(2);
    });

    it('answers 404 for keys of no mention, malformed keys and URLs never recorded, without fetching', async () => {
      const before = images.hits.length;
      await get(`${MEDIA_PATH}/${'0'.repeat(64)}`).expect(404);
      await get(`${MEDIA_PATH}/not-a-key`).expect(404);
      await get(`${MEDIA_PATH}/${'A'.repeat(64)}`).expect(404);
      const res = await get(mediaPath(url('/unrecorded.png'))).expect(404);
      expect(res.body).toMatchObject({ error: 'not_found' });
      expect(images.hits.length).toBe(before);
    });

    it('rewrites the rendered photo and images to our origin', async () => {
      const html = await h.t.app.get(WebmentionRenderer).render(TARGET);
      expect(html).toContain(`https://blog.example${mediaPath(url('/photo.png'))}`);
      expect(html).toContain(`https://blog.example${mediaPath(url('/slow.png'))}`);
      expect(html).not.toContain(images.origin);
    });

    it('stops serving the media of a mention once it is rejected, and again once approved', async () => {
      const store = h.t.app.get(WebmentionStore);
      await store.setModeration(mention.id, 'rejected');
      await get(mediaPath(url('/photo.png'))).expect(404);
      await store.setModeration(mention.id, 'approved');
      await get(mediaPath(url('/photo.png'))).expect(200);
    });

    it('stores a long multi-paragraph reply cut to content.maxChars with a Read more link', async () => {
      const paragraph = (n: number) =>
        `<p>Paragraph ${n}: ${'lorem ipsum dolor sit amet consectetur adipiscing elit '.repeat(3)}</p>`;
      const page = `<!doctype html><article class="h-entry">
        <a class="p-author h-card" href="https://bob.example/">Bob</a>
        <a class="u-in-reply-to" href="${TARGET}">re</a>
        <a class="u-url" href="https://bob.example/notes/1">permalink</a>
        <div class="e-content">${[1, 2, 3, 4, 5, 6].map(paragraph).join('\n')}</div></article>`;
      const row = await h.submitAndSettle(h.site.page('/long', page), TARGET);
      expect(row.status).toBe('verified');
      expect(row.content!.length).toBeLessThanOrEqual(300);
      expect(row.content!.endsWith('…')).toBe(true);
      expect(row.contentHtml).toMatch(
        /…(<\/[a-z]+>)* <a href="https:\/\/bob\.example\/notes\/1" rel="nofollow ugc noopener">Read more<\/a><\/p>$/,
      );
      expect(row.contentHtml).toContain('Paragraph 1');
      expect(row.contentHtml).not.toContain('Paragraph 6');
      const kept = row.contentHtml!.replace(/<[^>]+>/g, '').replace(/ Read more$/, '');
      expect(kept.length).toBeLessThanOrEqual(300);
    });

    it('serves nothing for a mention once it is deleted, through the store or by other code', async () => {
      const store = h.t.app.get(WebmentionStore);
      await get(mediaPath(url('/photo.png'))).expect(200);
      expect(await store.remove(mention.id)).toBe(true);
      expect(await media().urlsFor(mention.id)).toEqual([]);
      await get(mediaPath(url('/photo.png'))).expect(404);

      const other = await h.submitAndSettle(h.site.page('/again', replyWithMedia(url('/photo.png'), [])), TARGET);
      await get(mediaPath(url('/photo.png'))).expect(200);
      await h.t.app.get(DataSource).getRepository(Webmention).delete({ id: other.id });
      expect(await media().urlsFor(other.id)).toEqual([url('/photo.png')]);
      await get(mediaPath(url('/photo.png'))).expect(404);
    });
  });
});

describe.each(STACKS)('media proxy with the address guard on, on $name', (stack) => {
  describeWith(stack.services, 'a photo on a private address', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'wm-media-guard-'));
    const images = new RemoteSite();
    let t: TestApp;

    beforeAll(async () => {
      await images.start();
      images.routes.set('/photo.png', serve('image/png', PNG));
      t = await startTestApp({
        stack,
        options: { http: { timeoutMs: 3000 } },
        extras: { mediaProxy: { enabled: true, cacheDir } },
      });
    });
    afterAll(async () => {
      await t?.close();
      await images.stop();
      rmSync(cacheDir, { recursive: true, force: true });
    });

    it('is refused without a request reaching it', async () => {
      // NOTE: the guard would refuse a 127.0.0.1 source too, so the shown mention is written directly.
      const store = t.app.get(WebmentionStore);
      const { webmention } = await store.upsertPair('https://alice.example/reply', TARGET, 'approved');
      const photo = images.url('/photo.png');
      await store.applyResult(webmention.id, Date.now(), {
        status: 'verified',
        authorPhoto: photo,
        verifiedAt: new Date(),
      });
      await t.app.get(WebmentionMediaStore).replaceFor(webmention.id, [photo]);

      const res = await request(t.url).get(mediaPath(photo)).expect(502);
      expect(res.body).toMatchObject({ error: 'blocked_address' });
      expect(images.hits).toEqual([]);
    });
  });
});
