import type { Webmention } from '../entities/webmention.entity';
import { PublicWebmention, toPublicWebmention } from './public-webmention';

/** A mention as moderators see it: the public fields and what verification and the spam checker found. */
export interface ModerationWebmention extends PublicWebmention {
  sourceHost: string | null;
  failureReason: Webmention['failureReason'];
  failureDetail: string | null;
  spamCheckResult: Record<string, unknown> | null;
  firstVerifiedAt: string | null;
  /** Whether the author's own page confirmed a cross-site author (null: not checked), and why not. */
  authorVerified: boolean | null;
  authorshipReason: string | null;
}

/** A mention in the moderation API's shape. */
export function toModerationWebmention(w: Webmention): ModerationWebmention {
  return {
    ...toPublicWebmention(w),
    sourceHost: w.sourceHost,
    failureReason: w.failureReason,
    failureDetail: w.failureDetail,
    spamCheckResult: w.spamCheckResult,
    firstVerifiedAt: w.firstVerifiedAt ? w.firstVerifiedAt.toISOString() : null,
    authorVerified: w.authorVerified,
    authorshipReason: w.authorshipReason,
  };
}
