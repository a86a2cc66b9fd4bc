/** The one place that decides when a failed job runs again. */
import type { JobContext, RetryPolicy } from './job';

/**
 * Thrown by a job handler to have the job tried again later: after the policy's backoff, or not before
 * `notBeforeMs` when the other side said when (a `Retry-After`), capped by the policy's `maxBackoffMs`.
 */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    /** Delay the other side asked for, in milliseconds. */
    readonly notBeforeMs?: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/** `true` when this is the last attempt the queue will make: a handler records a transient failure as final. */
export function isLastAttempt(ctx: JobContext): boolean {
  return ctx.attempt >= ctx.attempts;
}

/** Exponential backoff: `baseMs`, doubled per attempt made, capped at `maxMs`. */
export function backoffDelay(attemptsMade: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
}

/** Delay before the next attempt after `attemptsMade` attempts failed with `error`. */
export function retryDelay(
  attemptsMade: number,
  policy: Pick<RetryPolicy, 'backoffMs' | 'maxBackoffMs'>,
  error?: unknown,
): number {
  const requested = error instanceof RetryLaterError ? error.notBeforeMs : undefined;
  return Math.min(policy.maxBackoffMs, requested ?? backoffDelay(attemptsMade, policy.backoffMs, policy.maxBackoffMs));
}
