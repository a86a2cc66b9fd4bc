import { cacheControl, etagMatches, nextLink, weakEtag } from './http-cache';

describe('weakEtag', () => {
  it('is a weak tag, equal for equal bodies and different for different ones', () => {
    const tag = weakEtag('{"items":[]}');
    expect(tag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(weakEtag('{"items":[]}')).toBe(tag);
    expect(weakEtag('{"items":[1]}')).not.toBe(tag);
  });
});

describe('etagMatches', () => {
  const tag = weakEtag('body');
  const strong = tag.slice(2);

  it.each([
    [tag, true],
    [strong, true],
    [`"other", ${tag}`, true],
    [`W/"other",${strong}`, true],
    ['*', true],
    [' * ', true],
    ['W/"other"', false],
    ['', false],
    [undefined, false],
    ['garbage', false],
    [tag.slice(0, -1), false],
    [`${'W/"x", '.repeat(2000)}${tag}`, false],
  ])('If-None-Match %j → %s', (header, expected) => {
    expect(etagMatches(header, tag)).toBe(expected);
  });
});

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
