#!/usr/bin/env node
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WEBMENTION_ENTITIES } from '../entities';
import { WEBMENTION_MIGRATIONS } from '../migrations';
import { WebmentionModule } from '../webmention.module';
import { ExitCode } from './cli-output';
import { runWebmentionCli } from './run-cli';

/**
 * The `webmention` command of the installed package: send, discover and reverify against the database in
 * DATABASE_URL (PostgreSQL), or an SQLite file (WEBMENTION_SQLITE_PATH, default ./data/webmention.sqlite).
 * WEBMENTION_ALLOW_PRIVATE_ADDRESSES=true lets it reach private and loopback addresses.
 */
function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    process.stderr.write(`DATABASE_URL must be a postgres:// URL, or unset for SQLite (got "${databaseUrl}")\n`);
    process.exit(ExitCode.Usage);
  }
  const allowPrivate = /^(1|true|yes|on)$/i.test(process.env.WEBMENTION_ALLOW_PRIVATE_ADDRESSES ?? '');
  const sqlitePath = resolve(process.env.WEBMENTION_SQLITE_PATH ?? 'data/webmention.sqlite');
  if (!databaseUrl) mkdirSync(dirname(sqlitePath), { recursive: true });
  return runWebmentionCli([
    TypeOrmModule.forRoot({
      ...(databaseUrl
        ? { type: 'postgres' as const, url: databaseUrl }
        : { type: 'better-sqlite3' as const, database: sqlitePath }),
      entities: [...WEBMENTION_ENTITIES],
      migrations: WEBMENTION_MIGRATIONS,
      migrationsRun: true,
      logging: ['error'],
    }),
    WebmentionModule.forRoot({
      baseUrl: process.env.BASE_URL ?? 'http://localhost',
      http: { allowPrivateAddresses: allowPrivate },
      queue: 'inline',
      processor: false,
      controllers: false,
    }),
  ]);
}

void main();
