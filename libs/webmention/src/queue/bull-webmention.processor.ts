import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { SEND_JOB, SEND_SOURCE_JOB, VERIFY_JOB, WEBMENTION_QUEUE } from '../webmention.constants';
import { WebmentionJobProcessor } from './webmention-job.processor';
import { RetryLaterError } from './webmention-queue';

/** Concurrency of the Bull processor per worker process, per job name. */
export const BULL_CONCURRENCY = 4;

/** Consumes the Bull queue in processes that run the processor. */
@Processor(WEBMENTION_QUEUE)
export class BullWebmentionProcessor {
  constructor(private readonly processor: WebmentionJobProcessor) {}

  @Process({ name: VERIFY_JOB, concurrency: BULL_CONCURRENCY })
  verify(job: Job): Promise<void> {
    return this.run(job);
  }

  @Process({ name: SEND_SOURCE_JOB, concurrency: 1 })
  planSend(job: Job): Promise<void> {
    return this.run(job);
  }

  @Process({ name: SEND_JOB, concurrency: BULL_CONCURRENCY })
  deliver(job: Job): Promise<void> {
    return this.run(job);
  }

  private run(job: Job): Promise<void> {
    return this.processor.process(job.name, job.data, { attempt: job.attemptsMade + 1, attempts: job.opts.attempts ?? 1 });
  }
}

/** Backoff strategy registered on the queue: the delay a `RetryLaterError` asked for, else one second. */
export function webmentionBackoffStrategy(_attemptsMade: number, error: Error): number {
  return error instanceof RetryLaterError ? error.delayMs : 1000;
}
