import request from 'supertest';
import { parse } from 'parse5';
import { DataSource } from 'typeorm';
import { Webmention } from 'nestjs-webmention';
import { RemoteSite } from './support/remote-site';
import { describeWith } from './support/services';
import { eventually, STACKS, startTestApp, TestApp } from './support/test-app';

const TARGET = 'https://blog.example/posts/hello-world';

/** Every attribute of every element of an HTML fragment, for checks that do not trust string matching. */
function attributes(html: string): { tag: string; name: string; value: string }[] {
  const found: { tag: string; name: string; value: string }[] = [];
  type TreeNode = { tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: TreeNode[] };
  const walk = (node: TreeNode) => {
    for (const attr of node.attrs ?? []) found.push({ tag: node.tagName ?? '', name: attr.name, value: attr.value });
    for (const child of node.childNodes ?? []) walk(child);
  };
  walk(parse(html) as TreeNode);
  return found;
}

describe.each(STACKS)('what a mention says, on $name', (stack) => {
  describeWith(stack.services, 'microformats2 end to end', () => {
    let t: TestApp;
    let site: RemoteSite;
    const rows = () => t.app.get(DataSource).getRepository(Webmention);

    beforeAll(async () => {
      site = await new RemoteSite().start();
      t = await startTestApp({ stack });
    });
    afterAll(async () => {
      await t?.close();
      await site?.stop();
    });

    async function receive(path: string, html: string): Promise<Webmention> {
      const source = site.page(path, html);
      await request(t.url).post('/webmention').type('form').send({ source, target: TARGET }).expect(201);
      return eventually(async () => {
        const row = await rows().findOneBy({ sourceUrl: source });
        return row && row.status !== 'pending' ? row : null;
      });
    }

    it('stores a reply with its author, photo, sanitised content, offset date and own URL', async () => {
      const row = await receive(
        '/bridgy-reply',
        `<html><head><title>Proxy page</title></head><body>
        <article class="h-entry">
          <a class="u-in-reply-to" href="https://BLOG.example/posts/hello-world/#comments">in reply to</a>
          <div class="p-author h-card"><a class="u-url p-name" href="/people/bea">Bea</a><img class="u-photo" src="/bea.jpg" alt="Bea"></div>
          <div class="e-content p-name">Loved it! <script>alert(1)</script><a href="javascript:alert(3)">click</a> <a href="/more">more</a></div>
          <time class="dt-published" datetime="2026-03-04 05:06:07+0200">then</time>
          <a class="u-url" href="https://silo.example/bea/status/42">original</a>
        </article></body></html>`,
      );
      expect(row).toMatchObject({
        status: 'verified',
        mentionType: 'reply',
        authorName: 'Bea',
        authorUrl: site.url('/people/bea'),
        authorPhoto: site.url('/bea.jpg'),
        url: 'https://silo.example/bea/status/42',
      });
      expect(row.published?.toISOString()).toBe('2026-03-04T03:06:07.000Z');
      expect(row.content).toMatch(/^Loved it!/);
      expect(row.title).toBeNull(); // the implied name only repeats the content
      const html = row.contentHtml ?? '';
      expect(html).toContain('Loved it!');
      expect(html).not.toMatch(/<script|alert\(1\)/i);
      for (const a of attributes(html)) {
        expect(a.name).not.toMatch(/^on/i);
        expect(a.value).not.toMatch(/^\s*(javascript|data|vbscript):/i);
      }
      const links = attributes(html).filter((a) => a.tag === 'a' && a.name === 'href');
      expect(links.map((l) => l.value)).toContain(site.url('/more'));
      expect(
        attributes(html)
          .filter((a) => a.tag === 'a' && a.name === 'rel')
          .every((a) => a.value === 'nofollow ugc noopener'),
      ).toBe(true);
    });

    it('stores an RSVP with its value, and reads a date without a zone as UTC', async () => {
      const row = await receive(
        '/rsvp',
        `<div class="h-entry"><span class="p-rsvp">Maybe</span> to <a class="u-in-reply-to" href="${TARGET}">the event</a>
         <time class="dt-published" datetime="2026-05-06T07:08">then</time><a class="p-author h-card" href="https://carl.example/">Carl</a></div>`,
      );
      expect(row).toMatchObject({
        status: 'verified',
        mentionType: 'rsvp',
        rsvp: 'maybe',
        authorName: 'Carl',
        authorUrl: 'https://carl.example/',
      });
      expect(row.published?.toISOString()).toBe('2026-05-06T07:08:00.000Z');
      expect(row.entry).toMatchObject({ type: ['h-entry'] });
    });

    it('classifies a like in an h-feed where only one entry refers to the target, taking the page h-card as author', async () => {
      const row = await receive(
        '/feed',
        `<div class="h-card"><a class="u-url p-name" href="/">Dana</a></div>
         <div class="h-feed">
           <div class="h-entry"><a class="u-like-of" href="https://other.example/post">like</a></div>
           <div class="h-entry"><a class="u-like-of" href="https://www.blog.example/posts/hello-world">like</a><a class="u-url" href="/likes/1">#</a></div>
         </div>`,
      );
      expect(row).toMatchObject({
        status: 'verified',
        mentionType: 'like',
        authorName: 'Dana',
        authorUrl: site.url('/'),
        url: site.url('/likes/1'),
      });
    });

    it('keeps type mention with the page title and the source host when there are no microformats', async () => {
      const row = await receive(
        '/plain',
        `<html><head><title>Just a page</title></head><body><a href="${TARGET}">link</a></body></html>`,
      );
      expect(row).toMatchObject({
        status: 'verified',
        mentionType: 'mention',
        title: 'Just a page',
        authorName: new URL(site.origin).hostname,
        content: null,
      });
    });
  });
});
