import { backoffDelay, isLastAttempt, RetryLaterError, retryDelay } from './retry';

describe('retry rules', () => {
  const policy = { backoffMs: 1000, maxBackoffMs: 5000 };

  it('doubles the backoff per attempt made, capped', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(backoffDelay(0, 1000, 5000)).toBe(1000);
  });

  it('uses the backoff for any error but a RetryLaterError that names a delay', () => {
    expect(retryDelay(2, policy, new Error('boom'))).toBe(2000);
    expect(retryDelay(2, policy, new RetryLaterError('busy'))).toBe(2000);
    expect(retryDelay(2, policy, new RetryLaterError('busy', 300))).toBe(300);
    expect(retryDelay(2, policy, new RetryLaterError('now', 0))).toBe(0);
  });

  it('caps a requested delay (Retry-After) at maxBackoffMs', () => {
    expect(retryDelay(1, policy, new RetryLaterError('later', 86_400_000))).toBe(5000);
  });

  it('knows the last attempt', () => {
    expect(isLastAttempt({ attempt: 1, attempts: 2 })).toBe(false);
    expect(isLastAttempt({ attempt: 2, attempts: 2 })).toBe(true);
    expect(isLastAttempt({ attempt: 1, attempts: 1 })).toBe(true);
  });
});
