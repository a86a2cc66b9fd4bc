import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mediaKeyOf } from '../url/media-key';
import { CachedMediaMeta, MediaDiskCache } from './media-cache';

const KEY = mediaKeyOf('https://img.example/a.png')!;
const BODY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const META: CachedMediaMeta = {
  url: 'https://img.example/a.png',
  contentType: 'image/png',
  fetchedAt: 1_700_000_000_000,
  etag: '"e"',
  upstreamEtag: null,
  bytes: BODY.length,
};

describe('MediaDiskCache', () => {
  let dir: string;
  let cache: MediaDiskCache;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wm-media-cache-'));
    cache = new MediaDiskCache(join(dir, 'nested', 'cache'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('misses before a write, then reads back the body and sidecar it wrote', async () => {
    expect(await cache.read(KEY)).toBeNull();
    await cache.write(KEY, BODY, META);
    const hit = await cache.read(KEY);
    expect(hit?.body.equals(BODY)).toBe(true);
    expect(hit?.meta).toEqual(META);
    expect(readdirSync(join(cache.dir, KEY.slice(0, 2))).sort()).toEqual([`${KEY}.bin`, `${KEY}.json`]);
  });

  it('rewrites the sidecar alone and deletes both files', async () => {
    await cache.write(KEY, BODY, META);
    await cache.writeMeta(KEY, { ...META, fetchedAt: 42 });
    expect((await cache.read(KEY))?.meta.fetchedAt).toBe(42);
    await cache.remove(KEY);
    expect(await cache.read(KEY)).toBeNull();
  });

  it('treats a body that does not match its sidecar, or a broken sidecar, as a miss', async () => {
    await cache.write(KEY, BODY, META);
    writeFileSync(join(cache.dir, KEY.slice(0, 2), `${KEY}.bin`), Buffer.from('short'));
    expect(await cache.read(KEY)).toBeNull();
    writeFileSync(join(cache.dir, KEY.slice(0, 2), `${KEY}.json`), '{not json');
    expect(await cache.read(KEY)).toBeNull();
  });

  it('refuses anything but a media key as a file name', async () => {
    await expect(cache.read('../../etc/passwd')).rejects.toThrow(/not a media key/);
    await expect(cache.write('x', BODY, META)).rejects.toThrow(/not a media key/);
  });
});
