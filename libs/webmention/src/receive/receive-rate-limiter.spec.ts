import { Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { WebmentionRateLimitStorage } from '../interfaces/webmention-options.interface';
import type { ResolvedWebmentionExtras, ResolvedWebmentionOptions } from '../resolve-options';
import { WebmentionConfigError } from '../webmention-config.exception';
import { resolveRateLimit } from './rate-limit.options';
import { RATE_LIMIT_STORAGE_TIMEOUT_MS, ReceiveRateLimiter } from './receive-rate-limiter';

const EXPRESS_REQ = { ip: '203.0.113.5', socket: { remoteAddress: '127.0.0.1' }, headers: {} } as never;

function limiter(
  rateLimit: Parameters<typeof resolveRateLimit>[0],
  queue: ResolvedWebmentionExtras['queue'] = 'inline',
  bull?: object,
) {
  const options = { rateLimit: resolveRateLimit(rateLimit) } as ResolvedWebmentionOptions;
  return new ReceiveRateLimiter(options, { queue } as ResolvedWebmentionExtras, bull as never);
}

const record = (isBlocked: boolean) => ({ totalHits: 1, timeToExpire: 9, isBlocked, timeToBlockExpire: 7 });

describe('ReceiveRateLimiter', () => {
  let errors: jest.SpyInstance;
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('counts in a storage given in the options, and refuses with its block time', async () => {
    const increment = jest.fn().mockResolvedValueOnce(record(false)).mockResolvedValueOnce(record(true));
    const rl = limiter({ limit: 1, windowMs: 1000, storage: { increment } });
    expect(await rl.check(EXPRESS_REQ, 'https://src.example/a')).toEqual({
      ok: false,
      scope: 'source_host',
      retryAfterSeconds: 7,
    });
    expect(increment.mock.calls.map((call) => call[0])).toEqual(['client:203.0.113.5', 'host:src.example']);
  });

  it('lets requests through when the storage does not answer in time, logging once and retrying later', async () => {
    const increment = jest.fn(() => new Promise<never>(() => undefined));
    const rl = limiter({ limit: 1, windowMs: 1000, storage: { increment } });
    const started = Date.now();
    expect(await rl.check(EXPRESS_REQ, 'https://src.example/a')).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(RATE_LIMIT_STORAGE_TIMEOUT_MS - 20);
    expect(Date.now() - started).toBeLessThan(RATE_LIMIT_STORAGE_TIMEOUT_MS + 500);
    // Meanwhile requests pass at once, without asking the storage.
    expect(await rl.check(EXPRESS_REQ, 'https://src.example/b')).toEqual({ ok: true });
    expect(increment).toHaveBeenCalledTimes(1);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0][0]).toMatch(/rate limits not counted/);
  });

  it('lets requests through when the storage fails', async () => {
    const storage: WebmentionRateLimitStorage = { increment: () => Promise.reject(new Error('ECONNREFUSED')) };
    const rl = limiter({ limit: 1, windowMs: 1000, storage });
    expect(await rl.check(EXPRESS_REQ, 'https://src.example/a')).toEqual({ ok: true });
    expect(errors.mock.calls[0][0]).toMatch(/ECONNREFUSED/);
  });

  it("counts in Redis by default with queue: 'bull', under Bull's prefix", async () => {
    const evalsha = jest.fn().mockResolvedValue([1, 1000, 0, 0]);
    const rl = limiter({ limit: 5, windowMs: 1000 }, 'bull', { client: { evalsha, eval: jest.fn() }, keyPrefix: 'p' });
    expect(await rl.check(EXPRESS_REQ, undefined)).toEqual({ ok: true });
    expect(evalsha.mock.calls[0].slice(1, 4)).toEqual([
      2,
      'p:webmention:rate:webmention:client:203.0.113.5',
      'p:webmention:rate:webmention:client:203.0.113.5:block',
    ]);
  });

  it("refuses storage: 'redis' without the Bull queue", () => {
    expect(() => limiter({ limit: 5, windowMs: 1000, storage: 'redis' })).toThrow(WebmentionConfigError);
  });

  it("takes the framework's req.ip without trustProxy, and the socket's peer with trustProxy: []", () => {
    const forwarded = {
      ip: '203.0.113.5',
      socket: { remoteAddress: '127.0.0.1' },
      connection: { remoteAddress: '127.0.0.1' },
      headers: { 'x-forwarded-for': '203.0.113.5' },
    } as unknown as IncomingMessage;
    expect(limiter({ limit: 1, windowMs: 1000 }).clientAddress(forwarded)).toBe('203.0.113.5');
    expect(limiter({ limit: 1, windowMs: 1000, trustProxy: [] }).clientAddress(forwarded)).toBe('127.0.0.1');
    expect(limiter({ limit: 1, windowMs: 1000 }).clientAddress({ raw: forwarded, ip: '198.51.100.1' })).toBe(
      '198.51.100.1',
    );
  });
});
