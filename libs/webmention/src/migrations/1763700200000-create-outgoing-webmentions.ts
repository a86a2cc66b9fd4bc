import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';
import { dateColumnType, idColumn, nowDefault } from './1763700000000-create-webmentions';

/** Creates the `outgoing_webmentions` table of sent mentions. */
export class CreateOutgoingWebmentions1763700200000 implements MigrationInterface {
  name = 'CreateOutgoingWebmentions1763700200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const date = dateColumnType(queryRunner);
    const varchar = (name: string, length: number, isNullable = true): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable,
    });
    await queryRunner.createTable(
      new Table({
        name: 'outgoing_webmentions',
        columns: [
          idColumn(),
          varchar('sourceUrl', 2048, false),
          varchar('targetUrl', 2048, false),
          varchar('pairHash', 64, false),
          varchar('sourceHash', 64, false),
          { name: 'status', type: 'varchar', length: '16', default: "'pending'" },
          varchar('endpoint', 2048),
          { name: 'httpStatus', type: 'integer', isNullable: true },
          varchar('location', 2048),
          varchar('lastError', 512),
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'stillLinked', type: 'boolean', default: true },
          { name: 'lastAttemptAt', type: date, isNullable: true },
          { name: 'sentAt', type: date, isNullable: true },
          { name: 'createdAt', type: date, default: nowDefault(queryRunner) },
          { name: 'updatedAt', type: date, default: nowDefault(queryRunner) },
        ],
        indices: [
          new TableIndex({ name: 'UQ_outgoing_pair_hash', columnNames: ['pairHash'], isUnique: true }),
          new TableIndex({ name: 'IDX_outgoing_source_hash', columnNames: ['sourceHash'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('outgoing_webmentions', true);
  }
}
