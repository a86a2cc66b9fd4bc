import proxyaddr from 'proxy-addr';
import type { WebmentionRateLimitOptions } from '../interfaces/webmention-options.interface';
import { WebmentionConfigError } from '../webmention-config.exception';

/** Rate limits after validation; false when off. */
export type ResolvedRateLimit = Required<WebmentionRateLimitOptions> | false;

/** Checks the `rateLimit` option: whole numbers of at least 1, and proxy rules proxy-addr understands. */
export function resolveRateLimit(value: WebmentionRateLimitOptions | false | undefined): ResolvedRateLimit {
  if (value === undefined || value === false) return false;
  if (typeof value !== 'object' || value === null) {
    throw new WebmentionConfigError('rateLimit must be false or { limit, windowMs, trustProxy? }.');
  }
  for (const key of ['limit', 'windowMs'] as const) {
    if (!Number.isInteger(value[key]) || value[key] < 1) {
      throw new WebmentionConfigError(
        `rateLimit.${key} must be a whole number of at least 1 (got ${String(value[key])}).`,
      );
    }
  }
  const trustProxy = value.trustProxy ?? [];
  if (!Array.isArray(trustProxy) || trustProxy.some((entry) => typeof entry !== 'string')) {
    throw new WebmentionConfigError('rateLimit.trustProxy must be a list of addresses, CIDR ranges or names.');
  }
  try {
    proxyaddr.compile(trustProxy);
  } catch (error) {
    throw new WebmentionConfigError(`rateLimit.trustProxy: ${(error as Error).message}.`);
  }
  return { limit: value.limit, windowMs: value.windowMs, trustProxy: [...trustProxy] };
}
