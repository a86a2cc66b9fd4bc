import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { POSTGRES, POSTGRES_URL, postgresQuery, ServiceStatus } from './services';

/** An empty database of a migration test, opened by {@link MigrationDatabase.open}. */
export interface OpenDatabase {
  /** Connection options, without entities or migrations. */
  options: DataSourceOptions;
  /** The PostgreSQL schema the tables go in; null on SQLite. */
  schema: string | null;
  /** A table's name as raw SQL writes it: quoted, and in the schema when there is one. */
  quoted(table: string): string;
  /** The `n`th placeholder of a raw query: `?` on SQLite, `$n` on PostgreSQL. */
  param(n: number): string;
  /** Removes the database. */
  drop(): Promise<void>;
}

/** Where a migration test runs; with `describeWith(services, …)` it is skipped when the server is missing. */
export interface MigrationDatabase {
  name: string;
  services: ServiceStatus[];
  open(): Promise<OpenDatabase>;
}

/** SQLite in a temporary folder, and PostgreSQL in a schema of its own on the test server. */
export const MIGRATION_DATABASES: MigrationDatabase[] = [
  {
    name: 'SQLite',
    services: [],
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'webmention-migration-'));
      return {
        options: { type: 'better-sqlite3', database: join(dir, 'test.sqlite') },
        schema: null,
        quoted: (table) => `"${table}"`,
        param: () => '?',
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL (own schema)',
    services: [POSTGRES],
    open: async () => {
      const schema = `wm_mig_${randomBytes(6).toString('hex')}`;
      await postgresQuery(`CREATE SCHEMA ${schema}`);
      return {
        options: { type: 'postgres', url: POSTGRES_URL, schema },
        schema,
        quoted: (table) => `"${schema}"."${table}"`,
        param: (n) => `$${n}`,
        drop: () => postgresQuery(`DROP SCHEMA ${schema} CASCADE`),
      };
    },
  },
];
