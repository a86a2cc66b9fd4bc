/**
 * The `AddEntryMediaAndAuthorship` migration on a database that already holds a mention: the five columns are added
 * (empty for the old row, which the entity still reads), written and read back through the entity, and removed again
 * by `down`. SQLite, and PostgreSQL in its own schema.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { WEBMENTION_ENTITIES, WEBMENTION_MIGRATIONS, Webmention } from 'nestjs-webmention';
import { describeWith, POSTGRES, POSTGRES_URL, postgresQuery } from './support/services';

const NEW = 'AddEntryMediaAndAuthorship1763700500000';
const AT = WEBMENTION_MIGRATIONS.findIndex((m) => m.name === NEW);
const BEFORE = WEBMENTION_MIGRATIONS.slice(0, AT);
/** Up to this migration: later ones are not its business. */
const THROUGH = WEBMENTION_MIGRATIONS.slice(0, AT + 1);
const COLUMNS = ['photos', 'videos', 'audios', 'authorVerified', 'authorshipReason'];

interface Database {
  name: string;
  services: (typeof POSTGRES)[];
  /** Connection options, the table's name for the query runner and for raw SQL, and how to drop the database. */
  open(): Promise<{ options: DataSourceOptions; table: string; sql: string; drop(): Promise<void> }>;
}

const DATABASES: Database[] = [
  {
    name: 'SQLite',
    services: [],
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'webmention-media-columns-'));
      return {
        options: { type: 'better-sqlite3', database: join(dir, 'old.sqlite') },
        table: 'webmentions',
        sql: '"webmentions"',
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
        table: `${schema}.webmentions`,
        sql: `"${schema}"."webmentions"`,
        drop: () => postgresQuery(`DROP SCHEMA ${schema} CASCADE`),
      };
    },
  },
];

describe.each(DATABASES)('AddEntryMediaAndAuthorship migration on $name', (db) => {
  describeWith(db.services, 'over a row stored before it', () => {
    it('adds the media and authorship columns, empty for old rows, and removes them on down', async () => {
      const { options, table, sql, drop } = await db.open();
      try {
        const old = await new DataSource({ ...options, migrations: BEFORE }).initialize();
        await old.runMigrations();
        const runner = old.createQueryRunner();
        const before = await runner.getTable(table);
        expect(COLUMNS.map((c) => before?.findColumnByName(c))).toEqual(COLUMNS.map(() => undefined));
        await runner.release();
        const param = options.type === 'postgres' ? (n: number) => `$${n}` : () => '?';
        await old.query(
          `INSERT INTO ${sql} ("sourceUrl", "targetUrl", "pairHash", "targetMatchHash", "statusToken") VALUES (${[1, 2, 3, 4, 5].map(param).join(', ')})`,
          ['https://old.example/r', 'https://blog.example/p', 'pair', 'target', 'token'],
        );
        await old.destroy();

        const upgraded = await new DataSource({
          ...options,
          entities: [...WEBMENTION_ENTITIES],
          migrations: THROUGH,
        }).initialize();
        try {
          expect((await upgraded.runMigrations()).map((m) => m.name)).toEqual([NEW]);
          const repo = upgraded.getRepository(Webmention);
          const row = await repo.findOneByOrFail({ sourceUrl: 'https://old.example/r' });
          expect(row).toMatchObject({
            photos: null,
            videos: null,
            audios: null,
            authorVerified: null,
            authorshipReason: null,
          });
          await repo.update(row.id, {
            photos: [{ url: 'https://old.example/p.jpg', alt: 'A photo' }],
            videos: ['https://old.example/v.mp4'],
            audios: [],
            authorVerified: false,
            authorshipReason: 'the author page https://a.example/ answered HTTP 404',
          });
          expect(await repo.findOneByOrFail({ id: row.id })).toMatchObject({
            photos: [{ url: 'https://old.example/p.jpg', alt: 'A photo' }],
            videos: ['https://old.example/v.mp4'],
            audios: [],
            authorVerified: false,
            authorshipReason: 'the author page https://a.example/ answered HTTP 404',
          });

          await upgraded.undoLastMigration();
          const check = upgraded.createQueryRunner();
          const after = await check.getTable(table);
          await check.release();
          expect(COLUMNS.map((c) => after?.findColumnByName(c))).toEqual(COLUMNS.map(() => undefined));
          expect(after?.findColumnByName('sourceHost')).toBeDefined();
          const kept: { sourceUrl: string }[] = await upgraded.query(`SELECT "sourceUrl" FROM ${sql}`);
          expect(kept.map((k) => k.sourceUrl)).toEqual(['https://old.example/r']);
        } finally {
          await upgraded.destroy();
        }
      } finally {
        await drop();
      }
    });
  });
});
