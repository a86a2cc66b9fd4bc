import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { WEBMENTION_EXTRAS, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import type { ResolvedWebmentionExtras, ResolvedWebmentionOptions } from '../webmention-options';
import { WebmentionJobProcessor } from './webmention-job.processor';
import { backoffDelay, EnqueueOptions, EnqueueResult, QueueJob, RetryLaterError, WebmentionQueue } from './webmention-queue';

interface InlineJob {
  key: string;
  name: string;
  data: unknown;
  attempts: number;
  attempt: number;
}

/**
 * In-process queue with the same job interface as the Bull one: bounded concurrency, retries with backoff, at most
 * one waiting job per key. Jobs live in memory only; the sweeper re-queues `pending` rows at start-up, so nothing
 * accepted is lost when the process stops.
 */
@Injectable()
export class InlineWebmentionQueue extends WebmentionQueue implements OnModuleDestroy {
  private readonly logger = new Logger('WebmentionQueue');
  private readonly ready: InlineJob[] = [];
  private readonly waiting = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  /** Running jobs per key. */
  private readonly active = new Map<string, number>();
  private closed = false;

  constructor(
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
    @Inject(WEBMENTION_EXTRAS) private readonly extras: ResolvedWebmentionExtras,
    private readonly moduleRef: ModuleRef,
  ) {
    super();
  }

  // NOTE: looked up lazily: the processor's handlers enqueue jobs themselves, so injecting it would be a cycle.
  private get processor(): WebmentionJobProcessor {
    return this.moduleRef.get(WebmentionJobProcessor, { strict: false });
  }

  async enqueue(job: QueueJob, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    return this.add({ key: job.key, name: job.name, data: job.data, attempts: job.attempts, attempt: 1 }, options.evenIfActive ?? false);
  }

  /** Jobs waiting (ready or delayed for a retry) and running, for tests and health checks. */
  get size(): { waiting: number; active: number } {
    return { waiting: this.waiting.size, active: this.running.size };
  }

  /** Resolves when no job is waiting or running. */
  async drain(): Promise<void> {
    while (this.waiting.size > 0 || this.running.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private add(job: InlineJob, evenIfActive: boolean): EnqueueResult {
    // NOTE: without a processor in this process (a CLI) the row stays pending for a process that has one.
    if (this.closed || !this.extras.processor) return 'unavailable';
    if (this.waiting.has(job.key)) return 'duplicate';
    // NOTE: as on Bull, a running job blocks a new one for its key unless asked (a change it may not have seen).
    if (!evenIfActive && this.active.has(job.key)) return 'duplicate';
    this.waiting.add(job.key);
    this.ready.push(job);
    this.pump();
    return 'queued';
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.options.inlineConcurrency && this.ready.length > 0) {
      const job = this.ready.shift()!;
      this.waiting.delete(job.key);
      this.active.set(job.key, (this.active.get(job.key) ?? 0) + 1);
      const run = this.run(job).finally(() => {
        this.running.delete(run);
        const left = (this.active.get(job.key) ?? 1) - 1;
        if (left > 0) this.active.set(job.key, left);
        else this.active.delete(job.key);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async run(job: InlineJob): Promise<void> {
    const attempts = job.attempts;
    try {
      await this.processor.process(job.name, job.data, { attempt: job.attempt, attempts });
    } catch (error) {
      if (job.attempt >= attempts) {
        this.logger.error(`Job ${job.key} failed after ${attempts} attempts: ${(error as Error).message}`);
        return;
      }
      const { backoffMs, maxBackoffMs } = this.options.verifyRetry;
      const delay = error instanceof RetryLaterError ? error.delayMs : backoffDelay(job.attempt, backoffMs, maxBackoffMs);
      this.retryLater(job, delay);
    }
  }

  private retryLater(job: InlineJob, delayMs: number): void {
    if (this.closed || this.waiting.has(job.key)) return; // a newer job for the key supersedes this retry
    this.waiting.add(job.key);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed) return;
      this.ready.push({ ...job, attempt: job.attempt + 1 });
      this.pump();
    }, delayMs);
    this.timers.add(timer);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.ready.length = 0;
    this.waiting.clear();
    await Promise.allSettled([...this.running]);
  }
}
