/**
 * Microformats fidelity end to end, with the default options: photo and multi-paragraph replies stored and rendered,
 * the author of a `u-author` URL taken from its page, authors claimed on another site confirmed by their page or held
 * for moderation, one fetch per author page thanks to the cache, mf2 JSON sources, and alternates left unread.
 * Remote sites are real HTTP servers on 127.0.0.1; the second one, on another port, is another site.
 */
import { ModerationService, WebmentionRenderer } from 'nestjs-webmention';
import { attr, byClass, elements, text } from 'nestjs-webmention/render/__tests__/html-fixtures';
import { alternateJson, alternatePage, MF2_JSON, page, target } from './support/fidelity-pages';
import { RemoteSite } from './support/remote-site';
import { describeWith } from './support/services';
import { STACKS } from './support/test-app';
import { useVerificationApp } from './support/verification-harness';

describe.each(STACKS)('microformats fidelity on $name', (stack) => {
  describeWith(stack.services, 'with the default options', () => {
    const h = useVerificationApp(stack);
    const other = new RemoteSite();
    const render = (url: string) => h.t.app.get(WebmentionRenderer).render(url);

    beforeAll(() => other.start());
    afterAll(() => other.stop());

    it('stores a photo reply with its photo as media, and renders the photo once, as a thumbnail', async () => {
      const to = target('photo');
      const source = h.site.page(
        '/photo-reply',
        page(`<article class="h-entry">
          <span class="p-author h-card"><a class="p-name u-url" href="/people/pat">Pat</a></span>
          <a class="u-in-reply-to" href="${to}">in reply to</a>
          <div class="e-content"><p>Sunset from the pier.</p>
            <p><img class="u-photo" src="/photos/sunset.jpg" alt="A sunset over the sea"></p></div>
        </article>`),
      );
      const row = await h.submitAndSettle(source, to);
      const photo = h.site.url('/photos/sunset.jpg');
      expect(row).toMatchObject({
        status: 'verified',
        moderation: 'approved',
        mentionType: 'reply',
        authorName: 'Pat',
        photos: [{ url: photo, alt: 'A sunset over the sea' }],
        videos: [],
        audios: [],
        content: 'Sunset from the pier.',
        authorVerified: true,
        authorshipReason: null,
      });
      expect(row.contentHtml).toContain('Sunset from the pier.');
      expect(row.contentHtml).not.toContain('sunset.jpg');

      const html = await render(to);
      const images = elements(html).filter((e) => e.tagName === 'img' && attr(e, 'src') === photo);
      expect(images).toHaveLength(1);
      const [thumb] = images;
      expect(attr(thumb, 'class')).toContain('wm-comment__thumb');
      expect(attr(thumb, 'alt')).toBe('A sunset over the sea');
      expect([attr(thumb, 'loading'), attr(thumb, 'decoding'), attr(thumb, 'width'), attr(thumb, 'height')]).toEqual([
        'lazy',
        'async',
        '160',
        '160',
      ]);
      expect(text(byClass(html, 'e-content')[0]).trim()).toBe('Sunset from the pier.');
    });

    it('stores a multi-paragraph reply with its blocks apart, and renders each paragraph', async () => {
      const to = target('paragraphs');
      const source = h.site.page(
        '/long-reply',
        page(`<article class="h-entry">
          <span class="p-author h-card"><a class="p-name u-url" href="/people/quinn">Quinn</a></span>
          <a class="u-in-reply-to" href="${to}">in reply to</a>
          <div class="e-content"><p>First, the good part.</p><p>Then a second thought<br>on two lines.</p>
            <blockquote>A quote.</blockquote></div>
        </article>`),
      );
      const row = await h.submitAndSettle(source, to);
      expect(row).toMatchObject({ status: 'verified', mentionType: 'reply', photos: [] });
      expect(row.content).toBe('First, the good part.\n\nThen a second thought\non two lines.\n\nA quote.');

      const html = await render(to);
      const all = elements(html);
      const content = all.find((e) => (attr(e, 'class') ?? '').split(' ').includes('e-content'))!;
      const blocks = all.filter((e) => e.parentNode === content);
      expect(blocks.map((b) => [b.tagName, text(b).trim()])).toEqual([
        ['p', 'First, the good part.'],
        ['p', 'Then a second thoughton two lines.'],
        ['blockquote', 'A quote.'],
      ]);
      expect(elements(html).filter((e) => e.tagName === 'br')).toHaveLength(1);
      expect(byClass(html, 'wm-comment__media')).toEqual([]);
    });

    it("takes a u-author URL's name and photo from the author's page", async () => {
      h.site.page(
        '/',
        page(
          '<div class="h-card"><a class="u-url u-uid p-name" href="/">Uma Author</a><img class="u-photo" src="/uma.jpg" alt=""></div>',
        ),
      );
      const to = target('u-author');
      const source = h.site.page(
        '/u-author-reply',
        page(`<article class="h-entry"><a class="u-author" href="/"></a>
          <p class="e-content">Nice <a class="u-in-reply-to" href="${to}">post</a></p></article>`),
      );
      const row = await h.submitAndSettle(source, to);
      expect(row).toMatchObject({
        status: 'verified',
        moderation: 'approved',
        authorName: 'Uma Author',
        authorUrl: h.site.url('/'),
        authorPhoto: h.site.url('/uma.jpg'),
        authorVerified: true,
      });
      expect(h.hitsOf('/')).toBe(1);
      expect(text(byClass(await render(to), 'wm-comment__name')[0])).toBe('Uma Author');
    });

    it('holds an author claimed on another site that its page does not confirm, and shows it once approved', async () => {
      other.page('/mallory', page('<p>Just a page, no h-card.</p>'));
      other.page('/eve', page('<div class="h-card"><a class="u-url u-uid p-name" href="/eve">Someone Else</a></div>'));
      const to = target('spoofed');
      const claim = (name: string, url: string) =>
        page(`<article class="h-entry"><a class="p-author h-card" href="${url}">${name}</a>
          <a class="u-in-reply-to" href="${to}">re</a><p class="e-content">Words of ${name}</p></article>`);
      const mallory = await h.submitAndSettle(h.site.page('/by-mallory', claim('Mallory', other.url('/mallory'))), to);
      const eve = await h.submitAndSettle(h.site.page('/by-eve', claim('Eve', other.url('/eve'))), to);

      expect(mallory).toMatchObject({
        status: 'verified',
        moderation: 'pending',
        authorName: 'Mallory',
        authorUrl: other.url('/mallory'),
        authorVerified: false,
      });
      expect(mallory.authorshipReason).toBe(`the author page ${other.url('/mallory')} has no representative h-card`);
      expect(eve).toMatchObject({
        status: 'verified',
        moderation: 'pending',
        authorName: 'Eve',
        authorVerified: false,
      });
      expect(eve.authorshipReason).toContain('names "Someone Else", not "Eve"');
      expect(await render(to)).not.toMatch(/Mallory|Eve/);

      await h.t.app.get(ModerationService).apply('approve', { ids: [mallory.id] });
      const shown = await render(to);
      expect(byClass(shown, 'wm-comment__name').map((n) => text(n).trim())).toEqual(['Mallory']);
      expect(shown).not.toContain('Eve');

      // NOTE: verifying again does not take back the moderator's approval of a mention already flagged.
      const since = h.events.length;
      await h.reverifier.reverify({ id: mallory.id });
      expect(await h.settle(mallory.id, since)).toMatchObject({ moderation: 'approved', authorVerified: false });
    });

    it('confirms an author on another site by its page, fetching that page once for two mentions', async () => {
      other.page(
        '/cara',
        page(
          '<div class="h-card"><a class="u-url u-uid p-name" href="/cara">Cara</a><img class="u-photo" src="/cara.png"></div>',
        ),
      );
      const to = target('cached');
      const byCara = (n: number) =>
        h.site.page(
          `/cara-${n}`,
          page(`<article class="h-entry"><a class="p-author h-card" href="${other.url('/cara')}">Cara</a>
            <a class="u-like-of" href="${to}">like</a></article>`),
        );
      const first = await h.submitAndSettle(byCara(1), to);
      const second = await h.submitAndSettle(byCara(2), to);
      for (const row of [first, second]) {
        expect(row).toMatchObject({
          status: 'verified',
          moderation: 'approved',
          mentionType: 'like',
          authorName: 'Cara',
          authorPhoto: other.url('/cara.png'),
          authorVerified: true,
          authorshipReason: null,
        });
      }
      expect(other.hits.filter((hit) => hit.path === '/cara')).toHaveLength(1);
    });

    it('does not wait long for an author page that cannot be fetched, flagging the author', async () => {
      const to = target('unreachable');
      const source = h.site.page(
        '/nobody',
        page(`<article class="h-entry"><a class="p-author h-card" href="https://nobody.invalid/">Nobody</a>
          <a class="u-in-reply-to" href="${to}">re</a><p class="e-content">Hi</p></article>`),
      );
      const started = Date.now();
      const row = await h.submitAndSettle(source, to);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(row).toMatchObject({ status: 'verified', moderation: 'pending', authorVerified: false });
      expect(row.authorshipReason).toMatch(/^the author page https:\/\/nobody\.invalid\/ could not be fetched/);
    });

    it('interprets an application/mf2+json source: type, content and author', async () => {
      const to = target('json');
      const source = h.site.page(
        '/reply.json',
        JSON.stringify({
          items: [
            {
              type: ['h-entry'],
              properties: {
                'in-reply-to': [to],
                content: [{ value: 'Hello from JSON', html: '<p>Hello from <em>JSON</em></p>' }],
                author: [{ type: ['h-card'], properties: { name: ['Jay'], url: ['/'], photo: ['/jay.png'] } }],
                photo: ['/jay-photo.jpg'],
              },
            },
          ],
        }),
        200,
        MF2_JSON,
      );
      const row = await h.submitAndSettle(source, to);
      expect(row).toMatchObject({
        status: 'verified',
        mentionType: 'reply',
        content: 'Hello from JSON',
        authorName: 'Jay',
        authorUrl: h.site.url('/'),
        authorPhoto: h.site.url('/jay.png'),
        photos: [{ url: h.site.url('/jay-photo.jpg'), alt: null }],
        authorVerified: true,
      });
      expect(row.contentHtml).toBe('<p>Hello from <em>JSON</em></p>');
    });

    it('reads an HTML source from its HTML even when it advertises an mf2 JSON alternate', async () => {
      const to = target('alternate-off');
      const source = h.site.page('/with-alternate', alternatePage(to, '/alternate-off.json'));
      h.site.page('/alternate-off.json', alternateJson(to), 200, MF2_JSON);
      const row = await h.submitAndSettle(source, to);
      expect(row).toMatchObject({ status: 'verified', mentionType: 'reply', content: 'Read from the HTML' });
      expect(h.hitsOf('/alternate-off.json')).toBe(0);
    });
  });
});
