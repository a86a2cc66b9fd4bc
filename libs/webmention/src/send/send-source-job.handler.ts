import { Inject, Injectable, Logger } from '@nestjs/common';
import { WebmentionJobHandler } from '../queue/job-handler.decorator';
import type { JobHandler } from '../queue/job-handler.interface';
import { WebmentionQueue } from '../queue/webmention-queue';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { OutgoingWebmentionStore } from '../storage/outgoing-webmention.store';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { plannedTargets, SendPlanner } from './send-planner';
import { SEND_SOURCE_JOB, sendJob, SendSourceJobData } from './send.jobs';

/** Runs send-source jobs: plans the source, records each target as pending and queues its send job. */
@Injectable()
@WebmentionJobHandler(SEND_SOURCE_JOB, { concurrency: 1 })
export class SendSourceJobHandler implements JobHandler<SendSourceJobData> {
  private readonly logger = new Logger('WebmentionSender');

  constructor(
    private readonly planner: SendPlanner,
    private readonly history: OutgoingWebmentionStore,
    private readonly queue: WebmentionQueue,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  async handle(data: SendSourceJobData): Promise<void> {
    const plan = await this.planner.plan(data.source, data);
    if (plan.error) {
      this.logger.warn(`Not sending for ${data.source}: ${plan.error}`);
      return;
    }
    const work = plannedTargets(plan);
    let unavailable = 0;
    for (const { target, stillLinked } of work) {
      await this.history.record(plan.source, target, { status: 'pending', stillLinked });
      const job = sendJob({ source: plan.source, target, stillLinked }, this.options.send.retry);
      if ((await this.queue.enqueue(job, { evenIfActive: true })) === 'unavailable') unavailable++;
    }
    await this.planner.recordOverflow(plan);
    // NOTE: each target is recorded `pending` before its job, so the sweeper queues a job the queue could not take;
    // retrying the plan as well (re-planning is idempotent) gets them going sooner when the queue comes back.
    if (unavailable > 0)
      throw new Error(`could not queue ${unavailable} of ${work.length} send jobs for ${plan.source}`);
  }
}
