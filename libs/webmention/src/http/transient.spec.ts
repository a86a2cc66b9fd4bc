import type { FetchFailureCode, FetchOutcome } from './fetch-result';
import { isTransient, isTransientFailure, isTransientStatus, parseRetryAfter } from './transient';

function response(status: number): FetchOutcome {
  return {
    ok: true,
    url: 'https://example.com/',
    status,
    headers: {},
    header: () => undefined,
    contentType: '',
    body: '',
    bytes: 0,
    redirects: [],
  };
}

function failure(code: FetchFailureCode): FetchOutcome {
  return {
    ok: false,
    reason: code,
    message: code,
    transient: isTransientFailure(code),
    url: 'https://example.com/',
    redirects: [],
  };
}

describe('isTransient', () => {
  it.each([500, 502, 503, 504, 599, 429, 425, 408])('status %i is transient', (status) => {
    expect(isTransient(response(status))).toBe(true);
  });
  it.each([200, 201, 202, 301, 304, 400, 401, 403, 404, 410, 451])('status %i is not transient', (status) => {
    expect(isTransient(response(status))).toBe(false);
  });
  it.each<FetchFailureCode>(['timeout', 'fetch_error'])('failure %s is transient', (code) => {
    expect(isTransient(failure(code))).toBe(true);
  });
  it.each<FetchFailureCode>([
    'invalid_url',
    'blocked_address',
    'too_many_redirects',
    'unsupported_redirect',
    'too_large',
  ])('failure %s is not transient', (code) => {
    expect(isTransient(failure(code))).toBe(false);
  });
});

describe('isTransientStatus', () => {
  it.each([408, 425, 429, 500, 501, 503, 599, 600])('status %i is transient', (status) => {
    expect(isTransientStatus(status)).toBe(true);
  });
  it.each([100, 200, 204, 301, 308, 400, 404, 407, 409, 424, 426, 428, 430, 451, 499])(
    'status %i is not transient',
    (status) => {
      expect(isTransientStatus(status)).toBe(false);
    },
  );
  it('treats 425 Too Early as transient for a response outcome too', () => {
    expect(isTransient(response(425))).toBe(true);
  });
});

describe('isTransientFailure', () => {
  it.each<FetchFailureCode>(['timeout', 'fetch_error'])('%s is transient', (code) => {
    expect(isTransientFailure(code)).toBe(true);
  });
  it.each<FetchFailureCode>([
    'invalid_url',
    'blocked_address',
    'too_many_redirects',
    'unsupported_redirect',
    'too_large',
  ])('%s is not transient', (code) => {
    expect(isTransientFailure(code)).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  it.each<[string | undefined, number | undefined]>([
    ['120', 120_000],
    [' 5 ', 5_000],
    ['0', 0],
    ['Wed, 01 May 2024 12:00:30 GMT', 30_000],
    ['Wednesday, 01-May-24 12:01:00 GMT', 60_000],
    ['Wed May  1 12:00:10 2024', 10_000],
    ['Wed, 01 May 2024 11:00:00 GMT', 0],
    [undefined, undefined],
    ['', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['5 minutes', undefined],
    ['2024', 2_024_000],
    ['2024-05-01', undefined],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
  it('defaults now to the current time', () => {
    const inOneMinute = new Date(Date.now() + 60_000).toUTCString();
    const ms = parseRetryAfter(inOneMinute);
    expect(ms).toBeGreaterThan(55_000);
    expect(ms).toBeLessThanOrEqual(60_000);
  });
});
