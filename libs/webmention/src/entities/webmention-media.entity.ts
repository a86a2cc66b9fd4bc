import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One remote media URL (author photo or content image) shown by a received mention, which the media proxy may serve
 * under `urlHash`. Rows are replaced on every successful verification and deleted with the mention.
 *
 * NOTE: no foreign key: cascades are not portable across the supported databases, so the store deletes these rows
 * itself, and the proxy's lookup joins the mention (a row left behind by other code serves nothing).
 */
@Entity({ name: 'webmention_media' })
@Index('UQ_webmention_media_mention_url', ['webmentionId', 'urlHash'], { unique: true })
export class WebmentionMedia {
  @PrimaryGeneratedColumn()
  id: number;

  /** The mention (`webmentions.id`) that shows this media. */
  @Index('IDX_webmention_media_webmention')
  @Column({ type: 'integer' })
  webmentionId: number;

  /** SHA-256 (hex) of the serialised URL: the key in the proxy's route. */
  @Index('IDX_webmention_media_url_hash')
  @Column({ type: 'varchar', length: 64 })
  urlHash: string;

  /** The remote URL, absolute http(s). */
  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @CreateDateColumn()
  createdAt: Date;
}
