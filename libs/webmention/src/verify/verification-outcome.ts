import type { FailureReason } from '../entities/webmention.entity';
import type { FetchOutcome, SafeResponse } from '../http/fetch-result';
import { findTargetLinks, SourceKind } from './source-links';

/** What one fetch of the source says about a mention. */
export type VerificationOutcome =
  | { verified: true; response: SafeResponse; kind: SourceKind }
  | { verified: false; reason: FailureReason; detail: string; transient: boolean; retryAfterMs?: number };

const TRANSIENT_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * Classifies a fetch of the source (W3C Webmention §3.2.2): 200 with a link to the target verifies; 410 means the
 * source is gone; a 200 document without the link means the link was removed; anything else fails with its code.
 * Timeouts, connection errors, 5xx and 429 are transient and worth retrying.
 */
export function classifySourceFetch(outcome: FetchOutcome, targetUrl: string): VerificationOutcome {
  if (!outcome.ok) {
    const transient = outcome.code === 'timeout' || outcome.code === 'fetch_error';
    return { verified: false, reason: outcome.code, detail: outcome.message, transient };
  }
  if (outcome.status === 410) {
    return { verified: false, reason: 'gone', detail: 'the source answered 410 Gone', transient: false };
  }
  if (outcome.status !== 200) {
    return {
      verified: false,
      reason: 'http_status',
      detail: `the source answered HTTP ${outcome.status}`,
      transient: TRANSIENT_STATUSES.has(outcome.status) || outcome.status >= 500,
      retryAfterMs: outcome.retryAfterMs,
    };
  }
  const found = findTargetLinks({ body: outcome.body, contentType: outcome.contentType, baseUrl: outcome.url }, targetUrl);
  if (found.kind === 'unsupported') {
    return { verified: false, reason: 'unsupported_content', detail: `the source is ${outcome.contentType || 'of no content type'}, not HTML, JSON or text`, transient: false };
  }
  if (found.tooComplex) {
    return { verified: false, reason: 'unsupported_content', detail: 'the source document is too complex to parse', transient: false };
  }
  if (!found.linked) {
    return { verified: false, reason: 'link_removed', detail: 'the source does not link to the target', transient: false };
  }
  return { verified: true, response: outcome, kind: found.kind };
}
