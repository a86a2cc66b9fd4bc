import { Injectable } from '@nestjs/common';
import type { UrlResolver } from 'nestjs-webmention';
import { Post } from './post.entity';
import { PostsService } from './posts.service';

/** Accepts Webmentions for `/posts/:slug` of existing, not deleted posts only. */
@Injectable()
export class PostUrlResolver implements UrlResolver<Post> {
  constructor(private readonly posts: PostsService) {}

  async resolve(targetUrl: string): Promise<Post | null> {
    const slug = this.posts.slugOf(targetUrl);
    if (!slug) return null;
    const post = await this.posts.findBySlug(slug);
    return post && !post.deletedAt ? post : null;
  }

  getAbsoluteUrl(post: Post): string {
    return this.posts.urlOf(post);
  }
}
