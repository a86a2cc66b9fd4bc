import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Where a mention stands in verification. */
export type WebmentionStatus = 'pending' | 'verified' | 'failed' | 'spam';
/** Moderation decision on a mention. */
export type ModerationStatus = 'approved' | 'pending' | 'rejected';
/** What the source does with the target, by IndieWeb post type discovery. */
export type MentionType = 'mention' | 'reply' | 'like' | 'repost' | 'bookmark' | 'rsvp';
/** Why a mention failed verification. */
export type FailureReason =
  | 'gone'
  | 'link_removed'
  | 'http_status'
  | 'unsupported_content'
  | 'too_complex'
  | 'fetch_error'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'unsupported_redirect'
  | 'blocked_address'
  | 'invalid_url';

/** A photo of the mentioning entry. */
export interface WebmentionPhoto {
  url: string;
  alt: string | null;
}

/** The status values, for validation and queries. */
export const WEBMENTION_STATUSES: readonly WebmentionStatus[] = ['pending', 'verified', 'failed', 'spam'];
/** The moderation values, for validation and queries. */
export const MODERATION_STATUSES: readonly ModerationStatus[] = ['approved', 'pending', 'rejected'];
/** The mention types, for validation and queries. */
export const MENTION_TYPES: readonly MentionType[] = ['mention', 'reply', 'like', 'repost', 'bookmark', 'rsvp'];

// NOTE: bigint comes back from PostgreSQL as a string; the column holds epoch milliseconds, well inside 2^53.
const epochMs = { to: (v?: number | null) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) };

/**
 * One received Webmention: a (source, target) pair and what verification found. One row per pair, whatever its spelling:
 * `pairHash` is unique.
 *
 * NOTE: the same definition serves PostgreSQL and SQLite, so it uses portable column types only (varchar for the
 * enumerations, `simple-json`, `Date`). On PostgreSQL the migration makes the date columns `timestamptz`, so dates
 * are read back unshifted whatever the process time zone.
 */
@Entity({ name: 'webmentions' })
export class Webmention {
  @PrimaryGeneratedColumn()
  id: number;

  /** The source URL as submitted. */
  @Column({ type: 'varchar', length: 2048 })
  sourceUrl: string;

  /** The target URL as submitted. */
  @Column({ type: 'varchar', length: 2048 })
  targetUrl: string;

  /** SHA-256 of the canonical pair (scheme and host case, IDNA, default port, no fragment): one row per pair. */
  @Index('UQ_webmentions_pair_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  pairHash: string;

  /** SHA-256 of the target under the matching policy (`www.`, trailing slash, query order ignored), for lists by target. */
  @Index('IDX_webmentions_target_match')
  @Column({ type: 'varchar', length: 64 })
  targetMatchHash: string;

  /** The source's host name, normalised (lowercase, IDNA), for filtering by host. */
  @Index('IDX_webmentions_source_host')
  @Column({ type: 'varchar', length: 255, nullable: true })
  sourceHost: string | null;

  @Index('IDX_webmentions_status')
  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: WebmentionStatus;

  /** Why the last verification failed, or `null`. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  failureReason: FailureReason | null;

  /** Human-readable detail of the last failure. */
  @Column({ type: 'varchar', length: 512, nullable: true })
  failureDetail: string | null;

  @Column({ type: 'varchar', length: 16, default: 'approved' })
  moderation: ModerationStatus;

  @Column({ type: 'varchar', length: 16, default: 'mention' })
  mentionType: MentionType;

  /** RSVP value (`yes`, `no`, `maybe`, `interested`) when `mentionType` is `rsvp`. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  rsvp: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  authorName: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  authorUrl: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  authorPhoto: string | null;

  /** Title of the source entry or page. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  title: string | null;

  /** Plain-text content. */
  @Column({ type: 'text', nullable: true })
  content: string | null;

  /** Sanitised HTML content, safe to render. */
  @Column({ type: 'text', nullable: true })
  contentHtml: string | null;

  /** The entry's own URL (`u-url`); may differ from the source (e.g. proxies). */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  url: string | null;

  @Column({ type: Date, nullable: true })
  published: Date | null;

  @Column({ type: Date, nullable: true })
  updated: Date | null;

  /** The entry's photos (`u-photo`): absolute http(s) URLs with their alternative text. */
  @Column({ type: 'simple-json', nullable: true })
  photos: WebmentionPhoto[] | null;

  /** The entry's videos (`u-video`): absolute http(s) URLs. */
  @Column({ type: 'simple-json', nullable: true })
  videos: string[] | null;

  /** The entry's audio (`u-audio`): absolute http(s) URLs. */
  @Column({ type: 'simple-json', nullable: true })
  audios: string[] | null;

  /**
   * Whether the author's own page confirms the claimed author (IndieWeb authorship): true, false (the mention is
   * flagged, and held by `authorship.holdUnverified`), or null when it was not checked.
   */
  @Column({ type: 'boolean', nullable: true })
  authorVerified: boolean | null;

  /** Why the claimed author is not believed, or null. */
  @Column({ type: 'varchar', length: 512, nullable: true })
  authorshipReason: string | null;

  /** Bounded snapshot of the chosen microformats2 entry, for templates. */
  @Column({ type: 'simple-json', nullable: true })
  entry: Record<string, unknown> | null;

  /** When the source was last seen linking to the target; `null` unless currently verified. */
  @Column({ type: Date, nullable: true })
  verifiedAt: Date | null;

  /** When the pair first verified; kept through later failures. */
  @Column({ type: Date, nullable: true })
  firstVerifiedAt: Date | null;

  @Column({ type: 'simple-json', nullable: true })
  spamCheckResult: Record<string, unknown> | null;

  /** Opaque, unguessable token of the public status URL. */
  @Index('UQ_webmentions_status_token', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  statusToken: string;

  /** Start time (epoch ms) of the fetch whose result is stored; older fetches never overwrite newer ones. */
  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  fetchStartedAt: number | null;

  /** Verification attempts made since the pair was last submitted. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** Why the last attempt failed transiently (it is tried again), or `null`. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  retryReason: FailureReason | null;

  /** When the next attempt is due, while a retry is waiting; else `null`. */
  @Column({ type: Date, nullable: true })
  nextAttemptAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
