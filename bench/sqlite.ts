import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { WEBMENTION_ENTITIES, WEBMENTION_MIGRATIONS } from 'nestjs-webmention';

// NOTE: apart from support.ts on purpose: the host module of the sending benchmark is loaded by the timed
// `webmention` process, which must not load autocannon and the rest of what the bench runner needs.

/** The library's tables, made by its migrations when the app starts. */
export const WEBMENTION_TABLES = {
  entities: WEBMENTION_ENTITIES,
  migrations: WEBMENTION_MIGRATIONS,
  migrationsRun: true,
};

/**
 * SQLite at `database` (a file, or `:memory:`) with the library's tables, as the example app configures it: WAL with
 * synchronous=NORMAL, no fsync per write.
 */
export function sqliteOptions(database: string): TypeOrmModuleOptions {
  return {
    type: 'better-sqlite3',
    database,
    enableWAL: true,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('synchronous = NORMAL');
    },
    ...WEBMENTION_TABLES,
  };
}
