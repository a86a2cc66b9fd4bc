import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Webmention } from '../entities/webmention.entity';
import { WebmentionEventPublisher } from '../events/webmention-event.publisher';
import { WebmentionEvent } from '../events/webmention.events';
import { UrlResolver } from '../interfaces/url-resolver.interface';
import { WebmentionQueue } from '../queue/webmention-queue';
import { WebmentionStore } from '../storage/webmention.store';
import { verifyJob } from '../verify/verify.job';
import { hostInList } from '../url/host';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { postKeyOf } from './per-post-endpoint';
import { checkReceiveRequest, ReceiveError, ReceiveRequestInput } from './receive-request';

/** Outcome of {@link ReceiveService.receive}. */
export type ReceiveOutcome =
  { ok: true; webmention: Webmention; created: boolean; queued: boolean } | { ok: false; error: ReceiveError };

/**
 * The receiving side of the endpoint: checks a request at once, stores the pair, queues its verification.
 * Nothing slow happens here; fetching the source is the worker's job.
 */
@Injectable()
export class ReceiveService {
  private readonly logger = new Logger('WebmentionReceiver');

  constructor(
    private readonly store: WebmentionStore,
    private readonly queue: WebmentionQueue,
    private readonly events: WebmentionEventPublisher,
    @Inject(UrlResolver) private readonly urlResolver: UrlResolver,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  /** Checks, stores and queues one submitted Webmention. */
  async receive(input: ReceiveRequestInput): Promise<ReceiveOutcome> {
    const checked = checkReceiveRequest(input, this.options);
    if (!checked.ok) return checked;
    const { source, target, post } = checked.value;

    let contentObject: unknown;
    try {
      contentObject = await this.urlResolver.resolve(target.href);
    } catch (error) {
      this.logger.error(`UrlResolver failed for ${target.href}: ${(error as Error).message}`);
      contentObject = null;
    }
    if (contentObject === null || contentObject === undefined) {
      return {
        ok: false,
        error: { status: 400, code: 'target_not_accepted', message: 'target does not accept Webmentions' },
      };
    }

    if (post !== undefined && !(await this.isPost(contentObject, post, target.href))) {
      return {
        ok: false,
        error: { status: 400, code: 'target_mismatch', message: 'target is not the post this endpoint belongs to' },
      };
    }
    // NOTE: the row is written before the job, so a job that cannot be queued now is recovered by the sweeper.
    const moderation = hostInList(source.hostname, this.options.autoApproveHosts)
      ? 'approved'
      : this.options.initialModeration;
    const { webmention, created } = await this.store.upsertPair(source.href, target.href, moderation);
    void this.events.emit(WebmentionEvent.Received, { webmention, created });
    const queued =
      (await this.queue.enqueue(verifyJob(webmention.id, this.options.verifyRetry), { evenIfActive: true })) ===
      'queued';
    return { ok: true, webmention, created, queued };
  }

  /** True when the content object's canonical URL has the post key of the per-post endpoint the mention came to. */
  private async isPost(contentObject: unknown, post: string, target: string): Promise<boolean> {
    try {
      return postKeyOf(await this.urlResolver.getAbsoluteUrl(contentObject)) === post;
    } catch (error) {
      // NOTE: without the object's URL the endpoint cannot tell it is that post, so the mention is refused.
      this.logger.error(`UrlResolver.getAbsoluteUrl failed for ${target}: ${(error as Error).message}`);
      return false;
    }
  }
}
