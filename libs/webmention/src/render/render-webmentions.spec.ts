import { serializeOuter } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { toPublicWebmention } from '../api/public-webmention';
import { Webmention } from '../entities/webmention.entity';
import { createWebmentionRenderer, renderEndpointLink, renderSendForm, renderWebmentions } from './render-webmentions';
import { attr, byClass, elements, PAGE, reply, text } from './__tests__/html-fixtures';

type Element = DefaultTreeAdapterMap['element'];

const ENDPOINT = 'https://me.example/webmention';

describe('renderWebmentions: layout', () => {
  it('shows the empty state', () => {
    expect(renderWebmentions([])).toContain('No responses yet.');
    expect(renderWebmentions([reply({ status: 'pending' })])).toContain('No responses yet.');
  });

  it('filters by one type or a list of types', () => {
    const list = [
      reply(),
      reply({ sourceUrl: 'https://b.example/l', mentionType: 'like', authorUrl: 'https://b.example/' }),
      reply({ sourceUrl: 'https://c.example/r', mentionType: 'repost', authorUrl: 'https://c.example/' }),
    ];
    const only = renderWebmentions(list, { type: 'reply' });
    expect(byClass(only, 'wm-comment')).toHaveLength(1);
    expect(byClass(only, 'wm-face')).toHaveLength(0);
    const piles = renderWebmentions(list, { type: 'like,repost' });
    expect(byClass(piles, 'wm-comment')).toHaveLength(0);
    expect(byClass(piles, 'wm-facepile--likes')).toHaveLength(1);
    expect(byClass(piles, 'wm-facepile--reposts')).toHaveLength(1);
  });

  it('shows "+N more" beyond the facepile limit', () => {
    const likes = Array.from({ length: 15 }, (_, i) =>
      reply({ sourceUrl: `https://l${i}.example/`, mentionType: 'like', authorUrl: `https://l${i}.example/` }),
    );
    const html = renderWebmentions(likes, { facepileLimit: 12 });
    expect(byClass(html, 'wm-face')).toHaveLength(12);
    expect(text(byClass(html, 'wm-facepile__more')[0])).toBe('+3 more');
    expect(text(byClass(html, 'wm-section__heading')[0])).toBe('15 likes');
  });

  it('links "N more responses" to moreUrl beyond maxComments', () => {
    const replies = Array.from({ length: 4 }, (_, i) => reply({ sourceUrl: `https://r${i}.example/` }));
    const html = renderWebmentions(replies, { maxComments: 2, moreUrl: '/responses?page=2' });
    expect(byClass(html, 'wm-comment')).toHaveLength(2);
    const more = byClass(html, 'wm-more__link')[0];
    expect(attr(more, 'href')).toBe('/responses?page=2');
    expect(text(more)).toBe('2 more responses');
  });

  it('groups RSVPs under headings with counts', () => {
    const rsvp = (i: number, answer: string) =>
      reply({ sourceUrl: `https://p${i}.example/`, mentionType: 'rsvp', rsvp: answer, authorName: `P${i}` });
    const html = renderWebmentions([rsvp(1, 'yes'), rsvp(2, 'maybe'), rsvp(3, 'yes'), rsvp(4, 'no')]);
    expect(byClass(html, 'wm-rsvp__heading').map((h) => text(h).replace(/\s+/g, ' '))).toEqual([
      'Going (2)',
      'Maybe (1)',
      'Not going (1)',
    ]);
    const yes = byClass(html, 'wm-rsvp--yes')[0];
    expect(elements(serializeOuter(yes)).filter((e) => attr(e, 'class')?.includes('wm-face '))).toHaveLength(2);
    expect(byClass(html, 'wm-face')).toHaveLength(4);
  });

  it('names the source host as "via HOST" when the entry lives elsewhere', () => {
    const html = renderWebmentions([
      reply({ sourceUrl: 'https://brid.gy/comment/mastodon/1', url: 'https://social.example/@alice/1' }),
    ]);
    expect(text(byClass(html, 'wm-comment__via')[0])).toBe('via brid.gy');
    expect(attr(byClass(html, 'wm-comment__permalink')[0], 'href')).toBe('https://social.example/@alice/1');
    expect(byClass(renderWebmentions([reply()]), 'wm-comment__via')).toHaveLength(0);
  });

  it('cuts long content with an ellipsis and a Read more link to the entry', () => {
    const html = renderWebmentions([reply({ content: 'lorem ipsum '.repeat(300), url: 'https://alice.example/r/1' })], {
      maxContentChars: 100,
    });
    const body = text(byClass(html, 'e-content')[0]);
    expect(body.length).toBeLessThanOrEqual(100);
    expect(body.endsWith('…')).toBe(true);
    const more = byClass(html, 'wm-comment__read-more')[0];
    expect(text(more)).toBe('Read more');
    expect(attr(more, 'href')).toBe('https://alice.example/r/1');
    expect(byClass(renderWebmentions([reply()]), 'wm-comment__read-more')).toHaveLength(0);
  });

  it('marks a reply "also liked" instead of repeating the face', () => {
    const html = renderWebmentions([
      reply(),
      reply({ sourceUrl: 'https://alice.example/likes/1', mentionType: 'like' }),
    ]);
    expect(byClass(html, 'wm-face')).toHaveLength(0);
    expect(text(byClass(html, 'wm-also--like')[0])).toBe('also liked');
  });
});

describe('renderWebmentions: input shapes', () => {
  it('renders an entity (Date fields) and its PublicWebmention (ISO strings) the same', () => {
    const entity = Object.assign(new Webmention(), {
      id: 7,
      sourceUrl: 'https://alice.example/r',
      targetUrl: PAGE,
      status: 'verified',
      moderation: 'approved',
      mentionType: 'reply',
      rsvp: null,
      authorName: 'Alice',
      authorUrl: 'https://alice.example/',
      authorPhoto: null,
      title: null,
      content: 'Hello',
      contentHtml: '<p>Hello</p>',
      url: null,
      published: new Date('2026-12-01T10:00:00Z'),
      updated: null,
      verifiedAt: new Date(),
      createdAt: new Date(),
      updatedAt: new Date(),
    } satisfies Partial<Webmention>);
    const fromEntity = renderWebmentions([entity]);
    expect(fromEntity).toContain(
      '<time class="wm-comment__date dt-published" datetime="2026-12-01T10:00:00.000Z">1 Dec 2026</time>',
    );
    expect(renderWebmentions([toPublicWebmention(entity)])).toBe(fromEntity);
  });
});

describe('renderWebmentions: photos', () => {
  const photos = [
    { url: 'https://alice.example/lake.jpg', alt: 'A lake at dawn' },
    { url: 'https://alice.example/hill.jpg', alt: null },
  ];

  it.each(['reply', 'mention'])(
    'shows a %s photo as a lazy thumbnail of fixed size with its alt, once',
    (mentionType) => {
      const html = renderWebmentions([reply({ mentionType, photos, contentHtml: '<p>Look at this</p>' })]);
      const thumbs = byClass(html, 'wm-comment__thumb');
      expect(thumbs.map((t) => [attr(t, 'src'), attr(t, 'alt')])).toEqual([
        ['https://alice.example/lake.jpg', 'A lake at dawn'],
        ['https://alice.example/hill.jpg', ''],
      ]);
      for (const t of thumbs) {
        expect(t.tagName).toBe('img');
        expect([attr(t, 'loading'), attr(t, 'decoding'), attr(t, 'width'), attr(t, 'height')]).toEqual([
          'lazy',
          'async',
          '160',
          '160',
        ]);
        expect(attr(t, 'class')).toContain('u-photo');
      }
      const images = elements(html).filter((e) => e.tagName === 'img');
      expect(images.filter((i) => attr(i, 'src') === 'https://alice.example/lake.jpg')).toHaveLength(1);
      expect(byClass(html, 'wm-comment__media')).toHaveLength(1);
    },
  );

  it('renders no photo list without photos, and escapes what a row says', () => {
    expect(byClass(renderWebmentions([reply()]), 'wm-comment__media')).toEqual([]);
    const html = renderWebmentions([
      reply({ photos: [{ url: 'https://a.example/x.jpg?a=1&b="2"', alt: '"><script>' }] }),
    ]);
    const [thumb] = byClass(html, 'wm-comment__thumb');
    expect(attr(thumb, 'alt')).toBe('"><script>');
    expect(elements(html).some((e) => e.tagName === 'script')).toBe(false);
  });
});

describe('endpoint link, send form and renderer', () => {
  it('renders the endpoint link escaped and rejects a relative endpoint', () => {
    expect(renderEndpointLink(ENDPOINT)).toBe('<link rel="webmention" href="https://me.example/webmention">');
    expect(renderEndpointLink('https://me.example/wm?a="b"')).toBe(
      '<link rel="webmention" href="https://me.example/wm?a&#x3D;%22b%22">',
    );
    expect(() => renderEndpointLink('/webmention')).toThrow(TypeError);
  });

  it('renders the send form posting source and the hidden target', () => {
    const html = renderSendForm(ENDPOINT, `${PAGE}?q="x"&y=<1>`);
    const form = elements(html).find((e) => e.tagName === 'form') as Element;
    expect([attr(form, 'method'), attr(form, 'action'), attr(form, 'class')]).toEqual([
      'post',
      ENDPOINT,
      'wm-send-form',
    ]);
    const inputs = elements(html).filter((e) => e.tagName === 'input');
    const source = inputs.find((i) => attr(i, 'name') === 'source') as Element;
    expect([attr(source, 'type'), attr(source, 'required')]).toEqual(['url', '']);
    expect(attr(source, 'placeholder')).toBeTruthy();
    const target = inputs.find((i) => attr(i, 'name') === 'target') as Element;
    expect([attr(target, 'type'), attr(target, 'value')]).toEqual(['hidden', `${PAGE}?q="x"&y=<1>`]);
    expect(text(elements(html).find((e) => e.tagName === 'label') as Element)).toContain(
      'Have you written a response to this? Send me a webmention',
    );
    expect(elements(html).some((e) => e.tagName === 'button' && attr(e, 'type') === 'submit')).toBe(true);
    expect(() => renderSendForm(ENDPOINT, '')).toThrow(TypeError);
  });

  it('a renderer fixes options once and takes per-call type and moreUrl', () => {
    const renderer = createWebmentionRenderer({ endpointUrl: ENDPOINT, maxComments: 1 });
    const list = [
      reply(),
      reply({ sourceUrl: 'https://z.example/' }),
      reply({ sourceUrl: 'https://l.example/', mentionType: 'like', authorUrl: 'https://l.example/' }),
    ];
    expect(byClass(renderer.render(list), 'wm-comment')).toHaveLength(1);
    expect(byClass(renderer.render(list, { type: 'like' }), 'wm-face')).toHaveLength(1);
    expect(attr(byClass(renderer.render(list, { moreUrl: '/more' }), 'wm-more__link')[0], 'href')).toBe('/more');
    expect(renderer.count(list, 'reply')).toBe(2);
    expect(() => createWebmentionRenderer({ endpointUrl: 'ftp://x.example/' })).toThrow(TypeError);
  });
});

describe('renderWebmentions: video and audio', () => {
  it('shows them as links marked u-video and u-audio, with no media element loading them', () => {
    const html = renderWebmentions([
      reply({ videos: ['https://alice.example/clip.mp4'], audios: ['https://alice.example/talk.mp3'] }),
    ]);
    const links = elements(html).filter((e) => e.tagName === 'a' && /u-(video|audio)/.test(attr(e, 'class') ?? ''));
    expect(links.map((a) => [attr(a, 'href'), text(a)])).toEqual([
      ['https://alice.example/clip.mp4', 'Video'],
      ['https://alice.example/talk.mp3', 'Audio'],
    ]);
    expect(elements(html).some((e) => e.tagName === 'video' || e.tagName === 'audio')).toBe(false);
  });
});
