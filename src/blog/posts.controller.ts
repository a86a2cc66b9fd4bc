import { Controller, Get, NotFoundException, OnModuleInit, Param, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebmentionRenderer, WebmentionStore } from 'nestjs-webmention';
import { PostsService } from './posts.service';
import { responseCounts } from './response-counts';
import { BlogTemplates, createBlogTemplates } from './templates';

/**
 * The blog's pages, drawn with the library's Handlebars helpers: the endpoint `<link>`, the responses (facepiles,
 * comments, RSVP groups) and the send form. The `Link` header comes from the library's interceptor
 * (`advertise: 'targets'`), on post pages only.
 */
@Controller()
export class PostsController implements OnModuleInit {
  private templates!: BlogTemplates;

  constructor(
    private readonly posts: PostsService,
    private readonly renderer: WebmentionRenderer,
    private readonly store: WebmentionStore,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.templates = createBlogTemplates((hbs) => this.renderer.registerHelpers(hbs));
  }

  private send(res: unknown, status: number, html: string): void {
    const adapter = this.adapterHost.httpAdapter;
    adapter.setHeader(res, 'Content-Type', 'text/html; charset=utf-8');
    adapter.reply(res, html, status);
  }

  @Get()
  async home(@Res() res: unknown): Promise<void> {
    const posts = await Promise.all(
      (await this.posts.listPublished()).map(async (p) => {
        const url = this.posts.urlOf(p);
        const counts = await this.store.countByType({ targets: [url], status: ['verified'], moderation: ['approved'] });
        return { ...p, url, responses: responseCounts(counts.type) };
      }),
    );
    this.send(res, 200, this.templates.home({ title: 'Example blog', posts }));
  }

  @Get('posts/:slug')
  async show(@Param('slug') slug: string, @Res() res: unknown): Promise<void> {
    const post = await this.posts.findBySlug(slug);
    if (!post) throw new NotFoundException(`No post "${slug}"`);
    if (post.deletedAt) return this.send(res, 410, this.templates.tombstone({ title: 'Gone' }));
    const url = this.posts.urlOf(post);
    const mentions = await this.renderer.mentionsFor(url);
    this.send(
      res,
      200,
      this.templates.post({ title: post.title, post, url, mentions, stylesheet: this.renderer.stylesheet() }),
    );
  }
}
