/** The verify job: fetch a stored mention's source and record what it says. */
import type { QueueJob, RetryPolicy } from '../queue/job';

/** Name of the verify job on the queue. */
export const VERIFY_JOB = 'verify';

/** Data of a verify job. */
export interface VerifyJobData {
  webmentionId: number;
}

/** The verify job of a stored mention; one waits per mention at most. */
export function verifyJob(webmentionId: number, retry: RetryPolicy): QueueJob<VerifyJobData> {
  return { name: VERIFY_JOB, key: `${VERIFY_JOB}:${webmentionId}`, data: { webmentionId }, retry };
}
