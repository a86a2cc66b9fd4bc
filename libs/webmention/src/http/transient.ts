// Retry rules: which statuses and fetch failures are transient, and Retry-After parsing.
import type { FetchFailureCode, FetchOutcome } from './fetch-result';

/** Statuses worth retrying later: 408 Request Timeout, 425 Too Early, 429 Too Many Requests and every status >= 500. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Fetch failures worth retrying later: timeouts and connection errors (`timeout`, `fetch_error`). */
export function isTransientFailure(code: FetchFailureCode): boolean {
  return code === 'timeout' || code === 'fetch_error';
}

/** True when retrying later may succeed: a transient status ({@link isTransientStatus}) or failure ({@link isTransientFailure}). */
export function isTransient(outcome: FetchOutcome): boolean {
  if (outcome.ok) return isTransientStatus(outcome.status);
  return isTransientFailure(outcome.reason);
}

/** Parses a Retry-After value (delay in seconds or an HTTP date) into milliseconds from `now`, clamped to >= 0. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isFinite(seconds) ? seconds * 1000 : undefined;
  }
  // NOTE: only accept date-looking text; Date.parse is lenient enough to read "5 minutes" as a year.
  if (!/[a-z]{3}/i.test(text) || !/\d{1,2}:\d{2}/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
