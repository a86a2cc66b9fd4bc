import { resolve } from 'node:path';

/** The example app's configuration, read from the environment. */
export interface AppConfig {
  port: number;
  baseUrl: string;
  /** `null` → an SQLite file under ./data. */
  databaseUrl: string | null;
  sqlitePath: string;
  /** `null` → the in-process queue. */
  redisUrl: string | null;
  allowPrivateAddresses: boolean;
  /** Bearer token of the admin JSON API and password of the admin pages; `null` disables both. */
  adminToken: string | null;
  /** Rate limit of the Webmention endpoint per client address and per source host; null when off. */
  rateLimit: { limit: number; windowMs: number; trustProxy: string[] } | null;
  /** Moderation state of new mentions: `pending` holds them for /admin/mentions. */
  initialModeration: 'approved' | 'pending';
  /** Source hosts whose mentions skip moderation. */
  autoApproveHosts: string[];
  /** Bull's job lock (and stalled check) in ms; `null` keeps Bull's 30 s. A killed worker's jobs run again after it. */
  jobLockMs: number | null;
  /** `User-Agent` of the fetches (sources, targets, media); `null` keeps the library's. */
  userAgent: string | null;
}

/** Thrown when an environment variable has a value the app cannot use. */
export class ConfigError extends Error {}

/** The endpoint's rate limit when WEBMENTION_RATE_LIMIT is not set: 60 POSTs a minute per address and per source host. */
export const DEFAULT_RATE_LIMIT = '60/60s';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `60/60s` (a count, a slash, a window in ms, s, m or h) or `off`, as WEBMENTION_RATE_LIMIT takes it. */
export function parseRateLimit(text: string): { limit: number; windowMs: number } | null {
  if (text.trim().toLowerCase() === 'off') return null;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*(ms|s|m|h)\s*$/i.exec(text);
  const limit = match ? Number(match[1]) : 0;
  const windowMs = match ? Number(match[2]) * UNIT_MS[match[3].toLowerCase()] : 0;
  if (!match || limit < 1 || windowMs < 1) {
    throw new ConfigError(
      `WEBMENTION_RATE_LIMIT must be like 60/60s (requests per window; ms, s, m or h) or off (got "${text}")`,
    );
  }
  return { limit, windowMs };
}

/** Shortest ADMIN_TOKEN accepted: it is the one secret of the admin pages and API, so it must not be guessable. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

function flag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false (got "${value}")`);
}

/**
 * Reads `PORT`, `BASE_URL`, `DATABASE_URL`, `SQLITE_PATH`, `REDIS_URL`, `WEBMENTION_ALLOW_PRIVATE_ADDRESSES`,
 * `ADMIN_TOKEN`, `WEBMENTION_MODERATION` (approved | pending), `WEBMENTION_AUTO_APPROVE_HOSTS` (comma-separated),
 * `WEBMENTION_RATE_LIMIT` (`60/60s` or `off`), `WEBMENTION_TRUST_PROXY` (comma-separated proxy addresses or ranges)
 * `WEBMENTION_JOB_LOCK_MS` (Bull's job lock and stalled check) and `WEBMENTION_USER_AGENT` (the fetches' `User-Agent`).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = env.PORT ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be a port number (got "${env.PORT}")`);
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      `DATABASE_URL must be a postgres:// URL, or unset for the SQLite default (got "${databaseUrl}")`,
    );
  }
  const redisUrl = env.REDIS_URL || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError(`REDIS_URL must be a redis:// URL (got "${redisUrl}")`);
  const initialModeration = env.WEBMENTION_MODERATION || 'approved';
  if (initialModeration !== 'approved' && initialModeration !== 'pending') {
    throw new ConfigError(`WEBMENTION_MODERATION must be approved or pending (got "${initialModeration}")`);
  }
  const adminToken = env.ADMIN_TOKEN || null;
  if (adminToken !== null && adminToken.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new ConfigError(
      `ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (got ${adminToken.length}); ` +
        "make one with: node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64url'))\"",
    );
  }
  const rateLimit = parseRateLimit(env.WEBMENTION_RATE_LIMIT || DEFAULT_RATE_LIMIT);
  const jobLockMs = env.WEBMENTION_JOB_LOCK_MS ? Number(env.WEBMENTION_JOB_LOCK_MS) : null;
  if (jobLockMs !== null && !(Number.isInteger(jobLockMs) && jobLockMs >= 1000)) {
    throw new ConfigError(
      `WEBMENTION_JOB_LOCK_MS must be a whole number of milliseconds, at least 1000 (got "${env.WEBMENTION_JOB_LOCK_MS}")`,
    );
  }
  const userAgent = env.WEBMENTION_USER_AGENT?.trim() || null;
  // NOTE: a header value: no control characters (a line break would split the request).
  if (userAgent !== null && /[\x00-\x1f\x7f]/.test(userAgent))
    throw new ConfigError('WEBMENTION_USER_AGENT must be one line of printable characters');
  const trustProxy = (env.WEBMENTION_TRUST_PROXY ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return {
    port,
    baseUrl: (env.BASE_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    databaseUrl,
    sqlitePath: resolve(env.SQLITE_PATH || 'data/blog.sqlite'),
    redisUrl,
    allowPrivateAddresses: flag('WEBMENTION_ALLOW_PRIVATE_ADDRESSES', env.WEBMENTION_ALLOW_PRIVATE_ADDRESSES),
    adminToken,
    rateLimit: rateLimit && { ...rateLimit, trustProxy },
    initialModeration,
    autoApproveHosts: (env.WEBMENTION_AUTO_APPROVE_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
    jobLockMs,
    userAgent,
  };
}
