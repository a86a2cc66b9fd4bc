/**
 * The jf2 feed read by a real consumer of webmention.io's format: @chrisburnell/eleventy-cache-webmentions, the
 * Eleventy plugin static sites use to show webmention.io's mentions, pointed at our feed instead by changing one URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryHtml, EntryPage, submitVerified } from './support/api-seed';
import { RemoteSite } from './support/remote-site';
import { describeWith } from './support/services';
import { STACKS, startTestApp, TestApp } from './support/test-app';

// NOTE: the plugin's CommonJS entry; it fetches with the global fetch and caches with @11ty/eleventy-fetch.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const consumer = require('@chrisburnell/eleventy-cache-webmentions') as {
  defaults: Record<string, unknown>;
  getWebmentions(options: Record<string, unknown>, url: string, types?: string[]): Promise<Record<string, unknown>[]>;
  fetchWebmentions(
    options: Record<string, unknown>,
    cached: Record<string, unknown>[],
    url: string,
  ): Promise<{ found: number; webmentions: Record<string, unknown>[] }>;
  getType(webmention: Record<string, unknown>): string;
  getSource(webmention: Record<string, unknown>): string;
  getTarget(webmention: Record<string, unknown>): string;
  getContent(webmention: Record<string, unknown>): string;
  getPublished(webmention: Record<string, unknown>): string;
};

const TARGET = 'https://blog.example/posts/eleventy';
const author = (name: string) => ({
  name,
  url: `https://${name.toLowerCase()}.example/`,
  photo: `https://${name.toLowerCase()}.example/p.png`,
});
const PAGES: Record<string, EntryPage> = {
  reply: { kind: 'reply', author: author('Ann'), content: 'Nice one', published: '2025-03-01T10:00:00Z' },
  like: { kind: 'like', author: author('Ben') },
  repost: { kind: 'repost', author: author('Cas') },
  bookmark: { kind: 'bookmark', author: author('Dee') },
  mention: { kind: 'mention', content: 'Linked', author: author('Eve') },
};

describe.each(STACKS)('a webmention.io jf2 consumer reading our feed, on $name', (stack) => {
  describeWith(stack.services, 'eleventy-cache-webmentions', () => {
    let t: TestApp;
    let site: RemoteSite;
    let cacheDirectory: string;
    const sources = new Map<string, string>();
    /** What the plugin asked our API, and what it was answered. */
    const requested: { url: string; status: number }[] = [];
    const realFetch = globalThis.fetch;

    beforeAll(async () => {
      globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
        const response = await realFetch(input, init);
        requested.push({ url: String(input), status: response.status });
        return response;
      };
      cacheDirectory = mkdtempSync(join(tmpdir(), 'wm-eleventy-'));
      site = await new RemoteSite().start();
      // NOTE: the authors (ada.example, …) have no pages to confirm them; this suite is about the jf2 feed.
      t = await startTestApp({ stack, options: { authorship: { fetchAuthorPage: false } } });
      for (const [kind, page] of Object.entries(PAGES)) {
        const source = site.page(`/${kind}`, entryHtml(TARGET, page));
        sources.set(kind, source);
        await submitVerified(t, source, TARGET);
      }
    }, 60_000);
    afterAll(async () => {
      globalThis.fetch = realFetch;
      await t?.close();
      await site?.stop();
      rmSync(cacheDirectory, { recursive: true, force: true });
    });

    it('gets every mention of the page, with its type, source, target, content and date', async () => {
      const feed = `${t.url}/webmentions?format=jf2&limit=100&target=${encodeURIComponent(TARGET)}`;
      const options = {
        ...consumer.defaults,
        domain: 'https://blog.example',
        feed,
        key: 'children',
        cacheDirectory,
        duration: '0s',
      };
      // NOTE: Eleventy page URLs end in a slash; the plugin groups mentions by their target spelled that way.
      const found = await consumer.getWebmentions(options, `${TARGET}/`);

      expect(found).toHaveLength(Object.keys(PAGES).length);
      const byType = new Map(found.map((w) => [consumer.getType(w), w]));
      expect([...byType.keys()].sort()).toEqual(['bookmark-of', 'in-reply-to', 'like-of', 'mention-of', 'repost-of']);
      for (const [kind, property] of [
        ['reply', 'in-reply-to'],
        ['like', 'like-of'],
        ['repost', 'repost-of'],
        ['bookmark', 'bookmark-of'],
        ['mention', 'mention-of'],
      ]) {
        const w = byType.get(property)!;
        expect(consumer.getSource(w)).toBe(sources.get(kind));
        expect(consumer.getTarget(w)).toBe(TARGET);
      }
      const reply = byType.get('in-reply-to')!;
      expect(consumer.getContent(reply)).toContain('Nice one');
      expect(new Date(consumer.getPublished(reply)).toISOString()).toBe('2025-03-01T10:00:00.000Z');
      expect(consumer.getType(byType.get('like-of')!)).toBe('like-of');
      expect((byType.get('like-of')!.author as { name: string }).name).toBe('Ben');
    }, 30_000);

    it('answers its incremental `since=<newest wm-received>` request, as webmention.io does', async () => {
      const feed = `${t.url}/webmentions?format=jf2&limit=100&target=${encodeURIComponent(TARGET)}`;
      const options = { ...consumer.defaults, domain: 'https://blog.example', feed, key: 'children', cacheDirectory };
      const all = await consumer.fetchWebmentions(options, [], feed);
      expect(all.found).toBe(Object.keys(PAGES).length);
      // NOTE: the plugin appends the newest `wm-received` unencoded, exactly as below (core.cjs, retrieveWebmentions).
      const newest = all.webmentions
        .map((w) => String(w['wm-received']))
        .sort()
        .pop()!;
      const since = await consumer.fetchWebmentions(options, all.webmentions, `${feed}&since=${newest}`);
      expect(requested.at(-1)).toEqual({ url: `${feed}&since=${newest}`, status: 200 });
      // NOTE: wm-received has whole seconds (as webmention.io's); mentions received later in that same second come
      // again rather than being missed, and the plugin merges them by source and target.
      const resent = await consumer.fetchWebmentions(options, [], `${feed}&since=${newest}`);
      expect(resent.webmentions.every((w) => String(w['wm-received']) >= newest)).toBe(true);
      expect(since.webmentions).toHaveLength(Object.keys(PAGES).length);
      const older = await consumer.fetchWebmentions(options, [], `${feed}&since=2000-01-01T00:00:00Z`);
      expect(older.found).toBe(Object.keys(PAGES).length);
    }, 30_000);
  });
});
