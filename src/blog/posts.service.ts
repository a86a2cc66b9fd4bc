import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { APP_CONFIG } from '../app.constants';
import type { AppConfig } from '../config';
import { Post } from './post.entity';

/** Reads the blog's posts. */
@Injectable()
export class PostsService {
  constructor(
    @InjectRepository(Post) private readonly posts: Repository<Post>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Published (not deleted) posts, newest first. */
  listPublished(): Promise<Post[]> {
    return this.posts.find({ where: { deletedAt: IsNull() }, order: { publishedAt: 'DESC' } });
  }

  /** The post with this slug, deleted or not. */
  findBySlug(slug: string): Promise<Post | null> {
    return this.posts.findOneBy({ slug });
  }

  /** The absolute URL of a post. */
  urlOf(post: Pick<Post, 'slug'>): string {
    return `${this.config.baseUrl}/posts/${encodeURIComponent(post.slug)}`;
  }

  /** The slug of one of our post URLs (`{BASE_URL}/posts/:slug`, optional trailing slash), or null. */
  slugOf(url: string): string | null {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    const base = new URL(this.config.baseUrl);
    const sameSite = parsed.protocol === base.protocol && parsed.host === base.host;
    const match = /^\/posts\/([^/]+)\/?$/.exec(parsed.pathname);
    if (!sameSite || !match) return null;
    try {
      return decodeURIComponent(match[1]);
    } catch {
      return null; // NOTE: a malformed escape (`%E0%A4%A`) names no post; decoding it throws.
    }
  }
}
