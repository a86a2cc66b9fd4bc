import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorageService } from '@nestjs/throttler';
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { hostOf } from '../url/host';
import { requireOptionalPeer } from '../optional-peer';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';

/** What the limiter decided for one request. */
export type RateDecision = { ok: true } | { ok: false; scope: RateScope; retryAfterSeconds: number };

/** What a limit counts: requests from one client address, or about sources on one host. */
export type RateScope = 'client' | 'source_host';

/** An Express request, or a Fastify request with the Node request as `raw`. */
type AnyRequest = IncomingMessage | { raw: IncomingMessage };

function loadStorage(): ThrottlerStorageService {
  // NOTE: loaded only when rate limits are on, so an app without them needs no @nestjs/throttler.
  const { ThrottlerStorageService } = requireOptionalPeer<typeof import('@nestjs/throttler')>(
    '@nestjs/throttler',
    'rateLimit',
  );
  return new ThrottlerStorageService();
}

/**
 * Rate limits of the receiving endpoint (option `rateLimit`): `limit` requests per `windowMs` per client address and,
 * separately, per source host, counted in @nestjs/throttler's storage (per process). The client address is the
 * socket's peer; `X-Forwarded-For` counts only through the proxies listed in `trustProxy` (proxy-addr rules).
 */
@Injectable()
export class ReceiveRateLimiter implements OnApplicationShutdown {
  private readonly storage: ThrottlerStorageService | null;
  private readonly trust: ReturnType<typeof proxyaddr.compile>;

  constructor(@Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions) {
    const limits = options.rateLimit;
    this.storage = limits ? loadStorage() : null;
    this.trust = proxyaddr.compile(limits ? limits.trustProxy : []);
  }

  /** The client address of `req` as the limiter counts it. */
  clientAddress(req: AnyRequest): string {
    const raw = 'raw' in req ? req.raw : req;
    return proxyaddr(raw as Parameters<typeof proxyaddr>[0], this.trust);
  }

  /** Counts the request against its client address and its source's host; refuses it when either is over. */
  async check(req: AnyRequest, source: unknown): Promise<RateDecision> {
    const limits = this.options.rateLimit;
    if (!this.storage || !limits) return { ok: true };
    const keys: [RateScope, string][] = [['client', `client:${this.clientAddress(req)}`]];
    const host = typeof source === 'string' ? hostOf(source) : null;
    if (host) keys.push(['source_host', `host:${host}`]);
    for (const [scope, key] of keys) {
      const hit = await this.storage.increment(key, limits.windowMs, limits.limit, limits.windowMs, 'webmention');
      if (hit.isBlocked) return { ok: false, scope, retryAfterSeconds: Math.max(1, hit.timeToBlockExpire) };
    }
    return { ok: true };
  }

  onApplicationShutdown(): void {
    this.storage?.onApplicationShutdown();
  }
}
