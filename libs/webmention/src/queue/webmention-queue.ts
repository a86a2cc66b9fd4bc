import type { QueueJob } from './job';

/** What became of an enqueue: a job was queued, one was already waiting, or the queue did not answer in time. */
export type EnqueueResult = 'queued' | 'duplicate' | 'unavailable';

/** Options of one enqueue. */
export interface EnqueueOptions {
  /** Queue the job even when one for the same key is running now (it may have fetched before the change). @default false */
  evenIfActive?: boolean;
  /** Run the job no sooner than this many milliseconds from now (a job already waiting for the key still wins). @default 0 */
  delayMs?: number;
  /**
   * No job can exist for this key yet (its row was created just now), so the queue need not look for one: Bull adds
   * such jobs together in one round trip. @default false
   */
  fresh?: boolean;
  /**
   * Asked once the queue has found no job for the key, right before queueing one: `false` drops the job (its work
   * was done since the caller last looked; the result is then `duplicate`). The sweeper's re-check of a pending row.
   */
  stillNeeded?: () => Promise<boolean>;
}

/** One job of {@link WebmentionQueue.enqueueMany} and its options. */
export interface EnqueueEntry {
  job: QueueJob;
  options?: EnqueueOptions;
}

/** Jobs in the queue by state (across every process sharing it, for Bull). */
export interface QueueBacklog {
  waiting: number;
  active: number;
  delayed: number;
}

/** What {@link WebmentionQueue.health} found: the queue's store answered (Redis PING for Bull) and its backlog. */
export type QueueHealth = { up: true; backlog: QueueBacklog } | { up: false; reason: string };

/**
 * The library's job queue: Bull on Redis, or in-process. Also the injection token of the active implementation.
 * At most one job per key is waiting at any time.
 */
export abstract class WebmentionQueue {
  /**
   * Queues a job unless one with the same key is waiting. When the queue cannot take the job in time the caller's
   * row stays as it is and the sweeper queues it later. Never rejects.
   */
  abstract enqueue(job: QueueJob, options?: EnqueueOptions): Promise<EnqueueResult>;

  /** {@link enqueue} for many jobs, answered in the order given. Never rejects. */
  enqueueMany(entries: EnqueueEntry[]): Promise<EnqueueResult[]> {
    return Promise.all(entries.map(({ job, options }) => this.enqueue(job, options)));
  }

  /**
   * Whether the queue can take jobs now, asked of its store within `timeoutMs` (Bull: a Redis PING, since Bull's own
   * readiness stays true while Redis is down), and its backlog. Never rejects.
   */
  abstract health(timeoutMs: number): Promise<QueueHealth>;

  /**
   * Whether a new job can be taken now. The in-process queue holds at most `maxQueuedJobs` waiting jobs; the endpoint
   * asks before storing a mention and answers 503 when it cannot, so nothing it accepts is dropped. Bull: always.
   */
  hasRoom(): boolean {
    return true;
  }
}
