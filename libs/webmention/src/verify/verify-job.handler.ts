import { Inject, Injectable } from '@nestjs/common';
import type { JobContext, QueueJob } from '../queue/job';
import { WebmentionJobHandler } from '../queue/job-handler.decorator';
import type { JobHandler } from '../queue/job-handler.interface';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { WebmentionStore } from '../storage/webmention.store';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { VerificationService } from './verification.service';
import { VERIFY_JOB, verifyJob, VerifyJobData } from './verify.job';

/** Runs verify jobs, and says which received mentions still wait for one. */
@Injectable()
@WebmentionJobHandler(VERIFY_JOB)
export class VerifyJobHandler implements JobHandler<VerifyJobData> {
  constructor(
    private readonly verification: VerificationService,
    private readonly store: WebmentionStore,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  handle(data: VerifyJobData, ctx: JobContext): Promise<void> {
    return this.verification.verify(data.webmentionId, ctx, data.queuedAt);
  }

  async *pendingJobs(before: Date): AsyncGenerator<QueueJob> {
    for await (const row of this.store.pending(before)) yield verifyJob(row.id, this.options.verifyRetry);
  }

  stillPending(data: VerifyJobData): Promise<boolean> {
    return this.store.isPending(data.webmentionId);
  }
}
