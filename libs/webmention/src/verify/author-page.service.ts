import { Inject, Injectable } from '@nestjs/common';
import { isHtmlMediaType } from '../html';
import type { FetchOutcome } from '../http/fetch-result';
import type { SafeFetcher } from '../http/safe-fetcher';
import { isTransient } from '../http/transient';
import { representativeHCard, type MentionAuthor } from '../mf2';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { DEFAULT_MICROFORMATS_LIMITS, tooComplexReason } from './source-links';
import { WEBMENTION_FETCHER, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { AuthorPageCache } from './author-page-cache';

/** What an author page says: its representative h-card, or why there is none to read. */
export interface AuthorPageLookup {
  /** The representative h-card, or null. */
  card: MentionAuthor | null;
  /** Why the page could not be read (e.g. "answered HTTP 404"), or null when it was read. */
  problem: string | null;
}

/** How long an answer that may change soon (timeouts, 5xx, 429) is reused, at most. */
const TRANSIENT_TTL_MS = 60_000;
/** The Accept header of an author page: only HTML has h-cards. */
const HTML_ACCEPT = 'text/html,application/xhtml+xml;q=0.9';

/** The URL without its fragment, which is never sent: one cache entry per page. */
function pageKey(url: string): string {
  const hash = url.indexOf('#');
  return (hash === -1 ? url : url.slice(0, hash)).trim();
}

/** The lookup a fetch of an author page gives. */
function lookupOf(page: FetchOutcome): AuthorPageLookup {
  if (!page.ok) return { card: null, problem: `could not be fetched (${page.reason}: ${page.message})` };
  if (page.status !== 200) return { card: null, problem: `answered HTTP ${page.status}` };
  if (!isHtmlMediaType(page.contentType)) {
    return { card: null, problem: `is ${page.contentType || 'of no content type'}, not HTML` };
  }
  if (tooComplexReason(page.body, DEFAULT_MICROFORMATS_LIMITS) !== null) {
    return { card: null, problem: 'is too complex to parse' };
  }
  return { card: representativeHCard({ html: page.body, pageUrl: page.url }), problem: null };
}

/**
 * Author pages (IndieWeb authorship): fetched through the guarded client with their own time cap, HTML only, and
 * remembered per page URL for `authorship.cacheTtlMs` (answers that may change soon for a minute at most), so a
 * burst of mentions by one author fetches the page once.
 */
@Injectable()
export class AuthorPageService {
  private readonly cache = new AuthorPageCache<AuthorPageLookup>();
  private readonly inFlight = new Map<string, Promise<AuthorPageLookup>>();

  constructor(
    @Inject(WEBMENTION_FETCHER) private readonly fetcher: SafeFetcher,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  /** The representative h-card of the page at `url`, from the cache or one fetch; never rejects. */
  lookup(url: string): Promise<AuthorPageLookup> {
    const key = pageKey(url);
    const cached = this.cache.get(key);
    if (cached !== undefined) return Promise.resolve(cached);
    // NOTE: verifications running at once for one author share the fetch in progress.
    let pending = this.inFlight.get(key);
    if (pending === undefined) {
      pending = this.fetchPage(key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async fetchPage(url: string): Promise<AuthorPageLookup> {
    const { timeoutMs, cacheTtlMs } = this.options.authorship;
    const page = await this.fetcher.request(url, { timeoutMs, headers: { Accept: HTML_ACCEPT } });
    let lookup: AuthorPageLookup;
    try {
      lookup = lookupOf(page);
    } catch (error) {
      // NOTE: a parser crash on a hostile page is that page's problem, never the verification's.
      lookup = { card: null, problem: `could not be read (${(error as Error).message})` };
    }
    this.cache.set(url, lookup, isTransient(page) ? Math.min(cacheTtlMs, TRANSIENT_TTL_MS) : cacheTtlMs);
    return lookup;
  }
}
