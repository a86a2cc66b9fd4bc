import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Adds the entry's media (`photos`, `videos`, `audios`, JSON text) and the authorship verdict (`authorVerified`,
 * `authorshipReason`) to `webmentions`. Mentions stored before keep null in all of them until verified again.
 */
export class AddEntryMediaAndAuthorship1763700500000 implements MigrationInterface {
  name = 'AddEntryMediaAndAuthorship1763700500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // NOTE: `simple-json` columns are text on every driver; `boolean` is native on PostgreSQL, an integer on SQLite.
    await queryRunner.addColumns('webmentions', [
      new TableColumn({ name: 'photos', type: 'text', isNullable: true }),
      new TableColumn({ name: 'videos', type: 'text', isNullable: true }),
      new TableColumn({ name: 'audios', type: 'text', isNullable: true }),
      new TableColumn({ name: 'authorVerified', type: 'boolean', isNullable: true }),
      new TableColumn({ name: 'authorshipReason', type: 'varchar', length: '512', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of ['authorshipReason', 'authorVerified', 'audios', 'videos', 'photos']) {
      await queryRunner.dropColumn('webmentions', name);
    }
  }
}
