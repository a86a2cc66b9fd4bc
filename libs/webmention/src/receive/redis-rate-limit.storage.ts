import { createHash } from 'node:crypto';
import type { WebmentionRateLimitRecord, WebmentionRateLimitStorage } from '../interfaces/webmention-options.interface';

/** The little of an ioredis client the storage uses (Bull's own client is one). */
export interface RedisScriptClient {
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/**
 * One count, atomically: while the block key lives, the request is refused without counting; otherwise the hit
 * counter goes up (its window starts with the first hit), and going over the limit starts a block of
 * `blockDuration`. Returns hits, the window's ms left, 1 when blocked, and the block's ms left.
 */
const SCRIPT = `
local hits_key, block_key = KEYS[1], KEYS[2]
local ttl, limit, block_ms = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local block_left = redis.call('PTTL', block_key)
if block_left > 0 then
  local hits = tonumber(redis.call('GET', hits_key) or '0')
  return { hits, math.max(redis.call('PTTL', hits_key), 0), 1, block_left }
end
local hits = redis.call('INCR', hits_key)
local left = redis.call('PTTL', hits_key)
if left < 0 then
  redis.call('PEXPIRE', hits_key, ttl)
  left = ttl
end
if hits > limit then
  redis.call('SET', block_key, '1', 'PX', block_ms)
  return { hits, left, 1, block_ms }
end
return { hits, left, 0, 0 }
`;

/** The SHA-1 Redis knows {@link SCRIPT} by. */
const SCRIPT_SHA = createHash('sha1').update(SCRIPT).digest('hex');

/**
 * A @nestjs/throttler `ThrottlerStorage` in Redis (fixed windows, one Lua script a count), so every process on the
 * same Redis shares one budget. Keys are `<prefix><throttler name>:<key>` and `…:block`, expiring on their own.
 */
export class RedisRateLimitStorage implements WebmentionRateLimitStorage {
  constructor(
    private readonly client: RedisScriptClient,
    private readonly prefix: string,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<WebmentionRateLimitRecord> {
    const hitsKey = `${this.prefix}${throttlerName}:${key}`;
    const args = [hitsKey, `${hitsKey}:block`, ttl, limit, blockDuration] as const;
    let reply: unknown;
    try {
      reply = await this.client.evalsha(SCRIPT_SHA, 2, ...args);
    } catch (error) {
      // NOTE: the first call after a restart (or on a new server) finds no cached script.
      if (!String((error as Error)?.message).includes('NOSCRIPT')) throw error;
      reply = await this.client.eval(SCRIPT, 2, ...args);
    }
    const [totalHits, expireMs, blocked, blockMs] = (reply as number[]).map(Number);
    return {
      totalHits,
      timeToExpire: Math.ceil(expireMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockMs / 1000),
    };
  }
}
