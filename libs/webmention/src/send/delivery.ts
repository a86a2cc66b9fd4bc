/** Sending one Webmention to a discovered endpoint (W3C Webmention §3.1.3). */
import { isTransient, type SafeFetcher } from '../http';

/** Outcome of one delivery attempt. */
export interface DeliveryResult {
  /** True for any 2xx answer. */
  ok: boolean;
  /** The endpoint the request was sent to. */
  endpoint: string;
  /** Final HTTP status, when a response arrived. */
  status?: number;
  /** Absolute `Location` of a 201/202 answer (a status page), else null. */
  location?: string | null;
  /** `http_status` for a non-2xx answer, else the fetch failure code. */
  code?: string;
  /** Human-readable detail of a failure. */
  message?: string;
  /** True when retrying later may succeed (timeouts, connection errors, 5xx, 429, 408). */
  transient: boolean;
  /** Delay the endpoint asked for before retrying, from `Retry-After`. */
  retryAfterMs?: number;
}

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
  const transient = isTransient(outcome);
  if (!outcome.ok) {
    return { ok: false, endpoint, code: outcome.code, message: outcome.message, transient };
  }
  const { status } = outcome;
  if (status >= 200 && status < 300) {
    const location = status === 201 || status === 202 ? absoluteLocation(outcome.header('location'), outcome.url) : null;
    return { ok: true, endpoint, status, location, transient: false };
  }
  const excerpt = outcome.body.replace(/\s+/g, ' ').trim().slice(0, MESSAGE_EXCERPT_CHARS);
  const result: DeliveryResult = {
    ok: false,
    endpoint,
    status,
    code: 'http_status',
    message: excerpt ? `HTTP ${status}: ${excerpt}` : `HTTP ${status}`,
    transient,
  };
  if (transient && outcome.retryAfterMs !== undefined) result.retryAfterMs = outcome.retryAfterMs;
  return result;
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
