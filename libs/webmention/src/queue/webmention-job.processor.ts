import { Inject, Injectable, Logger } from '@nestjs/common';
import { SEND_JOB, SEND_SOURCE_JOB, VERIFY_JOB, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { WebmentionSender } from '../send/webmention-sender.service';
import type { DeliveryJobData, SourceJobData } from './send-jobs';
import type { ResolvedWebmentionOptions } from '../webmention-options';
import { VerificationService } from '../verify/verification.service';
import { backoffDelay, JobContext, RetryLaterError, VerifyJobData } from './webmention-queue';

/** Runs one job of any name; both queue drivers hand their jobs here. */
@Injectable()
export class WebmentionJobProcessor {
  private readonly logger = new Logger('WebmentionJobProcessor');

  constructor(
    private readonly verification: VerificationService,
    private readonly sender: WebmentionSender,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  /** Runs a job; throws `RetryLaterError` (with the delay to wait) when it should be tried again. */
  async process(name: string, data: unknown, ctx: JobContext): Promise<void> {
    try {
      switch (name) {
        case VERIFY_JOB:
          return await this.verification.verifyJob((data as VerifyJobData).webmentionId, ctx);
        case SEND_SOURCE_JOB:
          return await this.sender.processSourceJob(data as SourceJobData);
        case SEND_JOB:
          return await this.sender.processDeliveryJob(data as DeliveryJobData, ctx);
        default:
          this.logger.warn(`Dropping job of unknown name "${name}"`);
      }
    } catch (error) {
      if (error instanceof RetryLaterError) throw error;
      // NOTE: an unexpected error (database down, a bug) is retried like a transient failure, then logged.
      this.logger.error(`Job ${name} failed (attempt ${ctx.attempt} of ${ctx.attempts}): ${(error as Error).stack ?? error}`);
      const { backoffMs, maxBackoffMs } = name === VERIFY_JOB ? this.options.verifyRetry : this.options.send.retry;
      throw new RetryLaterError((error as Error).message, backoffDelay(ctx.attempt, backoffMs, maxBackoffMs));
    }
  }
}
