/** The verify job: fetch a stored mention's source and record what it says. */
import type { QueueJob, RetryPolicy } from '../queue/job';

/** Name of the verify job on the queue. */
export const VERIFY_JOB = 'verify';

/** Data of a verify job. */
export interface VerifyJobData {
  webmentionId: number;
  /**
   * When the job was asked for (epoch ms). A fetch of the source that started later and whose result is stored
   * already did the job's work, so the job ends without fetching: a job queued twice (a sweep racing a job that
   * Redis lost, a stalled job run again) verifies once. Absent in jobs queued by older versions: they always run.
   */
  queuedAt?: number;
}

/** The verify job of a stored mention, asked for now; one waits per mention at most. */
export function verifyJob(webmentionId: number, retry: RetryPolicy, queuedAt = Date.now()): QueueJob<VerifyJobData> {
  return { name: VERIFY_JOB, key: `${VERIFY_JOB}:${webmentionId}`, data: { webmentionId, queuedAt }, retry };
}
