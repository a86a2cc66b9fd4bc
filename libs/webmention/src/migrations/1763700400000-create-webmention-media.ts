import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { mentionMediaUrls } from '../mf2/mention-media';
import { mediaKeyOf } from '../url/media-key';
import { dateColumnType, idColumn, nowDefault } from './1763700000000-create-webmentions';

/** Mentions read per query while filling the table. */
const BATCH = 500;

/**
 * Creates `webmention_media` (the remote media each mention shows, for the media proxy) and fills it from the
 * mentions stored so far, so turning the proxy on later serves their photos and images too.
 */
export class CreateWebmentionMedia1763700400000 implements MigrationInterface {
  name = 'CreateWebmentionMedia1763700400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'webmention_media',
        columns: [
          idColumn(),
          { name: 'webmentionId', type: 'integer' },
          { name: 'urlHash', type: 'varchar', length: '64' },
          { name: 'url', type: 'varchar', length: '2048' },
          { name: 'createdAt', type: dateColumnType(queryRunner), default: nowDefault(queryRunner) },
        ],
        indices: [
          new TableIndex({
            name: 'UQ_webmention_media_mention_url',
            columnNames: ['webmentionId', 'urlHash'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_webmention_media_webmention', columnNames: ['webmentionId'] }),
          new TableIndex({ name: 'IDX_webmention_media_url_hash', columnNames: ['urlHash'] }),
        ],
      }),
      true,
    );
    await this.fill(queryRunner);
  }

  /** Records the media of every stored mention, with the same function verification uses. */
  private async fill(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema?: string }).schema;
    const table = (name: string) => (schema ? `"${schema}"."${name}"` : `"${name}"`);
    const param = queryRunner.connection.options.type === 'postgres' ? (n: number) => `$${n}` : () => '?';
    for (let after = 0; ;) {
      const rows: { id: number; authorPhoto: string | null; contentHtml: string | null }[] = await queryRunner.query(
        `SELECT "id", "authorPhoto", "contentHtml" FROM ${table('webmentions')} ` +
          `WHERE "id" > ${param(1)} AND ("authorPhoto" IS NOT NULL OR "contentHtml" IS NOT NULL) ORDER BY "id" LIMIT ${BATCH}`,
        [after],
      );
      for (const row of rows) {
        for (const url of mentionMediaUrls(row)) {
          await queryRunner.query(
            `INSERT INTO ${table('webmention_media')} ("webmentionId", "urlHash", "url") VALUES (${param(1)}, ${param(2)}, ${param(3)})`,
            [row.id, mediaKeyOf(url), url],
          );
        }
      }
      if (rows.length < BATCH) return;
      after = Number(rows[rows.length - 1].id);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webmention_media', true);
  }
}
