import { AUTHOR_PAGE_CACHE_SIZE, AuthorPageCache } from './author-page-cache';

/** A cache on a clock the test moves by hand. */
function cacheAt(start = 1_000, maxEntries?: number) {
  const clock = { now: start };
  const cache = new AuthorPageCache<string | null>(maxEntries, () => clock.now);
  return { cache, clock };
}

describe('AuthorPageCache', () => {
  it('answers a stored value, null included, until its time to live has passed', () => {
    const { cache, clock } = cacheAt();
    cache.set('https://a.example/', 'card', 100);
    cache.set('https://b.example/', null, 100);
    clock.now += 99;
    expect(cache.get('https://a.example/')).toBe('card');
    expect(cache.get('https://b.example/')).toBeNull();
    clock.now += 1;
    expect(cache.get('https://a.example/')).toBeUndefined();
    expect(cache.get('https://b.example/')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps each entry to its own time to live, and replaces a value stored again', () => {
    const { cache, clock } = cacheAt();
    cache.set('short', 'one', 10);
    cache.set('long', 'two', 1000);
    clock.now += 50;
    expect(cache.get('short')).toBeUndefined();
    expect(cache.get('long')).toBe('two');
    cache.set('long', 'three', 10);
    clock.now += 20;
    expect(cache.get('long')).toBeUndefined();
  });

  it('stores nothing for a time to live of 0, and forgets what was there', () => {
    const { cache } = cacheAt();
    cache.set('k', 'v', 1000);
    cache.set('k', 'w', 0);
    expect(cache.get('k')).toBeUndefined();
    cache.set('n', 'v', Number.NaN);
    expect(cache.size).toBe(0);
  });

  it('drops the least recently used entry past its size, a read counting as a use', () => {
    const { cache } = cacheAt(0, 3);
    cache.set('a', 'A', 1000);
    cache.set('b', 'B', 1000);
    cache.set('c', 'C', 1000);
    expect(cache.get('a')).toBe('A');
    cache.set('d', 'D', 1000);
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual(['A', 'C', 'D']);
  });

  it('holds 1,000 author URLs by default', () => {
    const { cache } = cacheAt();
    for (let i = 0; i <= AUTHOR_PAGE_CACHE_SIZE; i++) cache.set(`https://a${i}.example/`, 'x', 1000);
    expect(AUTHOR_PAGE_CACHE_SIZE).toBe(1000);
    expect(cache.size).toBe(1000);
    expect(cache.get('https://a0.example/')).toBeUndefined();
    expect(cache.get(`https://a${AUTHOR_PAGE_CACHE_SIZE}.example/`)).toBe('x');
  });
});
