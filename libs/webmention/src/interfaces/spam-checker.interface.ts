import type { Webmention } from '../entities/webmention.entity';

/** What a {@link SpamChecker} says about one mention. */
export interface SpamCheckResult {
  /** `true` marks the mention `spam`. */
  isSpam: boolean;
  /** How sure the checker is, from 0 to 1. */
  confidence: number;
  /** Free-form explanation, stored with the mention. */
  details?: unknown;
}

/** Decides whether a verified mention is spam. Runs in the worker after verification. */
export interface SpamChecker {
  /** Checks a verified mention whose freshly parsed fields are already set on `webmention`. */
  check(webmention: Webmention): SpamCheckResult | Promise<SpamCheckResult>;
  /**
   * Optional feedback: called after a moderator marks a mention spam (`isSpam` true) or not spam, so the checker can
   * learn from it. Errors are logged and never undo the moderator's change.
   */
  learn?(webmention: Webmention, isSpam: boolean): void | Promise<void>;
}

/** Injection token of the active {@link SpamChecker}. */
export const SpamChecker = Symbol('WEBMENTION:SpamChecker');
