import { Controller, Get, Inject, Injectable, Param, Post, Query, Req, Res, Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WEBMENTION_EXTRAS, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import type { ResolvedWebmentionExtras, ResolvedWebmentionOptions } from '../resolve-options';
import { WebmentionStore } from '../storage/webmention.store';
import { absoluteUrl, HttpReply, IncomingRequest, requestHeader, wantsJson } from './http-reply';
import { POST_KEY_PARAM } from './per-post-endpoint';
import { ReceiveRateLimiter } from './receive-rate-limiter';
import { ReceiveService } from './receive.service';

/** Routes of the receiving endpoint; mounted at `endpointPath` by {@link createEndpointController}. */
@Injectable()
export class WebmentionEndpointRoutes {
  constructor(
    private readonly receiver: ReceiveService,
    private readonly limiter: ReceiveRateLimiter,
    private readonly store: WebmentionStore,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
    @Inject(WEBMENTION_EXTRAS) private readonly extras: ResolvedWebmentionExtras,
  ) {}

  private reply(res: unknown): HttpReply {
    return new HttpReply(this.adapterHost.httpAdapter, res);
  }

  /** `POST {endpointPath}[?post=KEY]`: receives a Webmention (`source`, `target` as a form); `post` scopes it to one post. */
  @Post()
  async receive(@Req() req: IncomingRequest, @Res() res: unknown, @Query(POST_KEY_PARAM) post: unknown): Promise<void> {
    const json = wantsJson(req);
    const limited = await this.limiter.check(req as never, (req.body as { source?: unknown } | undefined)?.source);
    if (!limited.ok) {
      const about = limited.scope === 'client' ? 'from this address' : "about this source's host";
      return this.reply(res)
        .header('Retry-After', String(limited.retryAfterSeconds))
        .error(429, 'rate_limited', `too many Webmentions ${about}; try again later`, json);
    }
    const length = requestHeader(req, 'content-length');
    const outcome = await this.receiver.receive({
      contentType: requestHeader(req, 'content-type'),
      contentLength: length === undefined ? undefined : Number(length),
      body: req.body,
      post,
    });
    if (!outcome.ok) {
      const { status, code, message, retryAfterSeconds } = outcome.error;
      const reply = this.reply(res);
      if (retryAfterSeconds !== undefined) reply.header('Retry-After', String(retryAfterSeconds));
      return reply.error(status, code, message, json);
    }
    const { webmention, created } = outcome;
    const location = absoluteUrl(
      req,
      this.options.baseUrl,
      `${this.extras.endpointPath}/status/${webmention.statusToken}`,
    );
    const reply = this.reply(res).header('Location', location);
    if (json) {
      return reply.json(201, {
        status: webmention.status,
        created,
        source: webmention.sourceUrl,
        target: webmention.targetUrl,
        location,
      });
    }
    return reply.text(201, `Webmention accepted and queued for verification. Its status: ${location}\n`);
  }

  /** `GET {endpointPath}`: says what this URL is. */
  @Get()
  describe(@Res() res: unknown): void {
    this.reply(res).text(
      200,
      'This is a Webmention endpoint (https://www.w3.org/TR/webmention/). POST source and target as application/x-www-form-urlencoded.\n',
    );
  }

  /** `GET {endpointPath}/status/:token`: where a submitted mention stands. */
  @Get('status/:token')
  async status(@Param('token') token: string, @Res() res: unknown): Promise<void> {
    const webmention = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await this.store.findByToken(token) : null;
    const reply = this.reply(res).header('Cache-Control', 'no-store');
    if (!webmention) return reply.json(404, { error: 'not_found' });
    reply.json(200, {
      source: webmention.sourceUrl,
      target: webmention.targetUrl,
      status: webmention.status,
      attempts: webmention.attempts,
      ...(webmention.failureReason ? { failureReason: webmention.failureReason } : {}),
      ...(webmention.verifiedAt ? { verifiedAt: webmention.verifiedAt.toISOString() } : {}),
      // NOTE: while a retry waits: why the last attempt failed and when the next one is due.
      ...(webmention.status === 'pending' && webmention.retryReason ? { retryReason: webmention.retryReason } : {}),
      ...(webmention.status === 'pending' && webmention.nextAttemptAt
        ? { nextAttemptAt: webmention.nextAttemptAt.toISOString() }
        : {}),
    });
  }
}

/** The endpoint controller mounted at `path` (a class per path, so the path can be an option). */
export function createEndpointController(path: string): Type<WebmentionEndpointRoutes> {
  @Controller(path)
  class WebmentionEndpointController extends WebmentionEndpointRoutes {}
  return WebmentionEndpointController;
}
