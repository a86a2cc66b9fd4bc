import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Jf2Feed } from './jf2';
import { Jf2FeedError, readJf2Feed } from './jf2-import';

/** Entries written after webmention.io's published `mentions.jf2` shape (see the fixture's README). */
const FIXTURE: Jf2Feed = JSON.parse(
  readFileSync(join(__dirname, '../../../../test/fixtures/webmention-io/mentions.jf2.json'), 'utf8'),
);
const OPTIONS = { maxChars: 5000 };
const entry = (fields: Record<string, unknown>) => ({
  type: 'entry',
  'wm-source': 'https://a.example/r',
  'wm-target': 'https://blog.example/p',
  'wm-property': 'mention-of',
  ...fields,
});

describe('readJf2Feed', () => {
  it("reads every response type of webmention.io's feed with its author, dates, content and wm-id", () => {
    const { mentions, skipped } = readJf2Feed(FIXTURE, OPTIONS);
    expect(skipped).toEqual([]);
    expect(mentions.map((m) => m.mentionType)).toEqual(['reply', 'like', 'repost', 'bookmark', 'mention', 'rsvp']);
    expect(mentions[0]).toMatchObject({
      sourceUrl: 'https://ada.example/replies/1',
      targetUrl: 'https://site.example/posts/hello/',
      authorName: 'Ada Example',
      authorUrl: 'https://ada.example/',
      authorPhoto: 'https://ada.example/photo.jpg',
      content: 'Great post, thanks!',
      url: 'https://ada.example/replies/1',
      wmId: 1701,
      private: false,
    });
    expect(mentions[0].contentHtml).toMatch(/^<p>Great post, thanks!<\/p>$/);
    expect(mentions[0].published?.toISOString()).toBe('2024-05-02T09:15:00.000Z');
    expect(mentions[0].receivedAt.toISOString()).toBe('2024-05-02T09:20:31.000Z');
    expect(mentions[1]).toMatchObject({ published: null, authorPhoto: 'https://bo.example/me.png' });
    expect(mentions[2]).toMatchObject({ authorPhoto: null, content: 'Worth a read.', contentHtml: null });
    expect(mentions[3].title).toBe('Hello, a post worth keeping');
    expect(mentions[5]).toMatchObject({ mentionType: 'rsvp', rsvp: FIXTURE.children[5].rsvp });
  });

  it('sanitises content HTML as received content is, and takes the text from it when there is none', () => {
    const [m] = readJf2Feed(
      {
        children: [
          entry({ content: { html: '<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x">x</a></p>' } }),
        ],
      },
      OPTIONS,
    ).mentions;
    expect(m.contentHtml).not.toMatch(/script|onclick|javascript/);
    expect(m.content).toBe('Hi x');
  });

  it('skips private entries unless asked, saying so, and reads them when asked', () => {
    const feed = { children: [entry({ 'wm-private': true })] };
    expect(readJf2Feed(feed, OPTIONS).skipped).toEqual([
      { index: 0, reason: 'private (wm-private: true); --private imports it' },
    ]);
    expect(readJf2Feed(feed, { ...OPTIONS, includePrivate: true }).mentions[0].private).toBe(true);
  });

  it('reports every malformed child with its index and reason, and reads the others', () => {
    const { mentions, skipped } = readJf2Feed(
      {
        type: 'feed',
        children: [
          'text',
          entry({ 'wm-source': undefined }),
          entry({ 'wm-target': 'ftp://blog.example/p' }),
          entry({ 'wm-property': 'love-of' }),
          entry({ published: 'yesterday' }),
          entry({ rsvp: 'perhaps', 'wm-property': 'rsvp' }),
          { ...entry({}), type: 'card' },
          entry({ published: '2024-05-02T09:15:00' }),
        ],
      },
      OPTIONS,
    );
    expect(skipped).toEqual([
      { index: 0, reason: 'not an object' },
      { index: 1, reason: 'wm-source is missing' },
      { index: 2, reason: 'wm-target: wm-target must use the http or https scheme' },
      {
        index: 3,
        reason: 'wm-property "love-of" is none of in-reply-to, like-of, repost-of, bookmark-of, rsvp, mention-of',
      },
      { index: 4, reason: 'published "yesterday" is not a date' },
      { index: 5, reason: 'rsvp "perhaps" is none of yes, no, maybe, interested' },
      { index: 6, reason: 'type is "card", not "entry"' },
    ]);
    expect(mentions).toHaveLength(1);
    expect(mentions[0].published?.toISOString()).toBe('2024-05-02T09:15:00.000Z');
  });

  it('refuses a document that is not a feed, saying what was expected', () => {
    expect(() => readJf2Feed({ type: 'feed' }, OPTIONS)).toThrow(Jf2FeedError);
    expect(() => readJf2Feed('x', OPTIONS)).toThrow(/expected \{ "type": "feed", "children": \[ … \] \}/);
  });
});
