import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Client } from 'pg';

/**
 * Which real servers the end-to-end suites may use. `npm test` probes them and sets WEBMENTION_TEST_POSTGRES and
 * WEBMENTION_TEST_REDIS to `on` or `skip: <why>`; run directly with Jest, they count as available.
 */
export interface ServiceStatus {
  available: boolean;
  reason: string;
}

function status(name: string): ServiceStatus {
  const value = process.env[`WEBMENTION_TEST_${name}`];
  if (value === undefined || value === 'on') return { available: true, reason: '' };
  return { available: false, reason: value.replace(/^skip:\s*/, '') };
}

export const POSTGRES = status('POSTGRES');
export const REDIS = status('REDIS');
export const CHROMIUM_PATH = process.env.TEST_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM = chromiumStatus();
/** The `redis-server` binary the fault tests start privately (they kill and restart it). */
export const REDIS_SERVER = binaryStatus('redis-server', 'apt-get install -y redis-server');
/** PostgreSQL's server programs (`initdb`, `pg_ctl`, `postgres`) the fault tests run a private cluster with. */
export const POSTGRES_SERVER = postgresServerStatus();
export const POSTGRES_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/**
 * Chromium for the browser suite. Run directly with Jest, a missing binary skips the suite loudly, unless
 * WEBMENTION_REQUIRE_SERVICES is set (CI): then the suite runs and fails at launch, saying what to install.
 */
function chromiumStatus(): ServiceStatus {
  if (process.env.WEBMENTION_TEST_CHROMIUM !== undefined) return status('CHROMIUM');
  if (/^(1|true|yes)$/i.test(process.env.WEBMENTION_REQUIRE_SERVICES || '')) return { available: true, reason: '' };
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return { available: true, reason: '' };
  } catch {
    return { available: false, reason: `no executable ${CHROMIUM_PATH} (apt-get install -y chromium)` };
  }
}

/**
 * A program on PATH. Missing, it skips the suites that need it loudly, unless WEBMENTION_REQUIRE_SERVICES is set (CI):
 * then they run and fail, saying what to install.
 */
function binaryStatus(name: string, install: string): ServiceStatus {
  if (/^(1|true|yes)$/i.test(process.env.WEBMENTION_REQUIRE_SERVICES || '')) return { available: true, reason: '' };
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return { available: true, reason: '' };
    } catch {
      /* not in this folder */
    }
  }
  return { available: false, reason: `no ${name} on PATH (${install})` };
}

/**
 * The folder of PostgreSQL's server programs: TEST_POSTGRES_BIN, else the newest /usr/lib/postgresql/<version>/bin
 * (Debian keeps them off PATH), else the folder on PATH that has them;
 * `undefined` when none has them.
 */
export function postgresBinDir(): string | undefined {
  const has = (dir: string) => {
    try {
      for (const name of ['initdb', 'pg_ctl', 'postgres']) accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (process.env.TEST_POSTGRES_BIN)
    return has(process.env.TEST_POSTGRES_BIN) ? process.env.TEST_POSTGRES_BIN : undefined;
  let versions: string[] = [];
  try {
    versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  } catch {
    /* not Debian's layout */
  }
  const dirs = [
    ...versions.map((v) => join('/usr/lib/postgresql', v, 'bin')),
    ...(process.env.PATH ?? '').split(delimiter),
  ];
  return dirs.find((dir) => dir && has(dir));
}

/** Like {@link binaryStatus}, for the programs {@link postgresBinDir} finds. */
function postgresServerStatus(): ServiceStatus {
  if (/^(1|true|yes)$/i.test(process.env.WEBMENTION_REQUIRE_SERVICES || '')) return { available: true, reason: '' };
  if (postgresBinDir()) return { available: true, reason: '' };
  return {
    available: false,
    reason:
      'no initdb, pg_ctl and postgres in /usr/lib/postgresql/*/bin, TEST_POSTGRES_BIN or PATH (apt-get install -y postgresql)',
  };
}

/** `describe`, or `describe.skip` with the reason in its title when a server is missing. */
export function describeWith(services: ServiceStatus[], title: string, body: () => void): void {
  const missing = services.filter((s) => !s.available);
  if (missing.length === 0) describe(title, body);
  else describe.skip(`${title} — SKIPPED: ${missing.map((m) => m.reason).join('; ')}`, body);
}

/**
 * Runs one SQL statement on the test PostgreSQL server, or the server of `url` (creating and dropping schemas and
 * databases).
 */
export async function postgresQuery(sql: string, url = POSTGRES_URL): Promise<void> {
  await postgresRows(sql, url);
}

/** Runs one SQL statement on the test PostgreSQL server, or the server of `url`, and resolves its rows. */
export async function postgresRows<T = Record<string, unknown>>(sql: string, url = POSTGRES_URL): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}
