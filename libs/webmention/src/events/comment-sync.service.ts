import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Webmention } from '../entities/webmention.entity';
import { CommentAdapter } from '../interfaces/comment-adapter.interface';
import { UrlResolver } from '../interfaces/url-resolver.interface';

/** A mention shows (and has a comment) when it is verified and approved. */
export function isShown(w: Pick<Webmention, 'status' | 'moderation'>): boolean {
  return w.status === 'verified' && w.moderation === 'approved';
}

/**
 * Keeps the host's comments (the {@link CommentAdapter}, when one is configured) in step with whether each mention is
 * shown. Adapter and resolver errors are logged, never thrown: the database is the record, comments follow it.
 */
@Injectable()
export class CommentSync {
  private readonly logger = new Logger('WebmentionComments');

  constructor(
    @Inject(UrlResolver) private readonly urlResolver: UrlResolver,
    @Optional() @Inject(CommentAdapter) private readonly commentAdapter: CommentAdapter | null = null,
  ) {}

  /** Upserts the comment when `after` is shown; removes it when `before` was shown and `after` is not. */
  async syncComment(before: Webmention, after: Webmention): Promise<void> {
    if (!this.commentAdapter) return;
    try {
      if (isShown(after)) {
        const contentObject = await this.urlResolver.resolve(after.targetUrl);
        if (contentObject !== null && contentObject !== undefined)
          await this.commentAdapter.upsertComment(after, contentObject);
      } else if (isShown(before)) {
        await this.commentAdapter.removeComment(after);
      }
    } catch (error) {
      this.logger.error(`CommentAdapter failed for webmention ${after.id}: ${(error as Error).message}`);
    }
  }

  /** Removes the comment of a mention about to be deleted, when it had one (it was shown). */
  async removeComment(webmention: Webmention): Promise<void> {
    if (!this.commentAdapter || !isShown(webmention)) return;
    try {
      await this.commentAdapter.removeComment(webmention);
    } catch (error) {
      this.logger.error(`CommentAdapter failed for webmention ${webmention.id}: ${(error as Error).message}`);
    }
  }
}
