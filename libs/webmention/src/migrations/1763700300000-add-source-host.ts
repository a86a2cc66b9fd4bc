import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { hostOf } from '../url/host';

/** Adds `webmentions.sourceHost` (the source's normalised host name) for filtering by host, and fills it. */
export class AddSourceHost1763700300000 implements MigrationInterface {
  name = 'AddSourceHost1763700300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'webmentions',
      new TableColumn({ name: 'sourceHost', type: 'varchar', length: '255', isNullable: true }),
    );
    await queryRunner.createIndex(
      'webmentions',
      new TableIndex({ name: 'IDX_webmentions_source_host', columnNames: ['sourceHost'] }),
    );
    // NOTE: the host is read with the same function the store uses on insert, so old and new rows agree.
    const schema = (queryRunner.connection.options as { schema?: string }).schema;
    const table = schema ? `"${schema}"."webmentions"` : '"webmentions"';
    const rows: { id: number; sourceUrl: string }[] = await queryRunner.query(`SELECT "id", "sourceUrl" FROM ${table}`);
    const param = queryRunner.connection.options.type === 'postgres' ? (n: number) => `$${n}` : () => '?';
    for (const row of rows) {
      await queryRunner.query(`UPDATE ${table} SET "sourceHost" = ${param(1)} WHERE "id" = ${param(2)}`, [
        hostOf(row.sourceUrl),
        row.id,
      ]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('webmentions', 'IDX_webmentions_source_host');
    await queryRunner.dropColumn('webmentions', 'sourceHost');
  }
}
