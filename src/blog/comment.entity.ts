import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A comment shown under a post, mirrored from a verified, approved Webmention by {@link BlogCommentAdapter}. */
@Entity({ name: 'comments' })
export class Comment {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'integer' })
  postId: number;

  @Index({ unique: true })
  @Column({ type: 'integer' })
  webmentionId: number;

  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'varchar', length: 512, nullable: true })
  authorName: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  authorUrl: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  authorPhoto: string | null;

  /** Sanitised HTML from the library. */
  @Column({ type: 'text', nullable: true })
  html: string | null;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: Date, nullable: true })
  publishedAt: Date | null;
}
