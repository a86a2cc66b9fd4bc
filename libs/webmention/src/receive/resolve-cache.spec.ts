import { ResolveCache } from './resolve-cache';

describe('ResolveCache', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => (clock = 1000));

  it('reuses an answer, null included, until it is ttlMs old', async () => {
    const cache = new ResolveCache(500, 10, now);
    const load = jest.fn(async () => null);
    await expect(cache.resolve('https://a.example/', load)).resolves.toBeNull();
    clock += 499;
    await cache.resolve('https://a.example/', load);
    expect(load).toHaveBeenCalledTimes(1);
    clock += 1;
    await cache.resolve('https://a.example/', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shares one call among concurrent look-ups of a target', async () => {
    const cache = new ResolveCache(500, 10, now);
    let calls = 0;
    const load = () => new Promise((resolve) => setTimeout(() => resolve({ n: ++calls }), 5));
    const answers = await Promise.all([1, 2, 3].map(() => cache.resolve('https://a.example/', load)));
    expect(calls).toBe(1);
    expect(answers).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
  });

  it('forgets a look-up that threw, so the next one asks again', async () => {
    const cache = new ResolveCache(500, 10, now);
    await expect(cache.resolve('https://a.example/', () => Promise.reject(new Error('db down')))).rejects.toThrow();
    await expect(cache.resolve('https://a.example/', async () => 'post')).resolves.toBe('post');
  });

  it('keeps at most maxEntries targets, dropping the oldest', async () => {
    const cache = new ResolveCache(10_000, 2, now);
    const load = jest.fn(async () => 'x');
    for (const t of ['a', 'b', 'c']) await cache.resolve(t, load);
    await cache.resolve('c', load);
    await cache.resolve('b', load);
    expect(load).toHaveBeenCalledTimes(3);
    await cache.resolve('a', load);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('asks every time with ttlMs 0', async () => {
    const cache = new ResolveCache(0, 10, now);
    const load = jest.fn(async () => 'x');
    await cache.resolve('a', load);
    await cache.resolve('a', load);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
