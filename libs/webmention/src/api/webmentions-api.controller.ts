import { Controller, Get, Inject, Injectable, Query, Req, Res, Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HttpReply } from '../receive/http-reply';
import { WebmentionStore } from '../storage/webmention.store';
import { parseHttpUrl } from '../url/url-validate';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { toPublicWebmention } from './public-webmention';

const MAX_LIMIT = 500;

/** Routes of the JSON read API; mounted at `apiPath` by {@link createApiController}. */
@Injectable()
export class WebmentionsApiRoutes {
  constructor(
    private readonly store: WebmentionStore,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  /** `GET {apiPath}?target=URL[&limit=N&offset=N]`: verified, approved mentions of a target, newest first. */
  @Get()
  async list(@Query() query: Record<string, unknown>, @Req() _req: unknown, @Res() res: unknown): Promise<void> {
    const reply = new HttpReply(this.adapterHost.httpAdapter, res);
    const target = typeof query.target === 'string' ? query.target : undefined;
    if (!target) return reply.error(400, 'missing_target', 'the target query parameter is required', true);
    const parsed = parseHttpUrl(target, { maxLength: this.options.maxUrlLength, label: 'target' });
    if (!parsed.ok) return reply.error(400, 'invalid_target', parsed.message, true);
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    const offset = query.offset === undefined ? 0 : Number(query.offset);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return reply.error(400, 'invalid_limit', `limit must be a whole number from 1 to ${MAX_LIMIT}`, true);
    }
    if (!Number.isInteger(offset) || offset < 0)
      return reply.error(400, 'invalid_offset', 'offset must be a whole number of at least 0', true);
    const rows = await this.store.listForTarget({
      target: parsed.url.href,
      status: 'verified',
      moderation: 'approved',
      limit,
      offset,
    });
    reply
      .header('Cache-Control', 'no-cache')
      .json(200, { target: parsed.url.href, count: rows.length, items: rows.map(toPublicWebmention) });
  }
}

/** The read API controller mounted at `path`. */
export function createApiController(path: string): Type<WebmentionsApiRoutes> {
  @Controller(path)
  class WebmentionsApiController extends WebmentionsApiRoutes {}
  return WebmentionsApiController;
}
