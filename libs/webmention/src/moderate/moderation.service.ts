import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Webmention } from '../entities/webmention.entity';
import { CommentSync } from '../events/comment-sync.service';
import { WebmentionEventPublisher } from '../events/webmention-event.publisher';
import { WebmentionEvent } from '../events/webmention.events';
import { SpamChecker } from '../interfaces/spam-checker.interface';
import { WebmentionStore } from '../storage/webmention.store';
import { ReverifyService } from '../verify/reverify.service';
import { FieldAction, ModerationAction, moderationChange, wouldChange } from './moderation-change';
import {
  ModerationSelection,
  ModerationSelectionError,
  moderationProblem,
  selectionFilter,
} from './moderation-selection';

export { MODERATION_ACTIONS, wouldChange } from './moderation-change';
export type { ModerationAction } from './moderation-change';
export { MAX_SELECTION_IDS, ModerationSelectionError } from './moderation-selection';
export type { ModerationSelection } from './moderation-selection';

/** What {@link ModerationService.apply} did, or in a dry run would do. */
export interface ModerationReport {
  action: ModerationAction;
  dryRun: boolean;
  /** Mentions the selection matched. */
  matched: number;
  /** Mentions whose state changed (deleted, queued for verification); in a dry run, would change. */
  changed: number;
  /** Ids of the matched mentions, oldest first; the first {@link MAX_REPORT_IDS} only. */
  ids: number[];
}

/** Most ids listed in a {@link ModerationReport}. */
export const MAX_REPORT_IDS = 1000;

/** Attempts at a compare-and-set write before giving up on a mention that keeps changing under us. */
const WRITE_ATTEMPTS = 3;

/**
 * Moderation of stored mentions: approve, reject, mark spam or not spam, delete, verify again. Each change is written
 * first, then the comment adapter is brought in step, then its event is emitted; nothing that does not change a
 * mention emits anything.
 */
@Injectable()
export class ModerationService {
  private readonly logger = new Logger('WebmentionModeration');

  constructor(
    private readonly store: WebmentionStore,
    private readonly events: WebmentionEventPublisher,
    private readonly comments: CommentSync,
    private readonly reverifier: ReverifyService,
    @Inject(SpamChecker) private readonly spamChecker: SpamChecker,
  ) {}

  /** Checks an action and a selection; returns a message saying what to fix, or null. */
  static validate(action: unknown, selection: ModerationSelection): string | null {
    return moderationProblem(action, selection);
  }

  /** Applies an action to the selected mentions; validates first (throws ModerationSelectionError with a message). */
  async apply(
    action: ModerationAction,
    selection: ModerationSelection,
    options: { dryRun?: boolean } = {},
  ): Promise<ModerationReport> {
    const problem = ModerationService.validate(action, selection);
    if (problem) throw new ModerationSelectionError(problem);
    const dryRun = options.dryRun === true;
    const report: ModerationReport = { action, dryRun, matched: 0, changed: 0, ids: [] };
    for await (const row of this.store.each(selectionFilter(selection))) {
      report.matched++;
      if (report.ids.length < MAX_REPORT_IDS) report.ids.push(row.id);
      const changed = dryRun ? wouldChange(action, row) : await this.applyTo(action, row);
      if (changed) report.changed++;
    }
    return report;
  }

  private applyTo(action: ModerationAction, row: Webmention): Promise<boolean> {
    if (action === 'delete') return this.delete(row.id);
    if (action === 'reverify') return this.queueVerification(row.id);
    return this.change(action, row);
  }

  /** Writes a field action with compare-and-set, re-reading the row when it changed meanwhile. */
  private async change(action: FieldAction, row: Webmention): Promise<boolean> {
    let before: Webmention | null = row;
    for (let attempt = 0; before && attempt < WRITE_ATTEMPTS; attempt++) {
      const fields = moderationChange(action, before, new Date());
      if (!fields) return false;
      const after = await this.store.moderate(before.id, before, fields, {
        supersedeFetches: action === 'spam' || action === 'not_spam',
      });
      if (after) {
        await this.afterChange(action, before, after);
        return true;
      }
      before = await this.store.findById(row.id);
    }
    if (before) this.logger.warn(`Webmention ${row.id} kept changing; ${action} was not applied`);
    return false;
  }

  /** The comment, the checker's lesson, the event and the follow-up job of a written change, in that order. */
  private async afterChange(action: FieldAction, before: Webmention, after: Webmention): Promise<void> {
    await this.comments.syncComment(before, after);
    switch (action) {
      case 'approve':
        return this.events.emit(WebmentionEvent.Approved, { webmention: after, previous: before.moderation });
      case 'reject':
        return this.events.emit(WebmentionEvent.Rejected, { webmention: after, previous: before.moderation });
      case 'spam':
        // NOTE: the checker learns before listeners run, so a listener saving what it learned sees the lesson.
        await this.teach(after, true);
        return this.events.emit(WebmentionEvent.Spam, { webmention: after });
      case 'not_spam':
        await this.teach(after, false);
        await this.events.emit(WebmentionEvent.Approved, { webmention: after, previous: before.moderation });
        await this.queueVerification(after.id);
    }
  }

  private async delete(id: number): Promise<boolean> {
    // NOTE: read again, as the batch row may be stale: whether it has a comment depends on its state now.
    const row = await this.store.findById(id);
    if (!row) return false;
    await this.comments.removeComment(row);
    if (!(await this.store.remove(id))) return false;
    await this.events.emit(WebmentionEvent.Deleted, { webmention: row, reason: 'moderator' });
    return true;
  }

  /** Queues a verification; true when a job was queued (not when one was waiting already or the queue is down). */
  private async queueVerification(id: number): Promise<boolean> {
    const report = await this.reverifier.reverify({ id });
    return report.queued > 0;
  }

  private async teach(webmention: Webmention, isSpam: boolean): Promise<void> {
    if (!this.spamChecker.learn) return;
    try {
      await this.spamChecker.learn(webmention, isSpam);
    } catch (error) {
      this.logger.error(`SpamChecker.learn failed for webmention ${webmention.id}: ${(error as Error).message}`);
    }
  }
}
