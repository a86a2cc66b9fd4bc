import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { dateColumnType, idColumn, nowDefault } from './1763700000000-create-webmentions';

/** Creates `outgoing_sources`: the content last sent for, per source page (folder scans and watchers). */
export class CreateOutgoingSources1763700600000 implements MigrationInterface {
  name = 'CreateOutgoingSources1763700600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outgoing_sources',
        columns: [
          idColumn(),
          { name: 'sourceUrl', type: 'varchar', length: '2048' },
          { name: 'sourceHash', type: 'varchar', length: '64' },
          { name: 'contentHash', type: 'varchar', length: '64', isNullable: true },
          { name: 'updatedAt', type: dateColumnType(queryRunner), default: nowDefault(queryRunner) },
        ],
        indices: [
          new TableIndex({ name: 'UQ_outgoing_sources_source_hash', columnNames: ['sourceHash'], isUnique: true }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('outgoing_sources', true);
  }
}
