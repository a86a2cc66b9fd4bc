import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A blog post of the example app. */
@Entity({ name: 'posts' })
export class Post {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200, unique: true })
  slug: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'text' })
  html: string;

  @Column({ type: Date })
  publishedAt: Date;

  /** Set when the post is deleted: it then answers 410 Gone. */
  @Column({ type: Date, nullable: true })
  deletedAt: Date | null;
}
