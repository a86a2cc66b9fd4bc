import { VERIFY_JOB } from '../webmention.constants';
import type { ResolvedWebmentionOptions } from '../webmention-options';
import type { QueueJob } from './webmention-queue';

/** The verification job of a stored mention; one waits per mention at most. */
export function verifyJob(webmentionId: number, options: Pick<ResolvedWebmentionOptions, 'verifyRetry'>): QueueJob {
  return { name: VERIFY_JOB, key: `${VERIFY_JOB}:${webmentionId}`, data: { webmentionId }, attempts: options.verifyRetry.attempts };
}
