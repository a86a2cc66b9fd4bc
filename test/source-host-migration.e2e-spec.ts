/**
 * The `AddSourceHost` migration on a database that already holds mentions: the column is added and filled for the
 * rows that existed before it, with the host the store computes for new rows. SQLite, and PostgreSQL in its own schema.
 */
import { DataSource } from 'typeorm';
import { CreateWebmentions1763700000000 } from 'nestjs-webmention/migrations/1763700000000-create-webmentions';
import { CreateOutgoingWebmentions1763700200000 } from 'nestjs-webmention/migrations/1763700200000-create-outgoing-webmentions';
import { AddSourceHost1763700300000 } from 'nestjs-webmention/migrations/1763700300000-add-source-host';
import { MIGRATION_DATABASES } from './support/migration-databases';
import { describeWith } from './support/services';

const BEFORE = [CreateWebmentions1763700000000, CreateOutgoingWebmentions1763700200000];

/** Rows as they were stored before the column existed, and the host each must get. */
const OLD_ROWS: Array<[sourceUrl: string, host: string | null]> = [
  ['https://Alice.Example./posts/1', 'alice.example'],
  ['http://bücher.example:8080/x', 'xn--bcher-kva.example'],
  ['http://[2001:DB8::1]/reply', '[2001:db8::1]'],
  ['not a url at all', null],
];

describe.each(MIGRATION_DATABASES)('AddSourceHost migration on $name', (db) => {
  describeWith(db.services, 'over rows stored before it', () => {
    it('adds sourceHost and fills it for every existing row', async () => {
      const { options, quoted, param, drop } = await db.open();
      const table = quoted('webmentions');
      try {
        const old = await new DataSource({ ...options, migrations: BEFORE }).initialize();
        expect((await old.runMigrations()).map((m) => m.name)).toEqual(BEFORE.map((m) => m.name));
        for (const [i, [sourceUrl]] of OLD_ROWS.entries()) {
          await old.query(
            `INSERT INTO ${table} ("sourceUrl", "targetUrl", "pairHash", "targetMatchHash", "statusToken") VALUES (${[1, 2, 3, 4, 5].map(param).join(', ')})`,
            [sourceUrl, 'https://blog.example/p', `pair-${i}`, 'target', `token-${i}`],
          );
        }
        const runner = old.createQueryRunner();
        const before = await runner.getTable(table.replace(/"/g, ''));
        await runner.release();
        expect(before?.findColumnByName('sourceUrl')).toBeDefined();
        expect(before?.findColumnByName('sourceHost')).toBeUndefined();
        await old.destroy();

        const upgraded = await new DataSource({
          ...options,
          migrations: [...BEFORE, AddSourceHost1763700300000],
        }).initialize();
        try {
          expect((await upgraded.runMigrations()).map((m) => m.name)).toEqual(['AddSourceHost1763700300000']);
          const rows: { sourceUrl: string; sourceHost: string | null }[] = await upgraded.query(
            `SELECT "sourceUrl", "sourceHost" FROM ${table} ORDER BY "id"`,
          );
          expect(rows.map((r) => [r.sourceUrl, r.sourceHost])).toEqual(OLD_ROWS);
        } finally {
          await upgraded.destroy();
        }
      } finally {
        await drop();
      }
    });
  });
});
