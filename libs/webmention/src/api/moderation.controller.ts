import {
  Body,
  Controller,
  Get,
  Inject,
  Injectable,
  Param,
  Post,
  Query,
  Req,
  Res,
  Type,
  UseGuards,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ModerationSelectionError, ModerationService } from '../moderate/moderation.service';
import { absoluteUrl, HttpReply, IncomingRequest, requestHeader } from '../receive/http-reply';
import type { ResolvedWebmentionExtras, ResolvedWebmentionOptions } from '../resolve-options';
import { InvalidCursorError } from '../storage/page-cursor';
import { WebmentionStore } from '../storage/webmention.store';
import { WEBMENTION_EXTRAS, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { nextLink } from './http-cache';
import { ModerationGuard } from './moderation.guard';
import { actionOf, idOf, moderationNextParams, parseBulkBody, parseModerationListQuery } from './moderation-query';
import { toModerationWebmention } from './moderation-webmention';
import { cursorRefused, RawQuery } from './query-values';

/**
 * Routes of the moderation HTTP API; mounted at `moderationPath` by {@link createModerationController}, behind
 * {@link ModerationGuard}. Never cached, never CORS-enabled.
 */
@Injectable()
export class ModerationRoutes {
  constructor(
    private readonly moderation: ModerationService,
    private readonly store: WebmentionStore,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
    @Inject(WEBMENTION_EXTRAS) private readonly extras: ResolvedWebmentionExtras,
  ) {}

  private reply(res: unknown): HttpReply {
    return new HttpReply(this.adapterHost.httpAdapter, res).header('Cache-Control', 'no-store');
  }

  /**
   * `GET {moderationPath}[?status=…&moderation=…&type=…&target=URL&source_host=H&q=words&since=ISO&limit=N&cursor=C]`:
   * every mention, whatever its status, newest first, with what verification and the spam checker found.
   */
  @Get()
  async list(@Query() query: RawQuery, @Req() req: IncomingRequest, @Res() res: unknown): Promise<void> {
    const reply = this.reply(res);
    const parsed = parseModerationListQuery(query ?? {}, this.options.maxUrlLength);
    if (!parsed.ok) return reply.error(400, parsed.reason, parsed.message, true);
    const { filter, limit, cursor } = parsed.value;
    const page = await this.store.list(filter, { limit, cursor }).catch(cursorRefused);
    if (!page) return reply.error(400, 'invalid_cursor', new InvalidCursorError().message, true);
    const params = page.next ? moderationNextParams(parsed.value, page.next).toString() : null;
    const next = params ? absoluteUrl(req, this.options.baseUrl, `${this.extras.moderationPath}?${params}`) : null;
    if (next) reply.header('Link', nextLink(next));
    reply.json(200, { items: page.items.map(toModerationWebmention), next });
  }

  /** `POST {moderationPath}/bulk` with `{ action, ids?, filter?, dryRun? }`: the report of what was (or would be) done. */
  @Post('bulk')
  async bulk(@Body() body: unknown, @Req() req: IncomingRequest, @Res() res: unknown): Promise<void> {
    const reply = this.reply(res);
    // NOTE: a form body would parse into strings that only look like a selection; JSON says what it means.
    if (!/^application\/(?:[\w.+-]*\+)?json\b/i.test(requestHeader(req, 'content-type') ?? '')) {
      return reply.error(
        400,
        'invalid_content_type',
        'send the request as JSON (Content-Type: application/json)',
        true,
      );
    }
    const parsed = parseBulkBody(body);
    if (!parsed.ok) return reply.error(400, parsed.reason, parsed.message, true);
    const { action, selection, dryRun } = parsed.value;
    const problem = ModerationService.validate(action, selection);
    if (problem) return reply.error(400, 'invalid_selection', problem, true);
    try {
      reply.json(200, await this.moderation.apply(action, selection, { dryRun }));
    } catch (error) {
      if (error instanceof ModerationSelectionError) return reply.error(400, 'invalid_selection', error.message, true);
      throw error;
    }
  }

  /** `POST {moderationPath}/:id/:action` (approve, reject, spam, not-spam, delete, reverify): the report; 404 for an unknown id. */
  @Post(':id/:action')
  async one(@Param('id') idText: string, @Param('action') actionText: string, @Res() res: unknown): Promise<void> {
    const reply = this.reply(res);
    const action = actionOf(actionText);
    if (!action) {
      return reply.error(
        400,
        'invalid_action',
        'action must be approve, reject, spam, not-spam, delete or reverify',
        true,
      );
    }
    const id = idOf(idText);
    if (id === null) return reply.error(400, 'invalid_id', 'the id must be a positive whole number', true);
    if (!(await this.store.findById(id))) return reply.error(404, 'not_found', `there is no mention ${id}`, true);
    const report = await this.moderation.apply(action, { ids: [id] });
    // NOTE: deleted by someone else between the two reads.
    if (report.matched === 0) return reply.error(404, 'not_found', `there is no mention ${id}`, true);
    reply.json(200, report);
  }
}

/** The moderation controller mounted at `path`, behind {@link ModerationGuard}. */
export function createModerationController(path: string): Type<ModerationRoutes> {
  @Controller(path)
  @UseGuards(ModerationGuard)
  class WebmentionModerationController extends ModerationRoutes {}
  return WebmentionModerationController;
}
