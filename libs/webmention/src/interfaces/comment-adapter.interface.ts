import type { Webmention } from '../entities/webmention.entity';

/**
 * Turns mentions into the host application's own comments. Called when a mention becomes verified and approved,
 * and again when it stops being so (removed at the source, spam, rejected).
 */
export interface CommentAdapter<T = unknown> {
  /** Creates or updates the comment for `webmention` on `contentObject` (from the {@link UrlResolver}). */
  upsertComment(webmention: Webmention, contentObject: T): void | Promise<void>;
  /** Removes the comment of `webmention`, if there is one. */
  removeComment(webmention: Webmention): void | Promise<void>;
}

/** Injection token of the active {@link CommentAdapter} (`null` when none is configured). */
export const CommentAdapter = Symbol('WEBMENTION:CommentAdapter');
