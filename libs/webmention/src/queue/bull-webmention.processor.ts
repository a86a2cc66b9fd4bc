import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { WEBMENTION_BULL_QUEUE } from '../webmention.constants';
import type { RetryPolicy } from './job';
import { JobHandlerRegistry } from './job-handler.registry';
import { PendingSweeper } from './pending-sweeper';
import { retryDelay } from './retry';
import { RunningJobs } from './running-jobs';
/**
 * Consumes the Bull queue in processes that run the processor: one `queue.process` per registered job handler, with
 * that handler's concurrency (as nestjs/bull's explorer does for `@Process()` methods).
 */
@Injectable()
export class BullWebmentionProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WebmentionQueue');
  private stopped = false;

  constructor(
    @Inject(WEBMENTION_BULL_QUEUE) private readonly queue: Queue,
    private readonly handlers: JobHandlerRegistry,
    private readonly running: RunningJobs,
    @Optional() private readonly sweeper?: PendingSweeper,
  ) {}

  onApplicationBootstrap(): void {
    // NOTE: consuming starts after the start-up sweep. Otherwise a job could finish (and be removed) between the
    // sweep reading its row as pending and asking Bull for it, and the sweep would queue it a second time.
    const swept = this.sweeper ? this.sweeper.sweep(0) : Promise.resolve(0);
    void swept.finally(() => this.start());
  }

  onModuleDestroy(): void {
    this.stopped = true;
  }

  private start(): void {
    if (this.stopped) return;
    for (const { name, concurrency } of this.handlers.all()) {
      this.queue
        .process(name, concurrency, (job: Job) =>
          this.running.track(String(job.id), () =>
            this.handlers.run(job.name, job.data, { attempt: job.attemptsMade + 1, attempts: job.opts.attempts ?? 1 }),
          ),
        )
        .catch((error: Error) => this.logger.error(`The ${name} processor stopped: ${error.message}`));
    }
  }
}

/** Backoff strategy registered on the queue: the job's own policy, or the delay a `RetryLaterError` asked for. */
export function webmentionBackoffStrategy(attemptsMade: number, error: Error, policy: RetryPolicy | null): number {
  return retryDelay(attemptsMade, policy ?? { backoffMs: 1000, maxBackoffMs: 1000 }, error);
}
