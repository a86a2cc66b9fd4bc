/**
 * Moving in and out: a jf2 feed in webmention.io's `mentions.jf2` shape imported (every response type, a private
 * entry, malformed children), imported twice, exported and imported into an empty database. Both stacks.
 */
import { Webmention } from 'nestjs-webmention';
import { Jf2TransferService } from 'nestjs-webmention/testing';
import { DataSource } from 'typeorm';
import { WEBMENTION_IO_JF2 } from './support/jf2-fixture';
import { describeWith } from './support/services';
import { RemoteSite } from './support/remote-site';
import { eventually, STACKS, startTestApp, TestApp } from './support/test-app';

/** The fixture's six entries, a private one and three that cannot be imported. */
const FEED = {
  ...WEBMENTION_IO_JF2,
  children: [
    ...WEBMENTION_IO_JF2.children,
    { ...WEBMENTION_IO_JF2.children[0], 'wm-source': 'https://ada.example/private/1', 'wm-private': true },
    { type: 'entry', 'wm-target': 'https://site.example/posts/hello/' },
    { ...WEBMENTION_IO_JF2.children[1], 'wm-source': 'javascript:alert(1)' },
    {
      ...WEBMENTION_IO_JF2.children[0],
      'wm-source': 'https://mallory.example/x',
      content: { html: '<p>hi<img src=x onerror="alert(1)"><script>alert(2)</script></p>', text: 'hi' },
    },
  ],
};

/** What a row says, without what differs between databases by design (ids, tokens, update times). */
const shape = (w: Webmention) => ({
  sourceUrl: w.sourceUrl,
  targetUrl: w.targetUrl,
  status: w.status,
  moderation: w.moderation,
  mentionType: w.mentionType,
  rsvp: w.rsvp,
  authorName: w.authorName,
  authorUrl: w.authorUrl,
  authorPhoto: w.authorPhoto,
  title: w.title,
  content: w.content,
  contentHtml: w.contentHtml,
  url: w.url,
  published: w.published?.toISOString() ?? null,
  createdAt: w.createdAt.toISOString(),
  photos: w.photos,
  videos: w.videos,
  audios: w.audios,
});

describe.each(STACKS)('jf2 import and export on $name', (stack) => {
  describeWith(stack.services, 'Jf2TransferService', () => {
    let first: TestApp;
    let second: TestApp;
    const rows = (app: TestApp) =>
      app.app
        .get(DataSource)
        .getRepository(Webmention)
        .find({ order: { sourceUrl: 'ASC' } });
    const options = { options: { baseUrl: 'https://site.example' } };

    beforeAll(async () => {
      first = await startTestApp({ stack, ...options });
      second = await startTestApp({ stack, ...options });
    }, 30_000);
    afterAll(async () => {
      await first?.close();
      await second?.close();
    });

    it('imports every response type, skips the private entry and malformed children with their reasons', async () => {
      const report = await first.app.get(Jf2TransferService).import(FEED);
      expect(report).toMatchObject({ dryRun: false, read: 10, imported: 7, existing: 0 });
      expect(report.skipped).toEqual([
        { index: 6, reason: 'private (wm-private: true); --private imports it' },
        { index: 7, reason: 'wm-source is missing' },
        { index: 8, reason: 'wm-source: wm-source must use the http or https scheme' },
      ]);
      const stored = await rows(first);
      expect(stored.map((w) => w.mentionType).sort()).toEqual(
        ['bookmark', 'like', 'mention', 'reply', 'reply', 'repost', 'rsvp'].sort(),
      );
      const ada = stored.find((w) => w.sourceUrl === 'https://ada.example/replies/1')!;
      expect(shape(ada)).toMatchObject({
        status: 'verified',
        moderation: 'approved',
        authorName: 'Ada Example',
        published: '2024-05-02T09:15:00.000Z',
        createdAt: '2024-05-02T09:20:31.000Z',
      });
      expect(ada.entry).toEqual({ 'wm-id': 1701 });
      const hostile = stored.find((w) => w.sourceUrl === 'https://mallory.example/x')!;
      expect(hostile.contentHtml).not.toMatch(/onerror|script/);
    });

    it('a second import adds nothing', async () => {
      const before = await rows(first);
      const report = await first.app.get(Jf2TransferService).import(FEED);
      expect(report).toMatchObject({ imported: 0, existing: 7 });
      expect((await rows(first)).map(shape)).toEqual(before.map(shape));
    });

    it('an export imports into an empty database as the same rows', async () => {
      const feed = await first.app.get(Jf2TransferService).export();
      expect(feed.children).toHaveLength(7);
      const report = await second.app.get(Jf2TransferService).import(JSON.parse(JSON.stringify(feed)));
      expect(report).toMatchObject({ imported: 7, skipped: [] });
      expect((await rows(second)).map(shape)).toEqual((await rows(first)).map(shape));
    });

    it('with status pending each imported mention is verified here, against its source', async () => {
      const site = await new RemoteSite().start();
      try {
        const target = 'https://site.example/posts/hello/';
        const linking = site.page('/still-links', `<p class="h-entry"><a href="${target}">hello</a></p>`);
        const gone = site.page('/gone', 'gone', 410);
        const entry = (source: string) => ({ ...WEBMENTION_IO_JF2.children[1], 'wm-source': source, url: source });
        const report = await second.app
          .get(Jf2TransferService)
          .import({ type: 'feed', children: [entry(linking), entry(gone)] }, { status: 'pending' });
        expect(report).toMatchObject({ imported: 2, reverified: 2 });
        const statusOf = async (source: string) => (await rows(second)).find((w) => w.sourceUrl === source)?.status;
        await eventually(async () => (await statusOf(linking)) === 'verified' && (await statusOf(gone)) === 'failed');
      } finally {
        await site.stop();
      }
    });

    it('the private entry comes in when asked, held for moderation', async () => {
      const report = await first.app.get(Jf2TransferService).import(FEED, { includePrivate: true });
      expect(report).toMatchObject({ imported: 1, existing: 7 });
      const stored = await rows(first);
      expect(stored.find((w) => w.sourceUrl === 'https://ada.example/private/1')?.moderation).toBe('pending');
    });
  });
});
