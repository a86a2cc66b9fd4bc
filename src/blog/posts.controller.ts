import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG } from '../app.constants';
import type { AppConfig } from '../config';
import { Comment } from './comment.entity';
import { PostsService } from './posts.service';
import { homePage, postPage, tombstonePage } from './templates';

/** The blog's pages. Every page advertises the Webmention endpoint in a `Link` header and a `<link>` element. */
@Controller()
export class PostsController {
  constructor(
    private readonly posts: PostsService,
    @InjectRepository(Comment) private readonly comments: Repository<Comment>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  private get endpoint(): string {
    return `${this.config.baseUrl}/webmention`;
  }

  private send(res: unknown, status: number, html: string): void {
    const adapter = this.adapterHost.httpAdapter;
    adapter.setHeader(res, 'Link', `<${this.endpoint}>; rel="webmention"`);
    adapter.setHeader(res, 'Content-Type', 'text/html; charset=utf-8');
    adapter.reply(res, html, status);
  }

  @Get()
  async home(@Res() res: unknown): Promise<void> {
    const posts = (await this.posts.listPublished()).map((p) => ({ ...p, url: this.posts.urlOf(p) }));
    this.send(res, 200, homePage({ title: 'Example blog', posts, endpoint: this.endpoint }));
  }

  @Get('posts/:slug')
  async show(@Param('slug') slug: string, @Res() res: unknown): Promise<void> {
    const post = await this.posts.findBySlug(slug);
    if (!post) throw new NotFoundException(`No post "${slug}"`);
    if (post.deletedAt) return this.send(res, 410, tombstonePage({ title: 'Gone', endpoint: this.endpoint }));
    const comments = await this.comments.find({ where: { postId: post.id }, order: { publishedAt: 'ASC', id: 'ASC' } });
    this.send(
      res,
      200,
      postPage({ title: post.title, post, url: this.posts.urlOf(post), comments, endpoint: this.endpoint }),
    );
  }
}
