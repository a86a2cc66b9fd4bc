import { Controller, Get, Inject, Injectable, Param, Req, Res, StreamableFile, Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HttpReply, IncomingRequest, requestHeader } from '../receive/http-reply';
import type { ResolvedWebmentionExtras } from '../resolve-options';
import { WEBMENTION_EXTRAS } from '../webmention.constants';
import { etagMatches } from '../http/entity-tag';
import { MediaFailureReason, MediaProxyService } from './media-proxy.service';

/** HTTP status of each refusal: unknown keys are absent; a remote that fails us is a bad gateway. */
const FAILURE_STATUS: Record<MediaFailureReason, number> = {
  not_found: 404,
  svg: 502,
  not_image: 502,
  too_large: 502,
  blocked_address: 502,
  upstream_status: 502,
  fetch_failed: 502,
  timeout: 504,
};

/** The media proxy's route; mounted at `mediaProxy.path` by {@link createMediaProxyController}. */
@Injectable()
export class MediaProxyRoutes {
  private readonly cacheControl: string;

  constructor(
    private readonly media: MediaProxyService,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(WEBMENTION_EXTRAS) extras: ResolvedWebmentionExtras,
  ) {
    this.cacheControl = `public, max-age=${Math.floor(extras.mediaProxy.ttlMs / 1000)}`;
  }

  /** `GET {path}/:key`: the image recorded under `key` for a shown mention; 404 for any other key. */
  @Get(':key')
  async serve(@Param('key') key: string, @Req() req: IncomingRequest, @Res() res: unknown): Promise<void> {
    const adapter = this.adapterHost.httpAdapter;
    // NOTE: opened directly, an image must not run as a document: no sniffing, and a policy that allows nothing.
    const reply = new HttpReply(adapter, res)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'");
    const outcome = await this.media.get(key);
    if (!outcome.ok) {
      reply.header('Cache-Control', 'no-store');
      return reply.error(FAILURE_STATUS[outcome.reason], outcome.reason, outcome.message, true);
    }
    reply.header('Cache-Control', this.cacheControl).header('ETag', outcome.etag);
    if (etagMatches(requestHeader(req, 'if-none-match'), outcome.etag)) return void adapter.reply(res, undefined, 304);
    reply.header('Content-Type', outcome.contentType).header('Content-Length', String(outcome.body.length));
    adapter.reply(
      res,
      new StreamableFile(outcome.body, { type: outcome.contentType, length: outcome.body.length }),
      200,
    );
  }
}

/** The media proxy controller mounted at `path` (a class per path, so the path can be an extra). */
export function createMediaProxyController(path: string): Type<MediaProxyRoutes> {
  @Controller(path)
  class WebmentionMediaProxyController extends MediaProxyRoutes {}
  return WebmentionMediaProxyController;
}
