import { DataSource, DataSourceOptions } from 'typeorm';
import { WEBMENTION_ENTITIES, WEBMENTION_MIGRATIONS } from 'nestjs-webmention';
import { mediaKeyOf } from 'nestjs-webmention/testing';
import { MIGRATION_DATABASES } from './support/migration-databases';
import { describeWith } from './support/services';

jest.setTimeout(30_000);

/** Position of the migration under test: the ones before it make the schema it starts from. */
const MEDIA_MIGRATION = WEBMENTION_MIGRATIONS.findIndex((m) => m.name === 'CreateWebmentionMedia1763700400000');
const PHOTO = 'https://alice.example/me.jpg';
const IMAGE = 'https://img.example/a.png';

describe.each(MIGRATION_DATABASES)('the webmention_media migration on $name', (database) => {
  describeWith(database.services, 'filling the table from stored mentions', () => {
    it('is one of the library migrations', () => {
      expect(MEDIA_MIGRATION).toBeGreaterThan(0);
    });

    it('records the photo and content images of mentions stored before it, and nothing for the others', async () => {
      const db = await database.open();
      const connect = (count: number) =>
        new DataSource({
          ...db.options,
          entities: [...WEBMENTION_ENTITIES],
          migrations: WEBMENTION_MIGRATIONS.slice(0, count),
        } as DataSourceOptions).initialize();
      try {
        const before = await connect(MEDIA_MIGRATION);
        await before.runMigrations();
        const insert = (n: number, photo: string | null, html: string | null) =>
          before.query(
            `INSERT INTO ${db.quoted('webmentions')} ("sourceUrl", "targetUrl", "pairHash", "targetMatchHash", "statusToken", ` +
              `"authorPhoto", "contentHtml") VALUES (${[1, 2, 3, 4, 5, 6, 7].map(db.param).join(', ')})`,
            [`https://a.example/${n}`, 'https://blog.example/p', `pair${n}`, 'match', `token${n}`, photo, html],
          );
        await insert(1, PHOTO, `<p>See <img src="${IMAGE}"> and <img src="${PHOTO}"></p>`);
        await insert(2, null, '<p>no images</p>');
        await insert(3, 'javascript:alert(1)', null);
        await before.destroy();

        const after = await connect(MEDIA_MIGRATION + 1);
        await after.runMigrations();
        const rows: { webmentionId: number; urlHash: string; url: string }[] = await after.query(
          `SELECT m."webmentionId", m."urlHash", m."url" FROM ${db.quoted('webmention_media')} m ORDER BY m."id"`,
        );
        const [first] = await after.query(`SELECT "id" FROM ${db.quoted('webmentions')} WHERE "pairHash" = 'pair1'`);
        await after.destroy();
        expect(rows.map((r) => ({ ...r, webmentionId: Number(r.webmentionId) }))).toEqual([
          { webmentionId: Number(first.id), urlHash: mediaKeyOf(PHOTO), url: PHOTO },
          { webmentionId: Number(first.id), urlHash: mediaKeyOf(IMAGE), url: IMAGE },
        ]);
      } finally {
        await db.drop();
      }
    });
  });
});
