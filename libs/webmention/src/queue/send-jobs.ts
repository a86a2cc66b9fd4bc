import { createHash } from 'node:crypto';
import { SEND_JOB, SEND_SOURCE_JOB } from '../webmention.constants';
import type { ResolvedWebmentionOptions } from '../webmention-options';
import { pairHashOf, sourceHashOf } from '../storage/webmention-keys';
import type { QueueJob } from './webmention-queue';

/** Data of a job that plans sending for a source. */
export interface SourceJobData {
  source: string;
  html?: string;
  deleted?: boolean;
}

/** Data of a job that delivers one Webmention. */
export interface DeliveryJobData {
  source: string;
  target: string;
  stillLinked: boolean;
}

/** The planning job of a source; a new one waiting replaces nothing, so its key includes the content. */
export function sourceJob(data: SourceJobData): QueueJob {
  // NOTE: an edit queued while an older plan waits must not be dropped as a duplicate: the content is in the key.
  const version = createHash('sha256').update(`${data.deleted ? 'deleted' : ''}\n${data.html ?? ''}`).digest('hex').slice(0, 16);
  return { name: SEND_SOURCE_JOB, key: `${SEND_SOURCE_JOB}:${sourceHashOf(data.source)}:${version}`, data, attempts: 3 };
}

/** The delivery job of a pair; one waits per pair at most. */
export function deliveryJob(data: DeliveryJobData, options: Pick<ResolvedWebmentionOptions, 'send'>): QueueJob {
  return { name: SEND_JOB, key: `${SEND_JOB}:${pairHashOf(data.source, data.target)}`, data, attempts: options.send.retry.attempts };
}
