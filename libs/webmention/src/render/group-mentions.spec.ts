import { buildWebmentionsView, countWebmentions, parseTypeFilter } from './group-mentions';
import type { RenderableWebmention } from './view-model';

const TARGET = 'https://me.example/post/1';

function m(over: Partial<RenderableWebmention> & { sourceUrl: string }): RenderableWebmention {
  return { targetUrl: TARGET, mentionType: 'mention', ...over };
}

const likes = (n: number): RenderableWebmention[] =>
  Array.from({ length: n }, (_, i) =>
    m({ sourceUrl: `https://l${i}.example/like`, mentionType: 'like', authorName: `L${i}` }),
  );

describe('type filter and counts', () => {
  const list = [
    m({ sourceUrl: 'https://a.example/1', mentionType: 'reply' }),
    m({ sourceUrl: 'https://b.example/1', mentionType: 'like' }),
    m({ sourceUrl: 'https://c.example/1', mentionType: 'repost' }),
    m({ sourceUrl: 'https://d.example/1', mentionType: 'like', status: 'spam' }),
  ];

  it('parses a single type, a comma list and an array; rejects unknown names', () => {
    expect([...(parseTypeFilter('reply') ?? [])]).toEqual(['reply']);
    expect([...(parseTypeFilter(' like , Repost ') ?? [])]).toEqual(['like', 'repost']);
    expect([...(parseTypeFilter(['rsvp']) ?? [])]).toEqual(['rsvp']);
    expect(parseTypeFilter('')).toBeNull();
    expect(parseTypeFilter(undefined)).toBeNull();
    expect(() => parseTypeFilter('likes')).toThrow(/Unknown webmention type "likes"/);
  });

  it('counts displayable mentions, optionally of some kinds', () => {
    expect(countWebmentions(list)).toBe(3);
    expect(countWebmentions(list, 'like')).toBe(1);
    expect(countWebmentions(list, 'like,repost')).toBe(2);
    expect(countWebmentions(undefined)).toBe(0);
  });
});

describe('buildWebmentionsView', () => {
  it('is empty for no mentions', () => {
    const view = buildWebmentionsView([]);
    expect(view.empty).toBe(true);
    expect(view.likes).toBeNull();
    expect(view.comments).toBeNull();
  });

  it('limits facepiles and comments and counts the rest', () => {
    const replies = Array.from({ length: 5 }, (_, i) =>
      m({ sourceUrl: `https://r${i}.example/`, mentionType: 'reply' }),
    );
    const view = buildWebmentionsView([...likes(15), ...replies], {
      facepileLimit: 12,
      maxComments: 3,
      moreUrl: '/all',
    });
    expect(view.likes?.faces).toHaveLength(12);
    expect(view.likes?.more).toBe(3);
    expect(view.comments?.items).toHaveLength(3);
    expect(view.comments?.more).toBe(2);
    expect(view.comments?.moreUrl).toBe('/all');
    expect(buildWebmentionsView(replies, { moreUrl: 'javascript:alert(1)' }).comments?.moreUrl).toBeNull();
  });

  it('computes content only for the comments shown, never for faces', () => {
    const withText = (i: number, type: string) =>
      m({ sourceUrl: `https://t${i}.example/`, mentionType: type, content: `text ${i}` });
    const view = buildWebmentionsView([withText(1, 'reply'), withText(2, 'reply'), withText(3, 'like')], {
      maxComments: 1,
    });
    expect(view.comments?.items[0].contentText).toBe('text 1');
    expect(view.likes?.faces[0].hasContent).toBe(false);
  });

  it('orders by date, oldest first unless newestFirst, undated last', () => {
    const list = [
      m({ sourceUrl: 'https://x.example/undated', mentionType: 'reply' }),
      m({ sourceUrl: 'https://x.example/new', mentionType: 'reply', published: '2026-03-01T00:00:00Z' }),
      m({ sourceUrl: 'https://x.example/old', mentionType: 'reply', published: new Date('2025-03-01T00:00:00Z') }),
    ];
    const urls = (newestFirst: boolean) =>
      buildWebmentionsView(list, { newestFirst }).comments?.items.map((i) => i.sourceUrl);
    expect(urls(false)).toEqual(['https://x.example/old', 'https://x.example/new', 'https://x.example/undated']);
    expect(urls(true)).toEqual(['https://x.example/new', 'https://x.example/old', 'https://x.example/undated']);
  });

  it('groups RSVPs by answer', () => {
    const rsvp = (i: number, answer: string) =>
      m({ sourceUrl: `https://p${i}.example/rsvp`, mentionType: 'rsvp', rsvp: answer, authorName: `P${i}` });
    const view = buildWebmentionsView([rsvp(1, 'yes'), rsvp(2, 'no'), rsvp(3, 'yes'), rsvp(4, 'interested')]);
    expect(view.rsvps?.count).toBe(4);
    expect(view.rsvps?.yes?.faces.map((f) => f.authorName)).toEqual(['P1', 'P3']);
    expect(view.rsvps?.no?.count).toBe(1);
    expect(view.rsvps?.interested?.count).toBe(1);
    expect(view.rsvps?.maybe).toBeNull();
  });

  it('shows a reply once with "also liked/reposted" instead of the same face in the facepile', () => {
    const view = buildWebmentionsView([
      m({ sourceUrl: 'https://alice.example/reply', mentionType: 'reply', authorUrl: 'https://alice.example/' }),
      m({ sourceUrl: 'https://alice.example/like', mentionType: 'like', authorUrl: 'https://WWW.alice.example' }),
      m({
        sourceUrl: 'https://brid.gy/repost/x',
        mentionType: 'repost',
        authorUrl: 'https://alice.example/',
        targetUrl: `${TARGET}/`,
      }),
      m({ sourceUrl: 'https://bob.example/like', mentionType: 'like', authorUrl: 'https://bob.example/' }),
      m({
        sourceUrl: 'https://alice.example/like-other',
        mentionType: 'like',
        authorUrl: 'https://alice.example/',
        targetUrl: 'https://me.example/post/2',
      }),
    ]);
    const reply = view.comments?.items[0];
    expect(reply?.alsoLiked).toBe(true);
    expect(reply?.alsoReposted).toBe(true);
    expect(reply?.alsoBookmarked).toBe(false);
    expect(view.likes?.faces.map((f) => f.sourceUrl)).toEqual([
      'https://bob.example/like',
      'https://alice.example/like-other',
    ]);
    expect(view.reposts).toBeNull();
  });

  it('relates authors without a URL by name on the same source host only', () => {
    const view = buildWebmentionsView([
      m({ sourceUrl: 'https://site.example/a', mentionType: 'reply', authorName: 'Sam' }),
      m({ sourceUrl: 'https://site.example/b', mentionType: 'like', authorName: ' sam ' }),
      m({ sourceUrl: 'https://other.example/c', mentionType: 'like', authorName: 'Sam' }),
    ]);
    expect(view.comments?.items[0].alsoLiked).toBe(true);
    expect(view.likes?.faces.map((f) => f.sourceUrl)).toEqual(['https://other.example/c']);
  });

  it('applies the type filter before relating', () => {
    const list = [
      m({ sourceUrl: 'https://alice.example/reply', mentionType: 'reply', authorUrl: 'https://alice.example/' }),
      m({ sourceUrl: 'https://alice.example/like', mentionType: 'like', authorUrl: 'https://alice.example/' }),
    ];
    expect(buildWebmentionsView(list, { type: 'like' }).likes?.count).toBe(1);
    expect(buildWebmentionsView(list, { type: 'like' }).comments).toBeNull();
  });
});
