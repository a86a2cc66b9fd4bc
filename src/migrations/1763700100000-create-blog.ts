import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { Post } from '../blog/post.entity';

const DEMO_POSTS = [
  {
    slug: 'hello-world',
    title: 'Hello, world',
    html: '<p>This blog receives <a href="https://www.w3.org/TR/webmention/">Webmentions</a>. Link to this post from your site and send one; it shows up below once verified.</p><p>See also <a href="https://indieweb.org/Webmention">the IndieWeb wiki</a>.</p>',
    publishedAt: new Date('2026-01-01T09:00:00Z'),
  },
  {
    slug: 'second-post',
    title: 'A second post',
    html: '<p>Replies, likes and reposts from other sites are read from their <a href="https://microformats.org/wiki/h-entry">h-entry</a> markup.</p>',
    publishedAt: new Date('2026-01-02T09:00:00Z'),
  },
];

/** Creates the example blog's tables and its two demo posts. */
export class CreateBlog1763700100000 implements MigrationInterface {
  name = 'CreateBlog1763700100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const date = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const id = {
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment' as const,
    };
    await queryRunner.createTable(
      new Table({
        name: 'posts',
        columns: [
          id,
          { name: 'slug', type: 'varchar', length: '200', isUnique: true },
          { name: 'title', type: 'varchar', length: '500' },
          { name: 'html', type: 'text' },
          { name: 'publishedAt', type: date },
          { name: 'deletedAt', type: date, isNullable: true },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'comments',
        columns: [
          id,
          { name: 'postId', type: 'integer' },
          { name: 'webmentionId', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'authorName', type: 'varchar', length: '512', isNullable: true },
          { name: 'authorUrl', type: 'varchar', length: '2048', isNullable: true },
          { name: 'authorPhoto', type: 'varchar', length: '2048', isNullable: true },
          { name: 'html', type: 'text', isNullable: true },
          { name: 'url', type: 'varchar', length: '2048' },
          { name: 'publishedAt', type: date, isNullable: true },
        ],
        indices: [
          new TableIndex({ columnNames: ['postId'] }),
          new TableIndex({ columnNames: ['webmentionId'], isUnique: true }),
        ],
      }),
      true,
    );
    for (const post of DEMO_POSTS) {
      await queryRunner.manager.insert(Post, post);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('comments', true);
    await queryRunner.dropTable('posts', true);
  }
}
