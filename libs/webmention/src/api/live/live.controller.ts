import { Controller, Get, Inject, Injectable, Query, Req, Res, Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { IncomingRequest, requestHeader } from '../../receive/http-reply';
import type { ResolvedWebmentionOptions } from '../../resolve-options';
import { matchKey } from '../../url/url-match';
import { WEBMENTION_RESOLVED_OPTIONS } from '../../webmention.constants';
import { corsHeaders } from '../cors';
import { RawQuery } from '../query-values';
import { parseMentionFilter } from '../read-query';
import { ReadReply } from '../read-reply';
import { LiveFeed } from './live-feed.service';
import { lastEventId } from './sse';

/** How long a refused client should wait before trying again, in seconds. */
const RETRY_AFTER_SECONDS = '30';
/** How long a browser waits before reconnecting a dropped stream, in milliseconds. */
const RECONNECT_MS = 5000;

/** Express hands over Node's objects; Fastify wraps them (`raw`), and its reply must be let go (`hijack`). */
type AdapterRequest = IncomingRequest & { raw?: IncomingMessage; socket?: IncomingMessage['socket'] };
type AdapterResponse = { raw?: ServerResponse; hijack?: () => void };

/**
 * `GET {apiPath}/live?target=URL[&target=URL…]`: Server-Sent Events of the targets' mentions as they are verified and
 * approved (`event: mention`, a jf2 entry, `id` the mention's) and taken away (`event: remove`, `{ "wm-id" }`), with
 * a heartbeat; a reconnecting client with `Last-Event-ID` first gets what it missed.
 */
@Injectable()
export class LiveRoutes {
  constructor(
    private readonly feed: LiveFeed,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  @Get('live')
  async stream(@Query() query: RawQuery, @Req() req: AdapterRequest, @Res() res: AdapterResponse): Promise<void> {
    const reply = new ReadReply(this.adapterHost.httpAdapter, req, res, this.options.api);
    const parsed = parseMentionFilter(query ?? {}, this.options.maxUrlLength);
    if (!parsed.ok) return reply.error(400, parsed.reason, parsed.message);
    const rawReq = req.raw ?? (req as unknown as IncomingMessage);
    const address = rawReq.socket?.remoteAddress ?? 'unknown';
    const refused = this.feed.refusal(address);
    if (refused) {
      this.adapterHost.httpAdapter.setHeader(res, 'Retry-After', RETRY_AFTER_SECONDS);
      const status = refused === 'too_many_from_address' ? 429 : 503;
      return reply.error(status, refused, 'too many live connections; try again later');
    }
    const targets = parsed.value.targets;
    const after = lastEventId(requestHeader(req, 'last-event-id'), query?.lastEventId);
    const backlog = after === null ? [] : await this.feed.backlog(targets, after);

    res.hijack?.();
    const raw = res.raw ?? (res as unknown as ServerResponse);
    raw.writeHead(200, {
      ...corsHeaders(this.options.api.corsOrigins, { origin: requestHeader(req, 'origin') }),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      Connection: 'keep-alive',
      // NOTE: nginx buffers proxied responses unless told not to, which would hold events back.
      'X-Accel-Buffering': 'no',
    });
    raw.write(`retry: ${RECONNECT_MS}\n\n`);
    for (const event of backlog) raw.write(event);
    const keys = new Set(targets.map((t) => matchKey(t)).filter((k): k is string => k !== null));
    const stop = this.feed.add({
      keys,
      address,
      write: (text) => void raw.write(text),
      end: () => raw.end(),
    });
    rawReq.on('close', stop);
    raw.on('close', stop);
  }
}

/** The live route mounted at `apiPath` (a class per path, so the path can be an extra). */
export function createLiveController(path: string): Type<LiveRoutes> {
  @Controller(path)
  class WebmentionLiveController extends LiveRoutes {}
  return WebmentionLiveController;
}
