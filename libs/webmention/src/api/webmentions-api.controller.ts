import { Controller, Get, Inject, Injectable, Options, Query, Req, Res, Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { absoluteUrl, IncomingRequest } from '../receive/http-reply';
import type { ResolvedWebmentionExtras, ResolvedWebmentionOptions } from '../resolve-options';
import { InvalidCursorError } from '../storage/page-cursor';
import { WEBMENTION_EXTRAS, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { nextLink } from './http-cache';
import { toJf2Feed } from './jf2';
import { toPublicWebmention } from './public-webmention';
import { cursorRefused, RawQuery } from './query-values';
import { nextPageParams, parseMentionFilter, parseOutgoingQuery, parseReadQuery } from './read-query';
import { ReadReply } from './read-reply';
import { WebmentionsReadService } from './webmentions-read.service';

/**
 * Routes of the public JSON read API; mounted at `apiPath` by {@link createApiController}. Every answer carries the
 * configured CORS headers, a weak ETag and `Cache-Control`; bad parameters answer 400 `{ error, error_description }`.
 */
@Injectable()
export class WebmentionsApiRoutes {
  constructor(
    private readonly reads: WebmentionsReadService,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
    @Inject(WEBMENTION_EXTRAS) private readonly extras: ResolvedWebmentionExtras,
  ) {}

  private reply(req: IncomingRequest, res: unknown): ReadReply {
    return new ReadReply(this.adapterHost.httpAdapter, req, res, this.options.api);
  }

  /**
   * `GET {apiPath}?target=URL[&target=URL…][&type=like,repost][&since=ISO][&limit=N][&cursor=C|&offset=N][&format=jf2]`:
   * verified, approved mentions of the targets, newest first, a page at a time (`next` and `Link: rel="next"`).
   */
  @Get()
  async list(@Query() query: RawQuery, @Req() req: IncomingRequest, @Res() res: unknown): Promise<void> {
    const reply = this.reply(req, res);
    const parsed = parseReadQuery(query ?? {}, this.options.maxUrlLength);
    if (!parsed.ok) return reply.error(400, parsed.reason, parsed.message);
    const q = parsed.value;
    const page = await this.reads.page(q, q.format === 'json').catch(cursorRefused);
    if (!page) return reply.error(400, 'invalid_cursor', new InvalidCursorError().message);
    const next = page.next
      ? absoluteUrl(req, this.options.baseUrl, `${this.extras.apiPath}?${nextPageParams(q, page.next).toString()}`)
      : null;
    const link = next ? nextLink(next) : undefined;
    // NOTE: the jf2 feed keeps webmention.io's exact shape; its next page is in the Link header only.
    if (q.format === 'jf2') return reply.json(toJf2Feed(page.items), link);
    reply.json(
      {
        target: q.targets[0],
        targets: q.targets,
        count: page.items.length,
        items: page.items.map((w) => ({ ...toPublicWebmention(w), relatedTo: page.related.get(w.id) ?? [] })),
        next,
      },
      link,
    );
  }

  /** `GET {apiPath}/count?target=URL[&target=URL…][&type=…][&since=ISO]`: `{ count, type: { reply, like, … } }`. */
  @Get('count')
  async count(@Query() query: RawQuery, @Req() req: IncomingRequest, @Res() res: unknown): Promise<void> {
    const reply = this.reply(req, res);
    const parsed = parseMentionFilter(query ?? {}, this.options.maxUrlLength);
    if (!parsed.ok) return reply.error(400, parsed.reason, parsed.message);
    reply.json(await this.reads.count(parsed.value));
  }

  /** `GET {apiPath}/outgoing?source=URL`: what this site sent for its page `source`, oldest first. */
  @Get('outgoing')
  async outgoing(@Query() query: RawQuery, @Req() req: IncomingRequest, @Res() res: unknown): Promise<void> {
    const reply = this.reply(req, res);
    const parsed = parseOutgoingQuery(query ?? {}, this.options.maxUrlLength);
    if (!parsed.ok) return reply.error(400, parsed.reason, parsed.message);
    const { source } = parsed.value;
    reply.json({ source, items: await this.reads.outgoingHistory(source) });
  }

  /** CORS preflight of the read routes. */
  @Options(['', 'count', 'outgoing'])
  preflight(@Req() req: IncomingRequest, @Res() res: unknown): void {
    this.reply(req, res).preflight();
  }
}

/** The read API controller mounted at `path` (a class per path, so the path can be an extra). */
export function createApiController(path: string): Type<WebmentionsApiRoutes> {
  @Controller(path)
  class WebmentionsApiController extends WebmentionsApiRoutes {}
  return WebmentionsApiController;
}
