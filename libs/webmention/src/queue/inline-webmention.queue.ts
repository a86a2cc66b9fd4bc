import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { WEBMENTION_EXTRAS, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import type { ResolvedWebmentionExtras, ResolvedWebmentionOptions } from '../resolve-options';
import type { QueueJob } from './job';
import { JobHandlerRegistry } from './job-handler.registry';
import { retryDelay } from './retry';
import { EnqueueOptions, EnqueueResult, QueueHealth, WebmentionQueue } from './webmention-queue';

interface InlineJob extends QueueJob {
  attempt: number;
}

/**
 * In-process queue with the same job interface as the Bull one: bounded concurrency per job name, retries with
 * backoff, at most one waiting job per key. Jobs live in memory only; the sweeper re-queues `pending` rows at
 * start-up, so nothing accepted is lost when the process stops.
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
  /** Running jobs per job name. */
  private readonly activeByName = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly handlers: JobHandlerRegistry,
    @Inject(WEBMENTION_EXTRAS) private readonly extras: ResolvedWebmentionExtras,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: Pick<ResolvedWebmentionOptions, 'maxQueuedJobs'>,
  ) {
    super();
  }

  async enqueue(job: QueueJob, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    // NOTE: asked only when no job holds the key now: one that finished before has written its row already.
    const free = !this.waiting.has(job.key) && !this.active.has(job.key);
    if (free && options.stillNeeded && !(await options.stillNeeded())) return 'duplicate';
    return this.add({ ...job, attempt: 1 }, options.evenIfActive ?? false, options.delayMs ?? 0);
  }

  /** Room for one more waiting job (retries of jobs already taken never count against it). */
  override hasRoom(): boolean {
    return this.waiting.size < this.options.maxQueuedJobs;
  }

  /** Jobs waiting (ready or delayed for a retry) and running, for tests and health checks. */
  get size(): { waiting: number; active: number } {
    return { waiting: this.waiting.size, active: this.running.size };
  }

  /** Up unless closed; the backlog is this process's (the in-process queue has no other). */
  async health(): Promise<QueueHealth> {
    if (this.closed) return { up: false, reason: 'the queue is closed' };
    const delayed = this.waiting.size - this.ready.length;
    return {
      up: true,
      backlog: { waiting: this.ready.length, active: this.running.size, delayed: Math.max(0, delayed) },
    };
  }

  /** Resolves when no job is waiting or running. */
  async drain(): Promise<void> {
    while (this.waiting.size > 0 || this.running.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private add(job: InlineJob, evenIfActive: boolean, delayMs: number): EnqueueResult {
    // NOTE: without a processor in this process (a CLI) the row stays pending for a process that has one.
    if (this.closed || !this.extras.processor) return 'unavailable';
    if (this.waiting.has(job.key)) return 'duplicate';
    // NOTE: as on Bull, a running job blocks a new one for its key unless asked (a change it may not have seen).
    if (!evenIfActive && this.active.has(job.key)) return 'duplicate';
    // NOTE: full: the caller's row stays pending and the sweeper queues it once there is room.
    if (!this.hasRoom()) return 'unavailable';
    if (delayMs > 0) {
      this.later({ ...job, attempt: job.attempt - 1 }, delayMs);
      return 'queued';
    }
    this.waiting.add(job.key);
    this.ready.push(job);
    this.pump();
    return 'queued';
  }

  private pump(): void {
    for (let i = 0; !this.closed && i < this.ready.length;) {
      const job = this.ready[i];
      // NOTE: a successor of a running job waits for it to end (as on Bull), so a key never runs twice at once.
      if (this.active.has(job.key) || (this.activeByName.get(job.name) ?? 0) >= this.handlers.concurrency(job.name)) {
        i++;
        continue;
      }
      this.ready.splice(i, 1);
      this.start(job);
    }
  }

  private start(job: InlineJob): void {
    this.waiting.delete(job.key);
    increment(this.active, job.key, 1);
    increment(this.activeByName, job.name, 1);
    const run = this.run(job).finally(() => {
      this.running.delete(run);
      increment(this.active, job.key, -1);
      increment(this.activeByName, job.name, -1);
      this.pump();
    });
    this.running.add(run);
  }

  private async run(job: InlineJob): Promise<void> {
    const attempts = job.retry.attempts;
    try {
      await this.handlers.run(job.name, job.data, { attempt: job.attempt, attempts });
    } catch (error) {
      if (job.attempt >= attempts) {
        this.logger.error(`Job ${job.key} failed after ${attempts} attempts: ${(error as Error).message}`);
        return;
      }
      this.later(job, retryDelay(job.attempt, job.retry, error));
    }
  }

  /** Runs attempt `job.attempt + 1` of the job after `delayMs`, unless a job for its key is waiting already. */
  private later(job: InlineJob, delayMs: number): void {
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

/** Adds `by` to a counter, deleting it at zero. */
function increment(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
