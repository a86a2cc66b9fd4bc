/** A moderator's spam decision, kept in a mention's `spamCheckResult` beside the checker's answer. */

/** What a moderator said about a mention. */
export type ManualSpamDecision = 'spam' | 'not_spam';

/** The decision and when it was made (ISO 8601), as stored. */
export interface ManualSpamRecord {
  manual: ManualSpamDecision;
  at: string;
}

/** The moderator's decision recorded in a stored `spamCheckResult`, or null when there is none. */
export function manualSpamRecord(result: Record<string, unknown> | null | undefined): ManualSpamRecord | null {
  const manual = result?.manual;
  if (manual !== 'spam' && manual !== 'not_spam') return null;
  return { manual, at: typeof result?.at === 'string' ? result.at : '' };
}

/** A `spamCheckResult` recording a moderator's decision made at `at`. */
export function manualSpamResult(decision: ManualSpamDecision, at: Date): Record<string, unknown> & ManualSpamRecord {
  return { manual: decision, at: at.toISOString() };
}
