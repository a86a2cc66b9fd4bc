import type { Webmention } from '../entities/webmention.entity';
import { toPublicWebmention } from './public-webmention';

/** A stored mention with the fields the public shape reads. */
function row(fields: Partial<Webmention> = {}): Webmention {
  return {
    id: 7,
    sourceUrl: 'https://ada.example/replies/1',
    targetUrl: 'https://blog.example/posts/hello',
    pairHash: 'secret-pair-hash',
    statusToken: 'secret-token',
    status: 'verified',
    moderation: 'approved',
    mentionType: 'reply',
    rsvp: null,
    authorName: 'Ada',
    authorUrl: 'https://ada.example/',
    authorPhoto: 'https://ada.example/me.jpg',
    title: null,
    content: 'Look at this',
    contentHtml: '<p>Look at this</p>',
    photos: [{ url: 'https://ada.example/lake.jpg', alt: 'A lake at dawn' }],
    videos: ['https://ada.example/clip.mp4'],
    audios: [],
    authorVerified: false,
    authorshipReason: 'the author page has no representative h-card',
    spamCheckResult: { isSpam: false },
    url: null,
    published: new Date('2026-01-02T03:04:05Z'),
    updated: null,
    verifiedAt: new Date('2026-01-02T04:00:00Z'),
    createdAt: new Date('2026-01-02T03:59:00Z'),
    updatedAt: new Date('2026-01-02T04:00:00Z'),
    ...fields,
  } as Webmention;
}

describe('toPublicWebmention', () => {
  it('shows the entry media as stored: photos with their alt, video and audio URLs (original URLs)', () => {
    expect(toPublicWebmention(row())).toMatchObject({
      photo: [{ url: 'https://ada.example/lake.jpg', alt: 'A lake at dawn' }],
      video: ['https://ada.example/clip.mp4'],
      audio: [],
      authorPhoto: 'https://ada.example/me.jpg',
    });
  });

  it('gives empty lists for rows stored before the media columns, and drops stored values that are not URLs', () => {
    const old = toPublicWebmention(row({ photos: null, videos: null, audios: null }));
    expect([old.photo, old.video, old.audio]).toEqual([[], [], []]);
    const odd = toPublicWebmention(
      row({
        photos: [{ url: 'https://a.example/1.png' }, 'x', null] as never,
        audios: [1, 'https://a.example/a.ogg'] as never,
      }),
    );
    expect(odd.photo).toEqual([{ url: 'https://a.example/1.png', alt: null }]);
    expect(odd.audio).toEqual(['https://a.example/a.ogg']);
  });

  it('keeps tokens, hashes, spam details and the authorship verdict out', () => {
    const shown = toPublicWebmention(row()) as unknown as Record<string, unknown>;
    for (const hidden of ['pairHash', 'statusToken', 'spamCheckResult', 'authorVerified', 'authorshipReason']) {
      expect(shown).not.toHaveProperty(hidden);
    }
    expect(Object.keys(shown)).toContain('photo');
  });
});
