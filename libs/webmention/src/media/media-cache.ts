/** The media proxy's disk cache: one body file and one JSON sidecar per media key. */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isMediaKey } from '../url/media-key';

/** What the sidecar records about a cached image. */
export interface CachedMediaMeta {
  /** The remote URL it was fetched from. */
  url: string;
  /** The media type served (the one its bytes are). */
  contentType: string;
  /** Epoch milliseconds of the fetch (or of the last upstream revalidation). */
  fetchedAt: number;
  /** Our strong ETag of the body. */
  etag: string;
  /** The remote server's ETag, for revalidating with `If-None-Match`; null when it sent none. */
  upstreamEtag: string | null;
  /** Body length, to tell a body from a sidecar written by another fetch. */
  bytes: number;
}

/** A cached image. */
export interface CachedMedia {
  body: Buffer;
  meta: CachedMediaMeta;
}

/** Reads and writes cached images under one directory (created on the first write). */
export class MediaDiskCache {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  private paths(key: string): { dir: string; body: string; meta: string } {
    // NOTE: keys are checked here too, so no caller can turn a route parameter into a path outside the cache.
    if (!isMediaKey(key)) throw new Error(`not a media key: ${key}`);
    const dir = join(this.dir, key.slice(0, 2));
    return { dir, body: join(dir, `${key}.bin`), meta: join(dir, `${key}.json`) };
  }

  /** The cached image of `key`, or null when there is none (or its two files do not agree). */
  async read(key: string): Promise<CachedMedia | null> {
    const paths = this.paths(key);
    try {
      const meta = JSON.parse(await readFile(paths.meta, 'utf8')) as CachedMediaMeta;
      const body = await readFile(paths.body);
      if (typeof meta.contentType !== 'string' || typeof meta.fetchedAt !== 'number' || body.length !== meta.bytes) {
        return null;
      }
      return { body, meta };
    } catch {
      return null;
    }
  }

  /** Stores an image: body, then sidecar, each written to a temporary file and renamed into place. */
  async write(key: string, body: Buffer, meta: CachedMediaMeta): Promise<void> {
    const paths = this.paths(key);
    await mkdir(paths.dir, { recursive: true });
    await this.replace(paths.body, body);
    await this.replace(paths.meta, JSON.stringify(meta));
  }

  /** Rewrites the sidecar only (after an upstream `304 Not Modified`). */
  async writeMeta(key: string, meta: CachedMediaMeta): Promise<void> {
    const paths = this.paths(key);
    await mkdir(paths.dir, { recursive: true });
    await this.replace(paths.meta, JSON.stringify(meta));
  }

  /** Deletes the cached image of `key`, if any. */
  async remove(key: string): Promise<void> {
    const paths = this.paths(key);
    await rm(paths.meta, { force: true });
    await rm(paths.body, { force: true });
  }

  private async replace(path: string, data: Buffer | string): Promise<void> {
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, data);
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
