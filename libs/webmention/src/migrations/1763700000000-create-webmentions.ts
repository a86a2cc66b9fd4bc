import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

/** Date column type of the connected database: `timestamptz` on PostgreSQL (absolute instants), else `datetime`. */
export function dateColumnType(queryRunner: QueryRunner): string {
  return queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
}

/** Default expression for "now" on the connected database. */
export function nowDefault(queryRunner: QueryRunner): string {
  return queryRunner.connection.options.type === 'postgres' ? 'now()' : "datetime('now')";
}

/** Auto-increment integer primary key, portable across PostgreSQL and SQLite. */
export function idColumn(): TableColumnOptions {
  return { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
}

/** Creates the `webmentions` table of received mentions. */
export class CreateWebmentions1763700000000 implements MigrationInterface {
  name = 'CreateWebmentions1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const date = dateColumnType(queryRunner);
    const url = (name: string, isNullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: '2048',
      isNullable,
    });
    const short = (name: string, length: number, isNullable = true, def?: string): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable,
      default: def === undefined ? undefined : `'${def}'`,
    });
    await queryRunner.createTable(
      new Table({
        name: 'webmentions',
        columns: [
          idColumn(),
          url('sourceUrl'),
          url('targetUrl'),
          short('pairHash', 64, false),
          short('targetMatchHash', 64, false),
          short('status', 16, false, 'pending'),
          short('failureReason', 32),
          short('failureDetail', 512),
          short('moderation', 16, false, 'approved'),
          short('mentionType', 16, false, 'mention'),
          short('rsvp', 16),
          short('authorName', 512),
          url('authorUrl', true),
          url('authorPhoto', true),
          short('title', 1024),
          { name: 'content', type: 'text', isNullable: true },
          { name: 'contentHtml', type: 'text', isNullable: true },
          url('url', true),
          { name: 'published', type: date, isNullable: true },
          { name: 'updated', type: date, isNullable: true },
          { name: 'entry', type: 'text', isNullable: true },
          { name: 'verifiedAt', type: date, isNullable: true },
          { name: 'firstVerifiedAt', type: date, isNullable: true },
          { name: 'spamCheckResult', type: 'text', isNullable: true },
          short('statusToken', 64, false),
          { name: 'fetchStartedAt', type: 'bigint', isNullable: true },
          { name: 'createdAt', type: date, default: nowDefault(queryRunner) },
          { name: 'updatedAt', type: date, default: nowDefault(queryRunner) },
        ],
        indices: [
          new TableIndex({ name: 'UQ_webmentions_pair_hash', columnNames: ['pairHash'], isUnique: true }),
          new TableIndex({ name: 'UQ_webmentions_status_token', columnNames: ['statusToken'], isUnique: true }),
          new TableIndex({ name: 'IDX_webmentions_target_match', columnNames: ['targetMatchHash'] }),
          new TableIndex({ name: 'IDX_webmentions_status', columnNames: ['status'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webmentions', true);
  }
}
