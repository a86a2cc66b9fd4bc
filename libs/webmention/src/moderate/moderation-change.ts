/** The moderation actions and what each writes on a mention; pure, so the service, the CLI and tests agree. */
import type { Webmention } from '../entities/webmention.entity';
import { manualSpamRecord, manualSpamResult } from '../spam/manual-decision';
import type { ModerationFields } from '../storage/webmention.store';

/** What a moderator can do to mentions. */
export type ModerationAction = 'approve' | 'reject' | 'spam' | 'not_spam' | 'delete' | 'reverify';

/** Every {@link ModerationAction}, for validation and help texts. */
export const MODERATION_ACTIONS: readonly ModerationAction[] = [
  'approve',
  'reject',
  'spam',
  'not_spam',
  'delete',
  'reverify',
];

/** The actions that write fields of the row (the others delete it or queue a job). */
export type FieldAction = Exclude<ModerationAction, 'delete' | 'reverify'>;

/** What {@link moderationChange} reads of a mention. */
export type ModeratedRow = Pick<Webmention, 'status' | 'moderation' | 'spamCheckResult'>;

/**
 * The fields `action` writes on `row` at time `at`, or null when the row already is as the action would leave it
 * (approving an approved mention changes nothing).
 *
 * - approve / reject set `moderation`.
 * - spam sets `status: 'spam'` (and `verifiedAt: null`, as every spam row has) and records the moderator's decision.
 * - not_spam records the decision, approves, and turns a spam row `pending` until it is verified again.
 *
 * NOTE: the decision goes beside the checker's last answer in `spamCheckResult`, so both stay readable; verification
 * keeps it and lets it outrank the checker.
 */
export function moderationChange(action: FieldAction, row: ModeratedRow, at: Date): ModerationFields | null {
  const manual = manualSpamRecord(row.spamCheckResult)?.manual ?? null;
  const decided = (decision: 'spam' | 'not_spam') => ({ ...row.spamCheckResult, ...manualSpamResult(decision, at) });
  switch (action) {
    case 'approve':
    case 'reject': {
      const moderation = action === 'approve' ? 'approved' : 'rejected';
      return row.moderation === moderation ? null : { moderation };
    }
    case 'spam':
      if (row.status === 'spam' && manual === 'spam') return null;
      return { status: 'spam', verifiedAt: null, spamCheckResult: decided('spam') };
    case 'not_spam':
      if (row.status !== 'spam' && row.moderation === 'approved' && manual === 'not_spam') return null;
      return {
        moderation: 'approved',
        spamCheckResult: decided('not_spam'),
        // NOTE: pending, not verified: it is shown once verification confirms it, and the sweeper re-queues it if
        // the job is lost.
        ...(row.status === 'spam' ? { status: 'pending' as const } : {}),
      };
  }
}

/** Whether `action` would change `row` (a dry run's answer): delete and reverify always do. */
export function wouldChange(action: ModerationAction, row: ModeratedRow): boolean {
  return action === 'delete' || action === 'reverify' || moderationChange(action, row, new Date()) !== null;
}
