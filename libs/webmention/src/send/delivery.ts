/** Sending one Webmention to a discovered endpoint (W3C Webmention §3.1.3). */
import type { FetchFailureCode } from '../http/fetch-result';
import type { SafeFetcher } from '../http/safe-fetcher';
import { isTransient } from '../http/transient';
import type { Outcome } from '../outcome';

/**
 * Outcome of one POST to an endpoint: any 2xx answer is `ok` (with the absolute `Location` of a 201/202, a status
 * page); otherwise `reason` is `http_status` for an error answer or the fetch failure's reason.
 */
export type DeliveryResult = Outcome<
  { endpoint: string; status: number; location: string | null; transient: false },
  'http_status' | FetchFailureCode,
  { endpoint: string; status?: number; location?: undefined }
>;

/** Longest excerpt of an error body kept in `message`. */
const MESSAGE_EXCERPT_CHARS = 200;

/**
 * POSTs `source` and `target` as `application/x-www-form-urlencoded` to `endpoint`; never rejects.
 * The endpoint's own query string stays in its URL; redirects keep the POST and its body.
 */
export async function deliverWebmention(
  fetcher: SafeFetcher,
  endpoint: string,
  source: string,
  target: string,
): Promise<DeliveryResult> {
  const outcome = await fetcher.request(endpoint, {
    method: 'POST',
    form: { source, target },
    // NOTE: receivers move endpoints with 301/302/303 too; downgrading to GET would silently lose the mention.
    keepMethodOnRedirect: true,
  });
  if (!outcome.ok) {
    return { ok: false, endpoint, reason: outcome.reason, message: outcome.message, transient: outcome.transient };
  }
  const { status } = outcome;
  if (status >= 200 && status < 300) {
    const location =
      status === 201 || status === 202 ? absoluteLocation(outcome.header('location'), outcome.url) : null;
    return { ok: true, endpoint, status, location, transient: false };
  }
  const transient = isTransient(outcome);
  const excerpt = outcome.body.replace(/\s+/g, ' ').trim().slice(0, MESSAGE_EXCERPT_CHARS);
  return {
    ok: false,
    endpoint,
    status,
    reason: 'http_status',
    message: excerpt ? `HTTP ${status}: ${excerpt}` : `HTTP ${status}`,
    transient,
    ...(transient && outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
  };
}

/** `Location` resolved against the URL that answered, or null when absent or unusable. */
function absoluteLocation(location: string | undefined, responseUrl: string): string | null {
  if (location === undefined || location.trim() === '') return null;
  try {
    return new URL(location.trim(), responseUrl).href;
  } catch {
    return null;
  }
}
