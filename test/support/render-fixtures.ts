import { Controller, Get, Header, Module, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createServer, Server, Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { UrlResolver, WebmentionRenderer } from 'nestjs-webmention';

/** Content object of {@link FixturePostsResolver}. */
export interface FixturePost {
  slug: string;
}

/** Slugs of the posts the fixture blog has; `boom` makes the resolver throw. */
export const FIXTURE_SLUGS = ['known', 'other'];

/** Accepts `/posts/<slug>` for the fixture posts (any query string), refuses other URLs, throws for `/posts/boom`. */
export class FixturePostsResolver implements UrlResolver<FixturePost> {
  constructor(private readonly origin: string) {}

  resolve(targetUrl: string): FixturePost | null {
    const slug = /^\/posts\/([^/]+)\/?$/.exec(new URL(targetUrl).pathname)?.[1];
    if (slug === 'boom') throw new Error('content store unavailable');
    return slug !== undefined && FIXTURE_SLUGS.includes(slug) ? { slug } : null;
  }

  getAbsoluteUrl(post: FixturePost): string {
    return `${this.origin}/posts/${post.slug}`;
  }
}

/**
 * The fixture blog's pages: `/posts/:slug` as HTML through Nest's return value (or JSON with `?format=json`; with
 * `?own=1` or `?preload=1` it sets a Link header itself), and `/pages/about`, written through the HTTP adapter.
 */
@Controller()
export class FixturePagesController {
  constructor(
    private readonly renderer: WebmentionRenderer,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Get('posts/:slug')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async post(
    @Param('slug') slug: string,
    @Query() query: Record<string, string>,
    @Res({ passthrough: true }) res: unknown,
  ): Promise<string | { slug: string }> {
    if (!FIXTURE_SLUGS.includes(slug) && slug !== 'boom') throw new NotFoundException();
    const adapter = this.adapterHost.httpAdapter;
    if (query.format === 'json') {
      adapter.setHeader(res, 'Content-Type', 'application/json; charset=utf-8');
      return { slug };
    }
    if (query.own) adapter.setHeader(res, 'Link', '<https://elsewhere.example/wm>; rel="webmention"');
    if (query.preload) adapter.setHeader(res, 'Link', '</style.css>; rel=preload; as=style');
    const link = slug === 'boom' ? '' : await this.renderer.endpointLink({ slug });
    return `<!doctype html><html><head>${link}<title>${slug}</title></head><body><h1>${slug}</h1></body></html>`;
  }

  @Get('pages/about')
  about(@Res() res: unknown): void {
    const adapter = this.adapterHost.httpAdapter;
    adapter.setHeader(res, 'Content-Type', 'text/html; charset=utf-8');
    adapter.reply(res, '<!doctype html><title>About</title><p>About this blog</p>', 200);
  }
}

/** The fixture pages as a module of the fixture app (the Webmention module must be global for its renderer). */
@Module({ controllers: [FixturePagesController] })
export class FixturePagesModule {}

/**
 * A TCP forwarder on 127.0.0.1: it has a port before the app it forwards to is booted, so the app's `baseUrl` can
 * name a real address (the per-post endpoints it advertises must be reachable by a sender).
 */
export class PortForward {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private targetPort = 0;
  origin = '';

  async start(): Promise<this> {
    this.server = createServer((inbound) => {
      const outbound = connect(this.targetPort, '127.0.0.1');
      for (const s of [inbound, outbound]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      inbound.pipe(outbound).pipe(inbound);
      inbound.on('close', () => outbound.destroy());
      outbound.on('close', () => inbound.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Forwards to the app at `url` from now on. */
  to(url: string): void {
    this.targetPort = Number(new URL(url).port);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
