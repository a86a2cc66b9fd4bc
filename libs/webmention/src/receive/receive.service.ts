import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Webmention } from '../entities/webmention.entity';
import { WebmentionEventPublisher } from '../events/webmention-event.publisher';
import { WebmentionEvent } from '../events/webmention.events';
import { UrlResolver } from '../interfaces/url-resolver.interface';
import { WebmentionQueue } from '../queue/webmention-queue';
import { PairSubmission, WebmentionStore } from '../storage/webmention.store';
import { verifyJob } from '../verify/verify.job';
import { hostInList } from '../url/host';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { GroupCommit } from './group-commit';
import { ResolveCache } from './resolve-cache';
import { postKeyOf } from './per-post-endpoint';
import { checkReceiveRequest, ReceiveError, ReceiveRequestInput } from './receive-request';

/** A stored submission: its row, whether this submission made it, whether its job is queued. */
interface Stored {
  webmention: Webmention;
  created: boolean;
  queued: boolean;
}

/** Outcome of {@link ReceiveService.receive}. */
export type ReceiveOutcome = ({ ok: true } & Stored) | { ok: false; error: ReceiveError };

/** Seconds a sender is asked to wait after a 503 (our resolver or database failed, not its request). */
export const RETRY_AFTER_SECONDS = 30;

/** A server-side failure: `503` with `Retry-After`, never a 400 that would tell the sender its request is wrong. */
function unavailable(message = 'the receiver cannot take this Webmention right now; try again later'): {
  ok: false;
  error: ReceiveError;
} {
  return {
    ok: false,
    error: { status: 503, code: 'temporarily_unavailable', message, retryAfterSeconds: RETRY_AFTER_SECONDS },
  };
}

/** How long a resubmitted pair waits before it is fetched again: the rest of the window since its last fetch. */
export function refetchDelay(lastFetchMs: number | null, windowMs: number, now = Date.now()): number {
  if (lastFetchMs === null || windowMs === 0) return 0;
  return Math.max(0, Math.min(windowMs, lastFetchMs + windowMs - now));
}

/**
 * The receiving side of the endpoint: checks a request at once, stores the pair, queues its verification.
 * Nothing slow happens here; fetching the source is the worker's job.
 */
@Injectable()
export class ReceiveService {
  private readonly logger = new Logger('WebmentionReceiver');

  // NOTE: group commit: requests arriving while a write runs share the next one (see GroupCommit); a lone request
  // is written at once. Four writes at a time stay well inside a connection pool's default of ten.
  private readonly writes = new GroupCommit<PairSubmission, Stored>((pairs) => this.storeAndQueue(pairs), {
    maxBatch: 100,
    maxInFlight: 4,
  });

  private readonly resolved: ResolveCache;

  constructor(
    private readonly store: WebmentionStore,
    private readonly queue: WebmentionQueue,
    private readonly events: WebmentionEventPublisher,
    @Inject(UrlResolver) private readonly urlResolver: UrlResolver,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {
    this.resolved = new ResolveCache(options.urlResolverCacheMs);
  }

  /** Checks, stores and queues one submitted Webmention. */
  async receive(input: ReceiveRequestInput): Promise<ReceiveOutcome> {
    const checked = checkReceiveRequest(input, this.options);
    if (!checked.ok) return checked;
    const { source, target, post } = checked.value;

    // NOTE: a resolver that throws (a dead database connection, a bug) is our failure, not the sender's: 503, so the
    // sender retries. Only a resolver that answers null says the target takes no Webmentions (400).
    let contentObject: unknown;
    try {
      contentObject = await this.resolved.resolve(target.href, async () => this.urlResolver.resolve(target.href));
    } catch (error) {
      this.logger.error(`UrlResolver failed for ${target.href}: ${(error as Error).message}`);
      return unavailable();
    }
    if (contentObject === null || contentObject === undefined) {
      return {
        ok: false,
        error: { status: 400, code: 'target_not_accepted', message: 'target does not accept Webmentions' },
      };
    }

    const isPost = post === undefined ? true : await this.isPost(contentObject, post, target.href);
    if (isPost === 'failed') return unavailable();
    if (!isPost) {
      return {
        ok: false,
        error: { status: 400, code: 'target_mismatch', message: 'target is not the post this endpoint belongs to' },
      };
    }
    // NOTE: asked before the row is written: a full in-process queue refuses with 503 rather than drop work later.
    if (!this.queue.hasRoom()) return unavailable('the receiver has too much work queued; try again later');
    const moderation = hostInList(source.hostname, this.options.autoApproveHosts)
      ? 'approved'
      : this.options.initialModeration;
    try {
      return {
        ok: true,
        ...(await this.writes.submit({ sourceUrl: source.href, targetUrl: target.href, moderation })),
      };
    } catch (error) {
      this.logger.error(`Could not store the mention of ${target.href}: ${(error as Error).message}`);
      return unavailable();
    }
  }

  /**
   * Stores the pairs submitted together in one multi-row statement and queues their jobs in one call. The rows are
   * written before the jobs, so a job that cannot be queued now is recovered by the sweeper.
   */
  private async storeAndQueue(pairs: PairSubmission[]): Promise<Stored[]> {
    const stored = await this.store.upsertPairs(pairs);
    for (const { webmention, created } of stored)
      void this.events.emit(WebmentionEvent.Received, { webmention, created });
    const results = await this.queue.enqueueMany(
      stored.map(({ webmention, created }) => ({
        job: verifyJob(webmention.id, this.options.verifyRetry),
        options: {
          evenIfActive: true,
          fresh: created,
          delayMs: refetchDelay(webmention.fetchStartedAt, this.options.refetchWindowMs),
        },
      })),
    );
    return stored.map((row, i) => ({ ...row, queued: results[i] === 'queued' }));
  }

  /**
   * True when the content object's canonical URL has the post key of the per-post endpoint the mention came to;
   * 'failed' when the resolver threw (the endpoint cannot tell, so it asks the sender to come back).
   */
  private async isPost(contentObject: unknown, post: string, target: string): Promise<boolean | 'failed'> {
    try {
      return postKeyOf(await this.urlResolver.getAbsoluteUrl(contentObject)) === post;
    } catch (error) {
      this.logger.error(`UrlResolver.getAbsoluteUrl failed for ${target}: ${(error as Error).message}`);
      return 'failed';
    }
  }
}
