import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { WEBMENTION_BACKOFF, WEBMENTION_BULL_QUEUE, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import type { QueueJob } from './job';
import { closeWithin } from './close-within';
import { RunningJobs } from './running-jobs';
import { EnqueueEntry, EnqueueOptions, EnqueueResult, QueueHealth, WebmentionQueue } from './webmention-queue';

const WAITING_STATES = new Set(['waiting', 'delayed', 'paused']);

/** Resolves the promise's value, or `fallback` once `ms` have passed (the promise goes on in the background). */
async function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Bull-backed queue. Job ids are derived from the row id, so Bull itself refuses a second waiting job for a pair;
 * a job running now gets a successor under the alternate id `<key>:next`.
 */
@Injectable()
export class BullWebmentionQueue extends WebmentionQueue {
  private readonly logger = new Logger('WebmentionQueue');
  /** Adds still going on, by key: with Redis down one waits until it is back, after its caller stopped waiting. */
  private readonly adding = new Map<string, Promise<EnqueueResult>>();

  constructor(
    @Inject(WEBMENTION_BULL_QUEUE) private readonly queue: Queue,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
    private readonly running: RunningJobs,
  ) {
    super();
    // NOTE: @nestjs/bull closes the queue at shutdown with an unbounded `close()`; this hook replaces it so that
    // shutdown ends within `shutdownTimeoutMs` even when a job or a reconnecting Redis client would hold it forever.
    Object.assign(queue, { onApplicationShutdown: () => this.close() });
  }

  async health(timeoutMs: number): Promise<QueueHealth> {
    const late = { up: false as const, reason: `Redis did not answer within ${timeoutMs} ms` };
    const check = async (): Promise<QueueHealth> => {
      // NOTE: PING on the queue's own client: Bull's isReady() stays resolved while Redis is down.
      await this.queue.client.ping();
      const counts = await this.queue.getJobCounts();
      return { up: true, backlog: { waiting: counts.waiting, active: counts.active, delayed: counts.delayed } };
    };
    return within(
      check().catch((error: Error) => ({ up: false as const, reason: `Redis: ${error.message}` })),
      timeoutMs,
      late,
    );
  }

  /** Closes the queue within `shutdownTimeoutMs` (Nest calls this at shutdown). */
  async close(): Promise<void> {
    const outcome = await closeWithin(this.queue, this.options.shutdownTimeoutMs);
    if (outcome === 'forced') {
      this.logger.warn(
        `The queue did not close within ${this.options.shutdownTimeoutMs} ms; its Redis connections were dropped ` +
          '(unfinished jobs run again after Bull notices them stalled).',
      );
    }
  }

  async enqueue(job: QueueJob, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    // NOTE: with Redis down every Bull call waits for it to return; bound the wait so the endpoint still answers.
    // The add stays in ioredis' offline queue and completes when Redis is back; the sweeper covers a lost one.
    // A second enqueue of a key whose add still waits for Redis shares it: each sweep while Redis is down would
    // otherwise leave one more add of the same job to race the others when it is back.
    let added = this.adding.get(job.key);
    if (!added) {
      added = this.add(job, options)
        .catch((error: Error) => {
          this.logger.warn(`Could not queue job ${job.key}: ${error.message}`);
          return 'unavailable' as const;
        })
        .finally(() => this.adding.delete(job.key));
      this.adding.set(job.key, added);
    }
    return within(added, this.options.enqueueTimeoutMs, 'unavailable');
  }

  async enqueueMany(entries: EnqueueEntry[]): Promise<EnqueueResult[]> {
    const fresh = entries.filter((entry) => entry.options?.fresh);
    const added = fresh.length
      ? this.queue
          .addBulk(
            fresh.map(({ job, options = {} }) => ({
              name: job.name,
              data: job.data,
              opts: this.jobOptions(job, job.key, options),
            })),
          )
          .then(
            () => 'queued' as const,
            (error: Error) => {
              this.logger.warn(`Could not queue ${fresh.length} job(s): ${error.message}`);
              return 'unavailable' as const;
            },
          )
      : Promise.resolve('queued' as const);
    const [bulk, ...others] = await Promise.all([
      within(added, this.options.enqueueTimeoutMs, 'unavailable'),
      ...entries.filter((entry) => !entry.options?.fresh).map(({ job, options }) => this.enqueue(job, options)),
    ]);
    return entries.map((entry) => (entry.options?.fresh ? bulk : others.shift()!));
  }

  private jobOptions({ retry }: QueueJob, jobId: string, options: EnqueueOptions): JobOptions {
    return {
      jobId,
      ...(options.delayMs ? { delay: options.delayMs } : {}),
      attempts: retry.attempts,
      backoff: { type: WEBMENTION_BACKOFF, options: { backoffMs: retry.backoffMs, maxBackoffMs: retry.maxBackoffMs } },
      removeOnComplete: true,
      removeOnFail: true,
    };
  }

  private async add(job: QueueJob, options: EnqueueOptions): Promise<EnqueueResult> {
    const { key, name, data } = job;
    if (options.fresh) {
      await this.queue.add(name, data, this.jobOptions(job, key, options));
      return 'queued';
    }
    const ids = [key, `${key}:next`];
    const jobs = await Promise.all(ids.map((id) => this.queue.getJob(id)));
    // NOTE: a job this process is running counts as active even when Redis has lost it (restarted empty).
    const states = await Promise.all(
      jobs.map((job, i) =>
        this.running.has(ids[i]) ? Promise.resolve('active') : job ? job.getState() : Promise.resolve(null),
      ),
    );
    if (states.some((state) => state !== null && WAITING_STATES.has(state))) return 'duplicate';
    if (states.some((state) => state === 'active') && !options.evenIfActive) return 'duplicate';
    const free = ids.findIndex((_, i) => states[i] === null || states[i] === 'completed' || states[i] === 'failed');
    if (free < 0) return 'duplicate';
    // NOTE: asked after the look-up: a job that finished before it has written its row already.
    if (options.stillNeeded && !(await options.stillNeeded())) return 'duplicate';
    await jobs[free]?.remove().catch(() => undefined);
    await this.queue.add(name, data, this.jobOptions(job, ids[free], options));
    return 'queued';
  }
}
