import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { WebmentionSender } from 'nestjs-webmention';
import { Repository } from 'typeorm';
import { Post } from './post.entity';
import { PostsService } from './posts.service';

/** Fields of a new post. */
export interface PostInput {
  slug?: unknown;
  title?: unknown;
  html?: unknown;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;
const MAX_HTML = 200_000;

function text(name: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new BadRequestException(`${name} is required and must be text`);
  if (value.length > max) throw new BadRequestException(`${name} must be at most ${max} characters`);
  return value;
}

/**
 * Creates, edits and deletes posts, and sends Webmentions for each change through the queue: to every link of a
 * new or edited post and to links an edit removed; after a delete, to every target notified before.
 */
@Injectable()
export class PostAdminService {
  private readonly logger = new Logger('PostAdmin');

  constructor(
    @InjectRepository(Post) private readonly repo: Repository<Post>,
    private readonly posts: PostsService,
    private readonly sender: WebmentionSender,
  ) {}

  async create(input: PostInput): Promise<Post> {
    const slug = text('slug', input.slug, 100);
    if (!SLUG.test(slug)) throw new BadRequestException('slug must be lowercase letters, digits and dashes');
    const title = text('title', input.title, 500);
    const html = text('html', input.html, MAX_HTML);
    if (await this.posts.findBySlug(slug)) throw new ConflictException(`a post "${slug}" exists already`);
    const post = await this.repo.save(
      this.repo.create({ slug, title, html, publishedAt: new Date(), deletedAt: null }),
    );
    await this.notify(post);
    return post;
  }

  async update(slug: string, input: PostInput): Promise<Post> {
    const post = await this.posts.findBySlug(slug);
    if (!post || post.deletedAt) throw new NotFoundException(`no post "${slug}"`);
    if (input.title !== undefined) post.title = text('title', input.title, 500);
    if (input.html !== undefined) post.html = text('html', input.html, MAX_HTML);
    await this.repo.save(post);
    await this.notify(post);
    return post;
  }

  async remove(slug: string): Promise<void> {
    const post = await this.posts.findBySlug(slug);
    if (!post || post.deletedAt) throw new NotFoundException(`no post "${slug}"`);
    post.deletedAt = new Date();
    await this.repo.save(post);
    await this.notify(post, true);
  }

  private async notify(post: Post, deleted = false): Promise<void> {
    const url = this.posts.urlOf(post);
    const result = await this.sender.queueSend(url, deleted ? { deleted: true } : { html: post.html });
    if (result === 'unavailable')
      this.logger.warn(`Could not queue Webmentions for ${url} now; run: npm run cli -- send ${url}`);
  }
}
