import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FetchOutcome } from '../http/fetch-result';
import type { SafeFetcher } from '../http/safe-fetcher';
import { isTransientStatus } from '../http/transient';
import type { Outcome } from '../outcome';
import type { ResolvedWebmentionExtras } from '../resolve-options';
import { WebmentionMediaStore } from '../storage/webmention-media.store';
import { isMediaKey } from '../url/media-key';
import { WEBMENTION_EXTRAS, WEBMENTION_FETCHER } from '../webmention.constants';
import { entityTag } from '../http/entity-tag';
import { acceptImage, IMAGE_ACCEPT, ImageRefusal } from './image-type';
import { CachedMedia, MediaDiskCache } from './media-cache';

/** Why the proxy does not serve a media key. */
export type MediaFailureReason =
  'not_found' | ImageRefusal | 'too_large' | 'blocked_address' | 'upstream_status' | 'timeout' | 'fetch_failed';

/** An image to serve, or why not. */
export type MediaOutcome = Outcome<
  {
    body: Buffer;
    contentType: string;
    etag: string;
    /** True when served from the disk cache without a fetch. */
    cached: boolean;
  },
  MediaFailureReason
>;

const NOT_FOUND: MediaOutcome = {
  ok: false,
  reason: 'not_found',
  message: 'no shown mention has this media',
  transient: false,
};

/** The failure of a fetch that produced no response, as the proxy reports it. */
function fetchFailure(outcome: Exclude<FetchOutcome, { ok: true }>): MediaOutcome {
  const reason: MediaFailureReason =
    outcome.reason === 'blocked_address' || outcome.reason === 'too_large' || outcome.reason === 'timeout'
      ? outcome.reason
      : 'fetch_failed';
  return { ok: false, reason, message: outcome.message, transient: outcome.transient };
}

/**
 * Serves the author photos and content images of shown mentions from a disk cache, fetching them through the safe
 * fetcher (address guard, bounded redirects, no cookies) when missing or older than `mediaProxy.ttlMs`. Only URLs
 * recorded for a verified, approved mention are ever fetched, so the route is no open proxy.
 */
@Injectable()
export class MediaProxyService {
  private readonly logger = new Logger('WebmentionMedia');
  private readonly cache: MediaDiskCache;
  private readonly inflight = new Map<string, Promise<MediaOutcome>>();
  private readonly ttlMs: number;
  private readonly maxBytes: number;

  constructor(
    private readonly store: WebmentionMediaStore,
    @Inject(WEBMENTION_FETCHER) private readonly fetcher: SafeFetcher,
    @Inject(WEBMENTION_EXTRAS) extras: Pick<ResolvedWebmentionExtras, 'mediaProxy'>,
  ) {
    this.cache = new MediaDiskCache(extras.mediaProxy.cacheDir);
    this.ttlMs = extras.mediaProxy.ttlMs;
    this.maxBytes = extras.mediaProxy.maxBytes;
  }

  /** The image behind `key`, from the cache while fresh, else fetched once however many requests ask at once. */
  async get(key: string): Promise<MediaOutcome> {
    if (!isMediaKey(key)) return NOT_FOUND;
    // NOTE: looked up on every request, cache hit or not: a mention rejected or deleted since stops serving at once.
    const url = await this.store.findServableUrl(key);
    if (url === null) return NOT_FOUND;
    const cached = await this.cache.read(key);
    if (cached && cached.meta.url === url && Date.now() - cached.meta.fetchedAt < this.ttlMs) {
      return this.served(cached, true);
    }
    const running = this.inflight.get(key);
    if (running) return running;
    const fetching = this.refresh(key, url, cached?.meta.url === url ? cached : null).finally(() =>
      this.inflight.delete(key),
    );
    this.inflight.set(key, fetching);
    return fetching;
  }

  private served(media: CachedMedia, cached: boolean): MediaOutcome {
    return { ok: true, body: media.body, contentType: media.meta.contentType, etag: media.meta.etag, cached };
  }

  /** Fetches `url` (revalidating a stale copy when the remote gave an ETag), checks it and caches it. */
  private async refresh(key: string, url: string, stale: CachedMedia | null): Promise<MediaOutcome> {
    const headers: Record<string, string> = { accept: IMAGE_ACCEPT };
    if (stale?.meta.upstreamEtag) headers['if-none-match'] = stale.meta.upstreamEtag;
    const res = await this.fetcher.request(url, { headers, maxBodyBytes: this.maxBytes, binary: true });
    // NOTE: a stale copy outlives a remote that is down for a while (stale-if-error), never one that answers no.
    if (!res.ok) return res.transient && stale ? this.served(stale, true) : fetchFailure(res);
    if (res.status === 304 && stale) {
      const meta = { ...stale.meta, fetchedAt: Date.now() };
      await this.cache.writeMeta(key, meta).catch((e: Error) => this.logger.warn(`media cache: ${e.message}`));
      return this.served({ body: stale.body, meta }, false);
    }
    if (res.status !== 200) {
      if (stale && isTransientStatus(res.status)) return this.served(stale, true);
      await this.forget(key);
      return {
        ok: false,
        reason: 'upstream_status',
        message: `the image's server answered HTTP ${res.status}`,
        transient: isTransientStatus(res.status),
      };
    }
    const body = res.raw ?? Buffer.alloc(0);
    const accepted = acceptImage(res.header('content-type'), body);
    if (!accepted.ok) {
      await this.forget(key);
      return accepted;
    }
    const media: CachedMedia = {
      body,
      meta: {
        url,
        contentType: accepted.type,
        fetchedAt: Date.now(),
        etag: entityTag(body),
        upstreamEtag: res.header('etag') ?? null,
        bytes: body.length,
      },
    };
    // NOTE: a cache that cannot be written (full disk, read-only directory) still lets this request be served.
    await this.cache
      .write(key, media.body, media.meta)
      .catch((e: Error) => this.logger.warn(`media cache: could not store ${key}: ${e.message}`));
    return this.served(media, false);
  }

  private async forget(key: string): Promise<void> {
    await this.cache.remove(key).catch(() => undefined);
  }
}
