/**
 * The `AddEntryMediaAndAuthorship` migration on a database that already holds a mention: the five columns are added
 * (empty for the old row, which the entity still reads), written and read back through the entity, and removed again
 * by `down`. SQLite, and PostgreSQL in its own schema.
 */
import { DataSource } from 'typeorm';
import { WEBMENTION_ENTITIES, WEBMENTION_MIGRATIONS, Webmention } from 'nestjs-webmention';
import { MIGRATION_DATABASES } from './support/migration-databases';
import { describeWith } from './support/services';

const NEW = 'AddEntryMediaAndAuthorship1763700500000';
const BEFORE = WEBMENTION_MIGRATIONS.slice(
  0,
  WEBMENTION_MIGRATIONS.findIndex((m) => m.name === NEW),
);
/** Migrations after this one: run with it, and undone before it. */
const LATER = WEBMENTION_MIGRATIONS.slice(WEBMENTION_MIGRATIONS.findIndex((m) => m.name === NEW) + 1).map(
  (m) => new m().name,
);
const COLUMNS = ['photos', 'videos', 'audios', 'authorVerified', 'authorshipReason'];

describe.each(MIGRATION_DATABASES)('AddEntryMediaAndAuthorship migration on $name', (db) => {
  describeWith(db.services, 'over a row stored before it', () => {
    it('adds the media and authorship columns, empty for old rows, and removes them on down', async () => {
      const { options, schema, quoted, param, drop } = await db.open();
      /** The table's name for the query runner, and for raw SQL. */
      const table = schema ? `${schema}.webmentions` : 'webmentions';
      const sql = quoted('webmentions');
      try {
        const old = await new DataSource({ ...options, migrations: BEFORE }).initialize();
        await old.runMigrations();
        const runner = old.createQueryRunner();
        const before = await runner.getTable(table);
        expect(COLUMNS.map((c) => before?.findColumnByName(c))).toEqual(COLUMNS.map(() => undefined));
        await runner.release();
        await old.query(
          `INSERT INTO ${sql} ("sourceUrl", "targetUrl", "pairHash", "targetMatchHash", "statusToken") VALUES (${[1, 2, 3, 4, 5].map(param).join(', ')})`,
          ['https://old.example/r', 'https://blog.example/p', 'pair', 'target', 'token'],
        );
        await old.destroy();

        const upgraded = await new DataSource({
          ...options,
          entities: [...WEBMENTION_ENTITIES],
          migrations: [...WEBMENTION_MIGRATIONS],
        }).initialize();
        try {
          expect((await upgraded.runMigrations()).map((m) => m.name)).toEqual([NEW, ...LATER]);
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

          for (let i = 0; i <= LATER.length; i++) await upgraded.undoLastMigration();
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
