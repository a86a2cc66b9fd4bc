import { cacheControl, nextLink } from './http-cache';

describe('cacheControl and nextLink', () => {
  it('keeps public answers for the configured time, or makes caches revalidate', () => {
    expect(cacheControl(60)).toBe('public, max-age=60');
    expect(cacheControl(0)).toBe('public, no-cache');
  });

  it('writes a Link header pointing at the next page', () => {
    expect(nextLink('https://blog.example/webmentions?cursor=x')).toBe(
      '<https://blog.example/webmentions?cursor=x>; rel="next"',
    );
  });
});
