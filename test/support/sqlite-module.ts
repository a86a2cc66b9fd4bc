import { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { join } from 'node:path';
import { WEBMENTION_ENTITIES, WEBMENTION_MIGRATIONS } from 'nestjs-webmention';

/** TypeORM on a new SQLite file in `dir` (a random name), the library's migrations run at boot. */
export function sqliteFileModule(dir: string): DynamicModule {
  return TypeOrmModule.forRoot({
    type: 'better-sqlite3',
    database: join(dir, `${Math.random().toString(36).slice(2)}.sqlite`),
    entities: WEBMENTION_ENTITIES,
    migrations: WEBMENTION_MIGRATIONS,
    migrationsRun: true,
  });
}
