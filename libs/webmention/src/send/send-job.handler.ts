import { Inject, Injectable } from '@nestjs/common';
import type { JobContext, QueueJob } from '../queue/job';
import { WebmentionJobHandler } from '../queue/job-handler.decorator';
import type { JobHandler } from '../queue/job-handler.interface';
import { isLastAttempt, RetryLaterError } from '../queue/retry';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { OutgoingWebmentionStore } from '../storage/outgoing-webmention.store';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { SEND_JOB, sendJob, SendJobData } from './send.jobs';
import { TargetSender } from './target-sender.service';

/** Runs send jobs (one target each), retrying transient failures; says which targets still wait for one. */
@Injectable()
@WebmentionJobHandler(SEND_JOB)
export class SendJobHandler implements JobHandler<SendJobData> {
  constructor(
    private readonly targets: TargetSender,
    private readonly history: OutgoingWebmentionStore,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  async handle(data: SendJobData, ctx: JobContext): Promise<void> {
    // NOTE: the row is the current word, read once. A later plan may have changed stillLinked while this job waited
    // (a duplicate enqueue keeps the old data; the plan records it on the row before queueing, and a plan made during
    // the attempt queues a successor), and an attempt that started after this job was asked for may have done its work.
    const row = await this.history.ensure(data.source, data.target);
    const ended = row.status !== 'pending' && row.lastAttemptAt !== null;
    if (data.queuedAt !== undefined && ended && row.lastAttemptAt!.getTime() > data.queuedAt) return;
    const stillLinked = row.stillLinked ?? data.stillLinked;
    const attempt = await this.targets.attempt(data.source, data.target);
    if (attempt.transient && !isLastAttempt(ctx)) {
      const error = await this.targets.recordRetry(data.source, data.target, stillLinked, attempt);
      throw new RetryLaterError(`${data.target}: ${error}`, attempt.retryAfterMs);
    }
    await this.targets.finish(data.source, data.target, stillLinked, attempt.fields);
  }

  async *pendingJobs(before: Date): AsyncGenerator<QueueJob> {
    for await (const row of this.history.pending(before)) {
      yield sendJob(
        { source: row.sourceUrl, target: row.targetUrl, stillLinked: row.stillLinked },
        this.options.send.retry,
      );
    }
  }

  stillPending(data: SendJobData): Promise<boolean> {
    return this.history.isPending(data.source, data.target);
  }
}
