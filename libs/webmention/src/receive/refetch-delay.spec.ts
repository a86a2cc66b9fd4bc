import { refetchDelay } from './receive.service';

describe('refetchDelay', () => {
  const now = 1_000_000;
  it.each([
    ['never fetched', null, 60_000, 0],
    ['window off', now - 1000, 0, 0],
    ['fetched 10 s ago, 60 s window', now - 10_000, 60_000, 50_000],
    ['fetched just now', now, 60_000, 60_000],
    ['fetched before the window', now - 61_000, 60_000, 0],
    ['a fetch time in the future (clock skew) is capped at the window', now + 30_000, 60_000, 60_000],
  ])('%s', (_name, last, window, expected) => {
    expect(refetchDelay(last, window, now)).toBe(expected);
  });
});
