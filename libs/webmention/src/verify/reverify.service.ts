import { Inject, Injectable } from '@nestjs/common';
import { Webmention, WEBMENTION_STATUSES } from '../entities/webmention.entity';
import { WebmentionQueue } from '../queue/webmention-queue';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { WebmentionSelection, WebmentionStore } from '../storage/webmention.store';
import { parseHttpUrl } from '../url/url-validate';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { VerificationService } from './verification.service';
import { verifyJob } from './verify.job';

/** Which mentions to verify again; several criteria narrow the selection. */
export type ReverifySelection = WebmentionSelection;

/** Result of {@link ReverifyService.reverify}. */
export interface ReverifyReport {
  matched: number;
  queued: number;
  /** Mentions that already had a job waiting. */
  alreadyQueued: number;
  /** Mentions the queue could not take now (the sweeper queues them later if they are pending). */
  unavailable: number;
}

/** Queues verification again for chosen mentions: after a fix on the source side, or to recheck failures. */
@Injectable()
export class ReverifyService {
  constructor(
    private readonly store: WebmentionStore,
    private readonly queue: WebmentionQueue,
    private readonly verification: VerificationService,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  /** Validates a selection; returns a message saying what to fix, or null. */
  static validate(selection: ReverifySelection): string | null {
    if (selection.id === undefined && selection.target === undefined && selection.status === undefined) {
      return 'choose what to verify again: an id, a target URL or a status';
    }
    if (selection.id !== undefined && (!Number.isInteger(selection.id) || selection.id < 1))
      return 'id must be a positive whole number';
    if (selection.target !== undefined && !parseHttpUrl(selection.target).ok)
      return 'target must be an absolute http(s) URL';
    if (selection.status !== undefined && !WEBMENTION_STATUSES.includes(selection.status)) {
      return `status must be one of ${WEBMENTION_STATUSES.join(', ')}`;
    }
    return null;
  }

  /** Queues every selected mention; throws when the selection is invalid. */
  async reverify(selection: ReverifySelection): Promise<ReverifyReport> {
    const report: ReverifyReport = { matched: 0, queued: 0, alreadyQueued: 0, unavailable: 0 };
    for await (const id of this.selected(selection)) {
      report.matched++;
      const result = await this.queue.enqueue(verifyJob(id, this.options.verifyRetry), { evenIfActive: true });
      if (result === 'queued') report.queued++;
      else if (result === 'duplicate') report.alreadyQueued++;
      else report.unavailable++;
    }
    return report;
  }

  /**
   * Verifies every selected mention here and now, one at a time, without a queue (for CLIs); calls `onResult` with
   * each row as verification left it and resolves how many were checked.
   */
  async reverifyNow(selection: ReverifySelection, onResult: (webmention: Webmention) => void): Promise<number> {
    let checked = 0;
    for await (const id of this.selected(selection)) {
      await this.verification.verify(id);
      const row = await this.store.findById(id);
      if (row) onResult(row);
      checked++;
    }
    return checked;
  }

  private selected(selection: ReverifySelection): AsyncGenerator<number> {
    const problem = ReverifyService.validate(selection);
    if (problem) throw new Error(problem);
    return this.store.selectIds(selection);
  }
}
