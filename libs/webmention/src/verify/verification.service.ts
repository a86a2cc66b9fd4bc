import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FailureReason, Webmention } from '../entities/webmention.entity';
import { CommentSync } from '../events/comment-sync.service';
import { WebmentionEventPublisher } from '../events/webmention-event.publisher';
import { WebmentionEvent } from '../events/webmention.events';
import type { HostLimiter } from '../http/host-limiter';
import type { SafeFetcher } from '../http/safe-fetcher';
import { SpamChecker, SpamCheckResult } from '../interfaces/spam-checker.interface';
import { capMentionContent } from '../mf2/cap-content';
import { mentionMediaUrls } from '../mf2/mention-media';
import { WebmentionMetrics } from '../events/webmention-metrics';
import type { JobContext } from '../queue/job';
import { isLastAttempt, RetryLaterError, retryDelay } from '../queue/retry';
import { manualSpamRecord } from '../spam/manual-decision';
import { WebmentionMediaStore } from '../storage/webmention-media.store';
import { WebmentionStore } from '../storage/webmention.store';
import { hostInList, siteKey } from '../url/host';
import { WEBMENTION_FETCHER, WEBMENTION_HOST_LIMITER, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { MentionReader, type MentionReading } from './mention-reader.service';
import { sourceKind } from './source-links';
import { SourceParser } from './source-parser.service';
import { classifySourceFetch } from './verification-outcome';

/** Fields a verification writes; `undefined` leaves a column as it is. */
type VerificationUpdate = Partial<Omit<Webmention, 'id' | 'createdAt'>>;

/** Longest wait for a spam checker; past it the mention is held for moderation. */
const SPAM_CHECK_TIMEOUT_MS = 15_000;

/** Rejects with `message` when `promise` has not settled within `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const REMOVAL_REASONS: ReadonlySet<FailureReason> = new Set(['gone', 'link_removed']);

/** Fields of a read mention as stored on the row, its content capped to `maxChars` ("Read more" to the entry). */
function mentionFields(reading: MentionReading, maxChars: number, sourceUrl: string): VerificationUpdate {
  const { mention, authorship } = reading;
  const readMoreUrl = mention.url ?? sourceUrl;
  return {
    ...capMentionContent(mention, { maxChars, readMoreUrl, baseUrl: sourceUrl }),
    mentionType: mention.mentionType,
    rsvp: mention.rsvp,
    authorName: mention.author.name,
    authorUrl: mention.author.url,
    authorPhoto: mention.author.photo,
    photos: mention.media.photo.map(({ url, alt }) => ({ url, alt })),
    videos: [...mention.media.video],
    audios: [...mention.media.audio],
    authorVerified: authorship === null ? null : authorship.verified,
    authorshipReason: authorship?.reason ?? null,
    title: mention.title,
    url: mention.url,
    published: mention.published,
    updated: mention.updated,
    entry: mention.entry,
  };
}

/**
 * The worker's verification of one mention: fetch the source through the safe fetcher, check that it links to the
 * target, read its microformats, check for spam, store the result, then tell the comment adapter and listeners.
 */
/** The retry fields of a mention whose verification ended (verified, failed or spam) on attempt `ctx.attempt`. */
function settled(ctx: JobContext): Pick<Webmention, 'attempts' | 'retryReason' | 'nextAttemptAt'> {
  return { attempts: ctx.attempt, retryReason: null, nextAttemptAt: null };
}

@Injectable()
export class VerificationService {
  private readonly logger = new Logger('WebmentionVerifier');

  constructor(
    private readonly store: WebmentionStore,
    private readonly events: WebmentionEventPublisher,
    @Inject(WEBMENTION_FETCHER) private readonly fetcher: SafeFetcher,
    @Inject(SpamChecker) private readonly spamChecker: SpamChecker,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
    private readonly comments: CommentSync,
    private readonly media: WebmentionMediaStore,
    private readonly reader: MentionReader,
    private readonly metrics: WebmentionMetrics,
    @Inject(WEBMENTION_HOST_LIMITER) private readonly limiter: HostLimiter,
    private readonly parser: SourceParser,
  ) {}

  /**
   * Verifies the mention with this id. Throws `RetryLaterError` for transient failures before the last attempt.
   * With `queuedAt` (when the job was asked for, epoch ms), nothing is done when a fetch that started after that
   * has stored its result: that fetch saw the source as the job would.
   */
  async verify(webmentionId: number, ctx: JobContext = { attempt: 1, attempts: 1 }, queuedAt?: number): Promise<void> {
    const before = await this.store.findById(webmentionId);
    if (!before) return; // deleted meanwhile
    if (queuedAt !== undefined && before.fetchStartedAt !== null && before.fetchStartedAt > queuedAt) {
      this.logger.debug(`Mention ${webmentionId} was fetched after this job was queued; nothing to do`);
      return;
    }
    const startedAt = Date.now();
    // NOTE: through the per-site limit shared with sending, so a flood about one host fetches from it a few at a time.
    const fetched = await this.limiter.run(siteKey(before.sourceUrl) ?? before.sourceUrl, () =>
      this.fetcher.request(before.sourceUrl),
    );
    // NOTE: an HTML page is read in a worker thread (links, then microformats), off the event loop.
    const read =
      fetched.ok && fetched.status === 200 && sourceKind(fetched.contentType) === 'html'
        ? await this.parser.read({
            body: fetched.body,
            contentType: fetched.contentType,
            baseUrl: fetched.url,
            sourceUrl: before.sourceUrl,
            targetUrl: before.targetUrl,
            limits: this.options.mf2,
            interpret: true,
          })
        : null;
    const outcome = classifySourceFetch(fetched, before.targetUrl, this.options.mf2, read?.found);

    if (!outcome.ok) {
      if (outcome.transient && !isLastAttempt(ctx)) {
        const retry = new RetryLaterError(`${before.sourceUrl}: ${outcome.message}`, outcome.retryAfterMs);
        // NOTE: the same delay the queue computes from the same error, so the status URL tells when it is due.
        const delayMs = retryDelay(ctx.attempt, this.options.verifyRetry, retry);
        await this.store.recordRetry(before.id, ctx.attempt, outcome.reason, new Date(Date.now() + delayMs));
        this.metrics.retry('verify', outcome.reason);
        throw retry;
      }
      await this.applyFailure(before, startedAt, ctx, outcome.reason, outcome.message);
      return;
    }

    const reading = await this.reader.read(outcome.response, outcome.kind, before, read?.mention);
    await this.applyVerified(before, startedAt, ctx, reading);
  }

  private async applyFailure(
    before: Webmention,
    startedAt: number,
    ctx: JobContext,
    reason: FailureReason,
    detail: string,
  ): Promise<void> {
    // NOTE: a failure keeps the parsed author, content, type and date: they still describe what was said.
    const after = await this.store.applyResult(before.id, startedAt, {
      status: 'failed',
      failureReason: reason,
      failureDetail: detail.slice(0, 500),
      verifiedAt: null,
      ...settled(ctx),
    });
    if (!after) return this.logger.debug(`Discarded an older result for webmention ${before.id}`);
    await this.comments.syncComment(before, after);
    await this.events.emit(WebmentionEvent.Failed, { webmention: after, reason });
    if (before.status === 'verified' && REMOVAL_REASONS.has(reason)) {
      await this.events.emit(WebmentionEvent.Deleted, { webmention: after, reason });
    }
  }

  private async applyVerified(
    before: Webmention,
    startedAt: number,
    ctx: JobContext,
    reading: MentionReading | null,
  ): Promise<void> {
    const now = new Date();
    const parsed: VerificationUpdate = reading
      ? mentionFields(reading, this.options.content.maxChars, before.sourceUrl)
      : {};
    const candidate = Object.assign(Object.create(Object.getPrototypeOf(before)) as Webmention, before, parsed, {
      status: 'verified',
      verifiedAt: now,
    });
    let spam: SpamCheckResult;
    let checkerFailed = false;
    try {
      spam = await withTimeout(
        Promise.resolve(this.spamChecker.check(candidate)),
        SPAM_CHECK_TIMEOUT_MS,
        'the spam checker did not answer in time',
      );
    } catch (error) {
      checkerFailed = true;
      spam = { isSpam: false, confidence: 0, details: { error: (error as Error).message } };
      this.logger.error(
        `SpamChecker failed for webmention ${before.id}; holding it for moderation: ${(error as Error).message}`,
      );
    }
    // NOTE: a moderator's decision outranks the checker, whose answer is still recorded beside it.
    const manual = manualSpamRecord(before.spamCheckResult);
    const spamCheckResult = {
      isSpam: spam.isSpam,
      confidence: spam.confidence,
      details: spam.details ?? null,
      ...(checkerFailed ? { error: true } : {}),
      ...(manual ?? {}),
    };

    if (manual ? manual.manual === 'spam' : spam.isSpam) {
      // NOTE: a spam row keeps its earlier fields; the newly parsed ones are not applied.
      const after = await this.store.applyResult(before.id, startedAt, {
        status: 'spam',
        verifiedAt: null,
        failureReason: null,
        failureDetail: null,
        spamCheckResult,
        ...settled(ctx),
      });
      if (!after) return;
      await this.comments.syncComment(before, after);
      await this.events.emit(WebmentionEvent.Spam, { webmention: after });
      return;
    }

    // NOTE: only an approval is held back, never one after a moderator's spam decision; a manual rejection stays as
    // the moderator left it.
    const unconfirmed = this.holdsUnconfirmedAuthor(before, parsed);
    const hold = (checkerFailed || unconfirmed) && !manual && before.moderation === 'approved';
    if (hold && unconfirmed) {
      this.logger.log(
        `Holding webmention ${before.id} for moderation: ${parsed.authorshipReason ?? 'author not confirmed'}`,
      );
    }
    const after = await this.store.applyResult(
      before.id,
      startedAt,
      {
        ...parsed,
        status: 'verified',
        verifiedAt: now,
        failureReason: null,
        failureDetail: null,
        spamCheckResult,
        ...settled(ctx),
        ...(hold ? { moderation: 'pending' as const } : {}),
      },
      { firstVerifiedAt: now },
    );
    if (!after) return;
    await this.recordMedia(after);
    await this.comments.syncComment(before, after);
    // NOTE: firstVerifiedAt is set only when empty, in the same UPDATE; whichever job set it reports the first verification.
    const created = after.firstVerifiedAt !== null && after.firstVerifiedAt.getTime() === now.getTime();
    await this.events.emit(WebmentionEvent.Verified, { webmention: after, created });
  }

  /**
   * Whether this result holds the mention for its unconfirmed author (`authorship.holdUnverified`): the author is
   * newly unconfirmed, and the source's host is not one whose mentions are approved without moderation.
   * NOTE: a mention already unconfirmed before and approved now was approved by a moderator (or before holding was
   * on): verifying it again does not take that back.
   */
  private holdsUnconfirmedAuthor(before: Webmention, parsed: VerificationUpdate): boolean {
    if (parsed.authorVerified !== false || !this.options.authorship.holdUnverified) return false;
    if (before.authorVerified === false) return false;
    return before.sourceHost === null || !hostInList(before.sourceHost, this.options.autoApproveHosts);
  }

  /** Records the photo and images the stored mention shows, for the media proxy; a failure is logged, not thrown. */
  private async recordMedia(after: Webmention): Promise<void> {
    try {
      await this.media.replaceFor(after.id, mentionMediaUrls(after));
    } catch (error) {
      this.logger.error(`Could not record the media of webmention ${after.id}: ${(error as Error).message}`);
    }
  }
}
