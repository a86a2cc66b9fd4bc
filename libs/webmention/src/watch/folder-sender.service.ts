import { Injectable } from '@nestjs/common';
import type { SendReport } from '../send/send-report';
import { WebmentionSender } from '../send/webmention-sender.service';
import { OutgoingSourceStore } from '../storage/outgoing-source.store';
import type { SitePage } from './site-folder';
import type { FolderSendMode } from './watch-options';

/** What became of one page. */
export interface PageResult {
  url: string;
  /** The file, relative to the folder; null for a page found deleted through the history. */
  file: string | null;
  deleted: boolean;
  /** `unchanged`: the same content was sent for before, so nothing was done. */
  status: 'unchanged' | 'sent' | 'queued' | 'dry_run' | 'failed';
  report?: SendReport;
}

/**
 * Sends for the pages of a static site's folder: a page's current content (so targets it no longer links to are
 * told too) or its deletion (every target it sent to before), skipping content already sent for.
 */
@Injectable()
export class FolderSender {
  constructor(
    private readonly sender: WebmentionSender,
    private readonly sources: OutgoingSourceStore,
  ) {}

  /** Sends for a page as it is now, unless this very content was sent for before. */
  async sendPage(page: SitePage, mode: FolderSendMode, dryRun = false): Promise<PageResult> {
    const base = { url: page.url, file: page.file, deleted: false };
    const last = await this.sources.lastSent(page.url);
    if (last.kind === 'content' && last.hash === page.contentHash) return { ...base, status: 'unchanged' };
    return this.deliver(base, { html: page.html }, page.contentHash, mode, dryRun);
  }

  /** Sends for a deleted page: every target it notified before hears that it is gone. */
  async sendDeleted(url: string, file: string | null, mode: FolderSendMode, dryRun = false): Promise<PageResult> {
    const base = { url, file, deleted: true };
    if ((await this.sources.lastSent(url)).kind === 'deleted') return { ...base, status: 'unchanged' };
    return this.deliver(base, { deleted: true }, null, mode, dryRun);
  }

  /** Pages sent for before whose URL starts with `prefix` and that were not deleted since. */
  livePagesUnder(prefix: string): Promise<string[]> {
    return this.sources.livePagesUnder(prefix);
  }

  private async deliver(
    base: Omit<PageResult, 'status'>,
    input: { html?: string; deleted?: boolean },
    contentHash: string | null,
    mode: FolderSendMode,
    dryRun: boolean,
  ): Promise<PageResult> {
    if (mode === 'queue' && !dryRun) {
      // NOTE: the queue retries each target, so the content counts as sent for once it is queued.
      const queued = await this.sender.queueSend(base.url, input);
      if (queued !== 'unavailable') await this.sources.record(base.url, contentHash);
      return { ...base, status: queued === 'unavailable' ? 'failed' : 'queued' };
    }
    const report = await this.sender.send(base.url, { ...input, dryRun });
    if (dryRun) return { ...base, status: 'dry_run', report };
    const failed = report.error !== undefined || report.summary.failed > 0;
    // NOTE: after a failed delivery the content is not recorded, so the next scan or save tries again.
    if (!failed) await this.sources.record(base.url, contentHash);
    return { ...base, status: failed ? 'failed' : 'sent', report };
  }
}
