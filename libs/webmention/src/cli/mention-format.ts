/** Lines the mention commands print: a mention, a verification result, a moderation summary. Pure. */
import type { Webmention } from '../entities/webmention.entity';
import type { ModerationAction, ModerationReport } from '../moderate/moderation.service';

/** Text from a remote site made safe for a terminal: control and bidirectional-override characters become spaces. */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ');
}

/** `text` cut to `width` characters (with an ellipsis) and padded to it. */
function column(text: string, width: number): string {
  const chars = [...text];
  return (chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : text).padEnd(width);
}

/** One table-ish line of a mention: id, status, moderation, type, author, source → target. */
export function formatMentionLine(
  w: Pick<Webmention, 'id' | 'status' | 'moderation' | 'mentionType' | 'authorName' | 'sourceUrl' | 'targetUrl'>,
): string {
  const author = terminalSafe(w.authorName ?? '').trim() || '-';
  return [
    column(`#${w.id}`, 7),
    column(w.status, 9),
    column(w.moderation, 9),
    column(w.mentionType, 9),
    column(author, 24),
    `${terminalSafe(w.sourceUrl)} → ${terminalSafe(w.targetUrl)}`,
  ].join(' ');
}

/** The line of a mention as a verification left it: ✓ when verified, ✗ otherwise, with the failure reason. */
export function formatVerification(
  w: Pick<Webmention, 'id' | 'status' | 'failureReason' | 'sourceUrl' | 'targetUrl'>,
): string {
  const reason = w.failureReason ? ` (${w.failureReason})` : '';
  const mark = w.status === 'verified' ? '✓' : '✗';
  return `${mark} #${w.id} ${terminalSafe(w.sourceUrl)} → ${terminalSafe(w.targetUrl)}: ${w.status}${reason}`;
}

/** What each action did, as a past participle. */
const DONE: Record<ModerationAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  spam: 'marked spam',
  not_spam: 'marked not spam',
  delete: 'deleted',
  reverify: 'queued for verification',
};

/** The summary line of a moderation report, e.g. `3 matched: 2 approved, 1 unchanged`. */
export function formatModerationSummary(report: ModerationReport): string {
  const unchanged = report.matched - report.changed;
  const done = report.dryRun ? `would be ${DONE[report.action]}` : DONE[report.action];
  const line = `${report.matched} matched: ${report.changed} ${done}${unchanged > 0 ? `, ${unchanged} unchanged` : ''}`;
  return report.dryRun ? `Dry run: ${line}; nothing was changed` : line;
}

/** The ids of a report, e.g. `ids: 12, 13 … and 2 more`; shows at most `max`. */
export function formatReportIds(report: Pick<ModerationReport, 'ids' | 'matched'>, max = 20): string {
  const shown = report.ids.slice(0, max);
  const more = report.matched - shown.length;
  return `ids: ${shown.join(', ')}${more > 0 ? ` … and ${more} more` : ''}`;
}
