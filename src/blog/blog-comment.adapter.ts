import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CommentAdapter, Webmention } from 'nestjs-webmention';
import { Repository } from 'typeorm';
import { Comment } from './comment.entity';
import { Post } from './post.entity';

/** Keeps one {@link Comment} per verified, approved Webmention of a post. */
@Injectable()
export class BlogCommentAdapter implements CommentAdapter<Post> {
  constructor(@InjectRepository(Comment) private readonly comments: Repository<Comment>) {}

  async upsertComment(webmention: Webmention, post: Post): Promise<void> {
    const fields = {
      postId: post.id,
      webmentionId: webmention.id,
      kind: webmention.mentionType,
      authorName: webmention.authorName,
      authorUrl: webmention.authorUrl,
      authorPhoto: webmention.authorPhoto,
      html: webmention.contentHtml,
      url: webmention.url ?? webmention.sourceUrl,
      publishedAt: webmention.published,
    };
    const existing = await this.comments.findOneBy({ webmentionId: webmention.id });
    if (existing) await this.comments.update({ id: existing.id }, fields);
    else await this.comments.insert(fields);
  }

  async removeComment(webmention: Webmention): Promise<void> {
    await this.comments.delete({ webmentionId: webmention.id });
  }
}
