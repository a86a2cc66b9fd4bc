import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { JobHandlerRegistry } from './job-handler.registry';
import { WebmentionQueue } from './webmention-queue';

/**
 * Re-queues the work each capability has left `pending` without a job: at start-up (the in-process queue forgets
 * its jobs when the process stops) and then periodically (a job lost while Redis was unreachable). Runs in processor
 * processes only; the capabilities say what is pending through their handlers' `pendingJobs`.
 */
@Injectable()
export class PendingSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WebmentionSweeper');
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    private readonly handlers: JobHandlerRegistry,
    private readonly queue: WebmentionQueue,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep(0);
    if (this.options.sweepIntervalMs > 0) {
      this.timer = setInterval(() => void this.sweep(this.options.sweepIntervalMs), this.options.sweepIntervalMs);
      this.timer.unref();
    }
  }

  /** Queues every pending job last touched more than `minAgeMs` ago; resolves how many jobs were queued. */
  sweep(minAgeMs = 0): Promise<number> {
    this.sweeping ??= this.sweepOnce(minAgeMs).finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(minAgeMs: number): Promise<number> {
    const before = new Date(Date.now() - minAgeMs + 1);
    let queued = 0;
    try {
      for (const { handler } of this.handlers.all()) {
        if (!handler.pendingJobs) continue;
        for await (const job of handler.pendingJobs(before)) {
          // NOTE: the row is read again only after the queue found no job for it. Read before (when the list was),
          // a job that finished in between would leave it looking pending, and it would be fetched a second time.
          const stillPending = handler.stillPending?.bind(handler);
          const result = await this.queue.enqueue(
            job,
            stillPending ? { stillNeeded: () => stillPending(job.data) } : {},
          );
          if (result === 'unavailable') return queued; // the queue is down: next sweep
          if (result === 'queued') queued++;
        }
      }
    } catch (error) {
      this.logger.warn(`Sweep of pending jobs failed: ${(error as Error).message}`);
    } finally {
      if (queued > 0) this.logger.log(`Queued ${queued} pending job(s)`);
    }
    return queued;
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
