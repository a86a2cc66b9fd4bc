/** Data of a verification job. */
export interface VerifyJobData {
  webmentionId: number;
}

/** Data of a delivery job: notify `target` that `source` mentions it. */
export interface SendJobData {
  source: string;
  target: string;
}

/** A job to queue: its name, the key that deduplicates waiting jobs, its data and attempts. */
export interface QueueJob {
  name: string;
  key: string;
  data: object;
  attempts: number;
}

/** Where a job stands in its retries, as seen by its handler. */
export interface JobContext {
  /** 1 for the first attempt. */
  attempt: number;
  /** Attempts allowed in all. */
  attempts: number;
}

/** `true` when this is the last attempt the queue will make. */
export function isLastAttempt(ctx: JobContext): boolean {
  return ctx.attempt >= ctx.attempts;
}

/** Thrown by a job handler to have the job tried again after `delayMs`. */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/** Exponential backoff: `baseMs`, doubled per attempt made, capped at `maxMs`. */
export function backoffDelay(attemptsMade: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
}

/** What became of an enqueue: a job was queued, one was already waiting, or the queue did not answer in time. */
export type EnqueueResult = 'queued' | 'duplicate' | 'unavailable';

/** Options of one enqueue. */
export interface EnqueueOptions {
  /** Queue the job even when one for the same key is running now (it may have fetched before the change). @default false */
  evenIfActive?: boolean;
}

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
}
