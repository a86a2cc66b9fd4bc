import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Where a sent (or to-be-sent) Webmention stands. */
export type OutgoingStatus = 'pending' | 'sent' | 'failed' | 'no_endpoint' | 'skipped';

/** The outgoing status values. */
export const OUTGOING_STATUSES: readonly OutgoingStatus[] = ['pending', 'sent', 'failed', 'no_endpoint', 'skipped'];

/**
 * One Webmention this site sends: a (source, target) pair with what happened the last time. Kept after a target is
 * no longer linked, so updates and deletes can notify every target ever sent to.
 */
@Entity({ name: 'outgoing_webmentions' })
export class OutgoingWebmention {
  @PrimaryGeneratedColumn()
  id: number;

  /** Our page that mentions the target. */
  @Column({ type: 'varchar', length: 2048 })
  sourceUrl: string;

  /** The page we mention. */
  @Column({ type: 'varchar', length: 2048 })
  targetUrl: string;

  /** SHA-256 of the canonical pair: one row per pair. */
  @Index('UQ_outgoing_pair_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  pairHash: string;

  /** SHA-256 of the canonical source: finds every target of a source. */
  @Index('IDX_outgoing_source_hash')
  @Column({ type: 'varchar', length: 64 })
  sourceHash: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: OutgoingStatus;

  /** The endpoint discovered at the last attempt. */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  endpoint: string | null;

  /** HTTP status the endpoint answered at the last attempt. */
  @Column({ type: 'integer', nullable: true })
  httpStatus: number | null;

  /** `Location` of a 201/202 answer (the receiver's status URL). */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  location: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  lastError: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** Whether the source still links to the target (false after an update removed the link, or a delete). */
  @Column({ type: 'boolean', default: true })
  stillLinked: boolean;

  @Column({ type: Date, nullable: true })
  lastAttemptAt: Date | null;

  @Column({ type: Date, nullable: true })
  sentAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
