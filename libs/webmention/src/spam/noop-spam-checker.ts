import type { SpamChecker, SpamCheckResult } from '../interfaces/spam-checker.interface';

/** The default {@link SpamChecker}: nothing is spam. */
export class NoopSpamChecker implements SpamChecker {
  /** Always answers "not spam". */
  check(): SpamCheckResult {
    return { isSpam: false, confidence: 0, details: 'no spam checker configured' };
  }
}
