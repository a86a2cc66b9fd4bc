import { authorPageToConfirm, authorshipCheck, MAX_AUTHORSHIP_REASON, withAuthorPageCard } from './authorship';
import type { MentionAuthor } from './types';

const SOURCE = 'https://blog.example/posts/1';
const author = (name: string | null, url: string | null, photo: string | null = null): MentionAuthor => ({
  name,
  url,
  photo,
});

describe('authorPageToConfirm', () => {
  it('asks for the claimed URL only when it is on another site than the source', () => {
    expect(authorPageToConfirm(author('A', 'https://other.example/'), SOURCE)).toBe('https://other.example/');
    expect(authorPageToConfirm(author('A', 'https://www.blog.example/about'), SOURCE)).toBeNull();
    expect(authorPageToConfirm(author('A', 'https://sub.blog.example/'), SOURCE)).toBe('https://sub.blog.example/');
    expect(authorPageToConfirm(author('A', 'https://blog.example:8443/'), SOURCE)).toBe('https://blog.example:8443/');
    expect(authorPageToConfirm(author('A', null), SOURCE)).toBeNull();
    expect(authorPageToConfirm(author('A', 'https://other.example/'), 'not a url')).toBe('https://other.example/');
  });
});

describe('authorshipCheck', () => {
  const claimed = author('Tess Target', 'https://tess.example/');

  it('verifies claims without a URL or on the source site without looking at a card', () => {
    expect(authorshipCheck(author('Anyone', null), SOURCE, null)).toEqual({ verified: true, reason: null });
    expect(authorshipCheck(author('Me', 'https://blog.example/'), SOURCE, null)).toEqual({
      verified: true,
      reason: null,
    });
  });

  it('refuses another site claim when the author page has no representative h-card', () => {
    expect(authorshipCheck(claimed, SOURCE, null)).toEqual({
      verified: false,
      reason: 'the author page https://tess.example/ has no representative h-card',
    });
  });

  it('refuses a card with another name or no name, and accepts the same name in another spelling', () => {
    expect(authorshipCheck(claimed, SOURCE, author('Someone Else', 'https://tess.example/'))).toEqual({
      verified: false,
      reason: 'the author page https://tess.example/ names "Someone Else", not "Tess Target"',
    });
    expect(
      authorshipCheck(claimed, SOURCE, author(null, 'https://tess.example/', 'https://tess.example/t.jpg')),
    ).toEqual({
      verified: false,
      reason: 'the representative h-card on https://tess.example/ has no name to confirm "Tess Target"',
    });
    expect(authorshipCheck(claimed, SOURCE, author(' tess\u00a0TARGET ', null))).toEqual({
      verified: true,
      reason: null,
    });
  });

  it('lets any card confirm a claim that is only a URL', () => {
    const bare = author('https://tess.example/', 'https://tess.example/');
    expect(authorshipCheck(bare, SOURCE, author('Tess', null))).toEqual({ verified: true, reason: null });
    expect(
      authorshipCheck(author(null, 'https://tess.example/'), SOURCE, author(null, null, 'https://tess.example/p.jpg'))
        .verified,
    ).toBe(true);
    expect(authorshipCheck(bare, SOURCE, null).verified).toBe(false);
  });

  it('refuses a non-http author URL and bounds the reason', () => {
    expect(authorshipCheck(author('X', 'mailto:x@example.com'), SOURCE, null)).toEqual({
      verified: false,
      reason: 'the author URL mailto:x@example.com is not an http(s) URL',
    });
    const long = authorshipCheck(
      author('n'.repeat(200), `https://tess.example/${'p'.repeat(2000)}`),
      SOURCE,
      author('m', null),
    );
    expect(long.reason!.length).toBeLessThanOrEqual(MAX_AUTHORSHIP_REASON);
  });
});

describe('withAuthorPageCard', () => {
  it('lets the card win where it has values and keeps the claim for the gaps', () => {
    const claimedUrl = author('https://ben.example/', 'https://ben.example/');
    expect(withAuthorPageCard(claimedUrl, author('Ben', null, 'https://ben.example/b.png'))).toEqual({
      name: 'Ben',
      url: 'https://ben.example/',
      photo: 'https://ben.example/b.png',
    });
    expect(withAuthorPageCard(claimedUrl, null)).toBe(claimedUrl);
  });
});
