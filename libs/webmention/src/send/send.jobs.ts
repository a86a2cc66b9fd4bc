/** The two jobs of sending: a send-source job works out a source's targets, then one send job notifies each. */
import { createHash } from 'node:crypto';
import type { QueueJob, RetryPolicy } from '../queue/job';
import { pairHashOf, sourceHashOf } from '../storage/webmention-keys';

/** Name of the send-source job: work out which targets a source notifies, and queue a send job for each. */
export const SEND_SOURCE_JOB = 'send-source';
/** Name of the send job: notify one target that a source mentions it. */
export const SEND_JOB = 'send';

/** Attempts of a send-source job (working out the targets again is idempotent). */
const SEND_SOURCE_ATTEMPTS = 3;

/** Data of a send-source job. */
export interface SendSourceJobData {
  source: string;
  html?: string;
  deleted?: boolean;
}

/** Data of a send job: notify `target` that `source` mentions it (or no longer does). */
export interface SendJobData {
  source: string;
  target: string;
  stillLinked: boolean;
  /**
   * When the job was asked for (epoch ms). A delivery attempt that started later and ended the pair (sent, failed,
   * no endpoint) already did the job's work, so a copy of the job (a sweep racing a job Redis lost, a stalled job
   * run again) ends without notifying the target a second time. Absent in older jobs: they always run.
   */
  queuedAt?: number;
}

/**
 * The send-source job of a source, retried with the send jobs' backoff; its key includes the content, so an edit
 * queued behind an older one is kept.
 */
export function sendSourceJob(data: SendSourceJobData, sendRetry: RetryPolicy): QueueJob<SendSourceJobData> {
  // NOTE: an edit queued while an older plan waits must not be dropped as a duplicate: the content is in the key.
  const version = createHash('sha256')
    .update(`${data.deleted ? 'deleted' : ''}\n${data.html ?? ''}`)
    .digest('hex')
    .slice(0, 16);
  return {
    name: SEND_SOURCE_JOB,
    key: `${SEND_SOURCE_JOB}:${sourceHashOf(data.source)}:${version}`,
    data,
    retry: { ...sendRetry, attempts: SEND_SOURCE_ATTEMPTS },
  };
}

/** The send job of a pair, asked for now; one waits per pair at most. */
export function sendJob(data: SendJobData, retry: RetryPolicy, queuedAt = Date.now()): QueueJob<SendJobData> {
  return {
    name: SEND_JOB,
    key: `${SEND_JOB}:${pairHashOf(data.source, data.target)}`,
    data: { ...data, queuedAt },
    retry,
  };
}
