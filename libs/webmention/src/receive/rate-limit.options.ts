import proxyaddr from 'proxy-addr';
import type {
  WebmentionRateLimitOptions,
  WebmentionRateLimitStorage,
} from '../interfaces/webmention-options.interface';
import { WebmentionConfigError } from '../webmention-config.exception';

/** Rate limits after validation; false when off. */
export interface ResolvedRateLimitOptions {
  limit: number;
  windowMs: number;
  /** The proxies to believe; null leaves it to the HTTP framework's own setting (`req.ip`). */
  trustProxy: string[] | null;
  /** As given; undefined picks by queue driver (Redis with Bull, memory otherwise). */
  storage: 'memory' | 'redis' | WebmentionRateLimitStorage | undefined;
}

/** Rate limits after validation; false when off. */
export type ResolvedRateLimit = ResolvedRateLimitOptions | false;

function isStorage(value: unknown): value is WebmentionRateLimitStorage {
  return (
    typeof value === 'object' && value !== null && typeof (value as { increment?: unknown }).increment === 'function'
  );
}

function resolveTrustProxy(trustProxy: unknown): string[] | null {
  if (trustProxy === undefined) return null;
  if (!Array.isArray(trustProxy) || trustProxy.some((entry) => typeof entry !== 'string')) {
    throw new WebmentionConfigError('rateLimit.trustProxy must be a list of addresses, CIDR ranges or names.');
  }
  try {
    proxyaddr.compile(trustProxy as string[]);
  } catch (error) {
    throw new WebmentionConfigError(`rateLimit.trustProxy: ${(error as Error).message}.`);
  }
  return [...(trustProxy as string[])];
}

/**
 * Checks the `rateLimit` option: whole numbers of at least 1, proxy rules proxy-addr understands, and a storage
 * that is 'memory', 'redis' or has `increment`.
 */
export function resolveRateLimit(value: WebmentionRateLimitOptions | false | undefined): ResolvedRateLimit {
  if (value === undefined || value === false) return false;
  if (typeof value !== 'object' || value === null) {
    throw new WebmentionConfigError('rateLimit must be false or { limit, windowMs, trustProxy?, storage? }.');
  }
  for (const key of ['limit', 'windowMs'] as const) {
    if (!Number.isInteger(value[key]) || value[key] < 1) {
      throw new WebmentionConfigError(
        `rateLimit.${key} must be a whole number of at least 1 (got ${String(value[key])}).`,
      );
    }
  }
  const { storage } = value;
  if (storage !== undefined && storage !== 'memory' && storage !== 'redis' && !isStorage(storage)) {
    throw new WebmentionConfigError(
      "rateLimit.storage must be 'memory', 'redis' or a ThrottlerStorage (an object with increment()).",
    );
  }
  return { limit: value.limit, windowMs: value.windowMs, trustProxy: resolveTrustProxy(value.trustProxy), storage };
}
