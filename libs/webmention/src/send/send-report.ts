/** What sending reports, per target and per source. */
import type { OutgoingStatus } from '../entities/outgoing-webmention.entity';

/** The outcome for one target. `would_send` only in dry runs. */
export interface TargetReport {
  target: string;
  status: OutgoingStatus | 'would_send';
  endpoint: string | null;
  httpStatus?: number;
  location?: string | null;
  error?: string;
  /** Whether the source still links to the target (false: notified because the link was removed or the source deleted). */
  stillLinked: boolean;
}

/** Report of `WebmentionSender.send`. */
export interface SendReport {
  source: string;
  /** The source answered 410 or was declared deleted. */
  deleted: boolean;
  dryRun: boolean;
  targets: TargetReport[];
  /** Links beyond the fan-out cap: reported, not sent. */
  overflow: string[];
  /** Set when the source could not be read; nothing was sent. */
  error?: string;
  summary: { sent: number; failed: number; noEndpoint: number; skipped: number; wouldSend: number };
}

/** Counts of a report's targets by outcome. */
export function summarize(targets: readonly TargetReport[], overflow: readonly string[]): SendReport['summary'] {
  const summary = { sent: 0, failed: 0, noEndpoint: 0, skipped: overflow.length, wouldSend: 0 };
  for (const t of targets) {
    if (t.status === 'sent') summary.sent++;
    else if (t.status === 'failed') summary.failed++;
    else if (t.status === 'no_endpoint') summary.noEndpoint++;
    else if (t.status === 'would_send') summary.wouldSend++;
  }
  return summary;
}
