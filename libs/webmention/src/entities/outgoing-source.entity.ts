import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * The last content this site sent Webmentions for, per source page: lets a folder scan or watcher skip files that did
 * not change and find pages deleted since. Part of the sending history, beside `outgoing_webmentions`.
 */
@Entity({ name: 'outgoing_sources' })
export class OutgoingSource {
  @PrimaryGeneratedColumn()
  id: number;

  /** Our page. */
  @Column({ type: 'varchar', length: 2048 })
  sourceUrl: string;

  /** SHA-256 of the canonical source: one row per page. */
  @Index('UQ_outgoing_sources_source_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  sourceHash: string;

  /** SHA-256 of the content last sent for; null once the page was sent for as deleted. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  contentHash: string | null;

  @UpdateDateColumn()
  updatedAt: Date;
}
