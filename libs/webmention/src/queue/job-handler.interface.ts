import type { JobContext, QueueJob } from './job';

/** Runs the jobs of one name. A provider decorated with `@WebmentionJobHandler(name)` implements it. */
export interface JobHandler<T extends object = object> {
  /** Runs one job; throws `RetryLaterError` to be tried again, anything else counts as a transient failure. */
  handle(data: T, ctx: JobContext): Promise<void>;
  /**
   * Jobs for the work this capability has left `pending` since before `before` (rows whose job was lost), in a
   * stable order; the sweeper queues them. Optional.
   */
  pendingJobs?(before: Date): AsyncIterable<QueueJob>;
  /**
   * Whether the work of a job from `pendingJobs` is still pending. The sweeper asks it after the queue has found no job
   * for the key and before queueing one: a job may have done the work since the list was read. Optional.
   */
  stillPending?(data: T): Promise<boolean>;
}

/** Options of `@WebmentionJobHandler`. */
export interface JobHandlerOptions {
  /** Jobs of this name run at once per process. @default the module's `concurrency` option */
  concurrency?: number;
}
