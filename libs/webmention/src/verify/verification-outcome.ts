import type { FailureReason } from '../entities/webmention.entity';
import type { FetchOutcome, SafeResponse } from '../http/fetch-result';
import { isTransientStatus } from '../http/transient';
import type { Outcome } from '../outcome';
import { findTargetLinks, MicroformatsLimits, SourceKind, SourceLinkResult } from './source-links';

/** What one fetch of the source says about a mention: verified with the response, or a failure with its reason. */
export type VerificationOutcome = Outcome<{ response: SafeResponse; kind: SourceKind }, FailureReason>;

/**
 * Classifies a fetch of the source (W3C Webmention §3.2.2): 200 with a link to the target verifies; 410 means the
 * source is gone; a 200 document without the link means the link was removed; anything else fails with its code.
 * Timeouts, connection errors, 5xx, 408, 425 and 429 are transient and worth retrying.
 */
export function classifySourceFetch(
  outcome: FetchOutcome,
  targetUrl: string,
  limits?: MicroformatsLimits,
  /** What reading the document found already (in a worker thread); found here when omitted. */
  read?: SourceLinkResult,
): VerificationOutcome {
  if (!outcome.ok) {
    return { ok: false, reason: outcome.reason, message: outcome.message, transient: outcome.transient };
  }
  if (outcome.status === 410) {
    return { ok: false, reason: 'gone', message: 'the source answered 410 Gone', transient: false };
  }
  if (outcome.status !== 200) {
    return {
      ok: false,
      reason: 'http_status',
      message: `the source answered HTTP ${outcome.status}`,
      transient: isTransientStatus(outcome.status),
      retryAfterMs: outcome.retryAfterMs,
    };
  }
  const found =
    read ??
    findTargetLinks({ body: outcome.body, contentType: outcome.contentType, baseUrl: outcome.url }, targetUrl, limits);
  if (found.kind === 'unsupported') {
    const type = outcome.contentType || 'of no content type';
    return {
      ok: false,
      reason: 'unsupported_content',
      message: `the source is ${type}, not HTML, JSON or text`,
      transient: false,
    };
  }
  if (found.tooComplex) {
    // NOTE: refused before any parsing, and for good: the same document would cost the same again.
    return { ok: false, reason: 'too_complex', message: found.tooComplex, transient: false };
  }
  if (!found.linked) {
    return { ok: false, reason: 'link_removed', message: 'the source does not link to the target', transient: false };
  }
  return { ok: true, response: outcome, kind: found.kind };
}
