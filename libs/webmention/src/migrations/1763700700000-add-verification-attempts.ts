import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Adds where a pending mention stands in its retries to `webmentions`: `attempts` (verification attempts made),
 * `retryReason` (why the last one failed transiently) and `nextAttemptAt` (when the next is due).
 */
export class AddVerificationAttempts1763700700000 implements MigrationInterface {
  name = 'AddVerificationAttempts1763700700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const date = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.addColumns('webmentions', [
      new TableColumn({ name: 'attempts', type: 'integer', default: 0 }),
      new TableColumn({ name: 'retryReason', type: 'varchar', length: '32', isNullable: true }),
      new TableColumn({ name: 'nextAttemptAt', type: date, isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of ['nextAttemptAt', 'retryReason', 'attempts']) await queryRunner.dropColumn('webmentions', name);
  }
}
