/** How `watch` and `scan` print what they did: a line per page, then one per target. */
import type { PageResult } from '../watch/folder-sender.service';
import { formatTarget } from './send.command';

/** The lines of one page's result. */
export function formatPage(result: PageResult): string[] {
  const name = result.file ?? '(deleted page)';
  const what = result.deleted ? 'deleted' : result.status === 'dry_run' ? 'dry run' : 'changed';
  if (result.status === 'unchanged') return [`= ${name} → ${result.url}: unchanged since the last send`];
  if (result.status === 'queued') return [`▸ ${name} → ${result.url} (${what}): queued`];
  const report = result.report;
  const lines = [`▸ ${name} → ${result.url} (${what})`];
  if (!report) return lines;
  if (report.error) return [...lines, `  ✗ ${report.error}`];
  for (const target of report.targets) lines.push(`  ${formatTarget(target)}`);
  for (const target of report.overflow) lines.push(`  - ${target}: skipped (over the cap of targets per source)`);
  if (report.targets.length === 0 && report.overflow.length === 0) lines.push('  no links to notify');
  return lines;
}

/** Counts of results, for the summary line and `--json`. */
export function summarizePages(results: readonly PageResult[]): Record<string, number> {
  const summary = { pages: results.length, sent: 0, dryRun: 0, unchanged: 0, failed: 0, deleted: 0, queued: 0 };
  for (const r of results) {
    if (r.status === 'dry_run') summary.dryRun++;
    else summary[r.status]++;
    if (r.deleted) summary.deleted++;
  }
  return summary;
}

/** The summary line. */
export function formatPagesSummary(results: readonly PageResult[]): string {
  const s = summarizePages(results);
  const parts = s.dryRun > 0 ? [`${s.dryRun} would be sent for`] : [`${s.sent} sent for`, `${s.failed} failed`];
  return `${s.pages} page(s): ${[...parts, `${s.unchanged} unchanged`, `${s.deleted} deleted`].join(', ')}`;
}
