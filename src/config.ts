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
  /** Moderation state of new mentions: `pending` holds them for /admin/mentions. */
  initialModeration: 'approved' | 'pending';
  /** Source hosts whose mentions skip moderation. */
  autoApproveHosts: string[];
}

/** Thrown when an environment variable has a value the app cannot use. */
export class ConfigError extends Error {}

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
 * `ADMIN_TOKEN`, `WEBMENTION_MODERATION` (approved | pending) and `WEBMENTION_AUTO_APPROVE_HOSTS` (comma-separated).
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
  return {
    port,
    baseUrl: (env.BASE_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    databaseUrl,
    sqlitePath: resolve(env.SQLITE_PATH || 'data/blog.sqlite'),
    redisUrl,
    allowPrivateAddresses: flag('WEBMENTION_ALLOW_PRIVATE_ADDRESSES', env.WEBMENTION_ALLOW_PRIVATE_ADDRESSES),
    adminToken,
    initialModeration,
    autoApproveHosts: (env.WEBMENTION_AUTO_APPROVE_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
  };
}
