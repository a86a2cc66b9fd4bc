/** What the queue knows of a job: its name, its key, its data and its retry policy. Nothing about what it does. */

/** Retry policy of one kind of job. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the first retry, in milliseconds; doubled for each further retry. */
  backoffMs: number;
  /** Longest delay between attempts, in milliseconds (also caps a requested `notBeforeMs`). */
  maxBackoffMs: number;
}

/** A job to queue: its name, the key that deduplicates waiting jobs, its data and its retry policy. */
export interface QueueJob<T extends object = object> {
  name: string;
  key: string;
  data: T;
  retry: RetryPolicy;
}

/** Where a job stands in its retries, as seen by its handler. */
export interface JobContext {
  /** 1 for the first attempt. */
  attempt: number;
  /** Attempts allowed in all. */
  attempts: number;
}
