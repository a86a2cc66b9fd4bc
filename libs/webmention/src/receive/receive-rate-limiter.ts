import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { WebmentionRateLimitStorage } from '../interfaces/webmention-options.interface';
import type { ResolvedWebmentionExtras, ResolvedWebmentionOptions } from '../resolve-options';
import { hostOf } from '../url/host';
import { requireOptionalPeer } from '../optional-peer';
import { WebmentionConfigError } from '../webmention-config.exception';
import {
  WEBMENTION_BULL_QUEUE,
  WEBMENTION_EXTRAS,
  WEBMENTION_QUEUE,
  WEBMENTION_RESOLVED_OPTIONS,
} from '../webmention.constants';
import type { ResolvedRateLimitOptions } from './rate-limit.options';
import { RedisRateLimitStorage, RedisScriptClient } from './redis-rate-limit.storage';

/** What the limiter decided for one request. */
export type RateDecision = { ok: true } | { ok: false; scope: RateScope; retryAfterSeconds: number };

/** What a limit counts: requests from one client address, or about sources on one host. */
export type RateScope = 'client' | 'source_host';

/** An Express request, or a Fastify request with the Node request as `raw`; either may carry the framework's `ip`. */
type AnyRequest = (IncomingMessage | { raw: IncomingMessage }) & { ip?: unknown };

/** The little of a Bull queue the limiter uses: its Redis client and key prefix. */
interface BullQueueLike {
  client: RedisScriptClient;
  keyPrefix?: string;
}

/** Longest wait for the storage to count a request before letting it through. */
export const RATE_LIMIT_STORAGE_TIMEOUT_MS = 500;
/** After a storage failure, requests pass uncounted for this long before the storage is tried again. */
const RETRY_STORAGE_AFTER_MS = 5000;

/** The in-process storage of @nestjs/throttler (loaded only when rate limits count in memory). */
function memoryStorage(): WebmentionRateLimitStorage & OnApplicationShutdown {
  const { ThrottlerStorageService } = requireOptionalPeer<typeof import('@nestjs/throttler')>(
    '@nestjs/throttler',
    'rateLimit',
  );
  return new ThrottlerStorageService();
}

/**
 * The storage `limits.storage` names (by default Redis with the Bull queue, memory otherwise), and whether this
 * limiter made it, so shuts it down (a storage given in the options belongs to the app).
 */
function storageOf(
  limits: ResolvedRateLimitOptions,
  queue: ResolvedWebmentionExtras['queue'],
  bull: BullQueueLike | undefined,
): { storage: WebmentionRateLimitStorage; own?: OnApplicationShutdown } {
  const choice = limits.storage ?? (queue === 'bull' ? 'redis' : 'memory');
  if (choice === 'memory') {
    const storage = memoryStorage();
    return { storage, own: storage };
  }
  if (choice !== 'redis') return { storage: choice };
  if (!bull) throw new WebmentionConfigError("rateLimit.storage 'redis' needs queue: 'bull' (it uses Bull's Redis).");
  return { storage: new RedisRateLimitStorage(bull.client, `${bull.keyPrefix ?? 'bull'}:${WEBMENTION_QUEUE}:rate:`) };
}

/** `work`, or a rejection once `ms` have passed (a late rejection of `work` is dropped). */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined);
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Rate limits of the receiving endpoint (option `rateLimit`): `limit` requests per `windowMs` per client address and,
 * separately, per source host, counted in a @nestjs/throttler storage: Redis shared by every process with Bull,
 * this process's memory otherwise. The client address is the socket's peer; `X-Forwarded-For` counts only through
 * the proxies listed in `trustProxy` (proxy-addr rules), or, without that option, as the framework's `req.ip` says.
 * When the storage fails or is slow the request passes (fail open) and the failure is logged once per outage.
 */
@Injectable()
export class ReceiveRateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger('WebmentionRateLimit');
  private readonly storage: WebmentionRateLimitStorage | null = null;
  private readonly ownStorage?: OnApplicationShutdown;
  private readonly trust: ReturnType<typeof proxyaddr.compile> | null;
  /** While set, the storage failed recently: requests pass uncounted until this time (ms since the epoch). */
  private failingUntil = 0;
  private failing = false;

  constructor(
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
    @Inject(WEBMENTION_EXTRAS) extras: ResolvedWebmentionExtras,
    @Optional() @Inject(WEBMENTION_BULL_QUEUE) bull?: BullQueueLike,
  ) {
    const limits = options.rateLimit;
    if (limits) ({ storage: this.storage, own: this.ownStorage } = storageOf(limits, extras.queue, bull));
    this.trust = limits && limits.trustProxy ? proxyaddr.compile(limits.trustProxy) : null;
  }

  /** The client address of `req` as the limiter counts it. */
  clientAddress(req: AnyRequest): string {
    const raw = 'raw' in req ? req.raw : req;
    if (this.trust) return proxyaddr(raw as Parameters<typeof proxyaddr>[0], this.trust);
    // NOTE: Express's req.ip follows app.set('trust proxy', …), Fastify's its trustProxy option.
    if (typeof req.ip === 'string' && req.ip) return req.ip;
    return raw.socket?.remoteAddress ?? '';
  }

  /** Counts the request against its client address and its source's host; refuses it when either is over. */
  async check(req: AnyRequest, source: unknown): Promise<RateDecision> {
    const limits = this.options.rateLimit;
    if (!this.storage || !limits) return { ok: true };
    if (this.failing && Date.now() < this.failingUntil) return { ok: true };
    const keys: [RateScope, string][] = [['client', `client:${this.clientAddress(req)}`]];
    const host = typeof source === 'string' ? hostOf(source) : null;
    if (host) keys.push(['source_host', `host:${host}`]);
    try {
      for (const [scope, key] of keys) {
        const count = this.storage.increment(key, limits.windowMs, limits.limit, limits.windowMs, 'webmention');
        const hit = await within(count, RATE_LIMIT_STORAGE_TIMEOUT_MS);
        if (hit.isBlocked) return { ok: false, scope, retryAfterSeconds: Math.max(1, hit.timeToBlockExpire) };
      }
    } catch (error) {
      if (!this.failing) {
        this.logger.error(`rate limits not counted (requests pass meanwhile): ${(error as Error).message}`);
      }
      this.failing = true;
      this.failingUntil = Date.now() + RETRY_STORAGE_AFTER_MS;
      return { ok: true };
    }
    if (this.failing) this.logger.log('rate limits counted again');
    this.failing = false;
    return { ok: true };
  }

  onApplicationShutdown(): void {
    void this.ownStorage?.onApplicationShutdown();
  }
}
