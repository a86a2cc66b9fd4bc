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
export const POSTGRES_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** `describe`, or `describe.skip` with the reason in its title when a server is missing. */
export function describeWith(services: ServiceStatus[], title: string, body: () => void): void {
  const missing = services.filter((s) => !s.available);
  if (missing.length === 0) describe(title, body);
  else describe.skip(`${title} — SKIPPED: ${missing.map((m) => m.reason).join('; ')}`, body);
}

/** Runs one SQL statement on the test PostgreSQL server (creating and dropping schemas and databases). */
export async function postgresQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
