import { Controller, Get, Inject, Injectable, NotFoundException, Req, Res, Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { HttpAdapterHost } from '@nestjs/core';
import { etagMatches } from '../../http/entity-tag';
import { IncomingRequest, requestHeader } from '../../receive/http-reply';
import type { ResolvedWebmentionExtras, ResolvedWebmentionOptions } from '../../resolve-options';
import { WEBMENTION_EXTRAS, WEBMENTION_RESOLVED_OPTIONS } from '../../webmention.constants';
import { loadWidgetScript, WidgetScript } from './widget-script';

/** Route of the embeddable widget; mounted at `render.widgetPath` by {@link createWidgetController}. */
@Injectable()
export class WebmentionWidgetRoutes {
  private readonly script: WidgetScript | null;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) options: ResolvedWebmentionOptions,
    @Inject(WEBMENTION_EXTRAS) extras: ResolvedWebmentionExtras,
  ) {
    const path = options.render.widgetPath;
    this.script =
      path === false
        ? null
        : loadWidgetScript({
            api: extras.apiPath.replace(/\/+$/, ''),
            stylesheet: options.render.stylesheetPath,
            live: extras.live.enabled,
            facepileLimit: options.render.facepileLimit,
            maxComments: options.render.maxComments,
          });
    // NOTE: as the stylesheet's route: a `forRootAsync` factory gives the path only when DI runs, before routes map.
    if (path !== false) Reflect.defineMetadata(PATH_METADATA, path, new.target);
  }

  /** `GET {widgetPath}`: the script, cacheable for an hour, `304` when `If-None-Match` names its ETag. */
  @Get()
  serve(@Req() req: IncomingRequest, @Res() res: unknown): void {
    if (!this.script) throw new NotFoundException();
    const adapter = this.adapterHost.httpAdapter;
    // NOTE: a shorter life than the stylesheet's: pages embed this URL, and a fix should reach them the same day.
    adapter.setHeader(res, 'Cache-Control', 'public, max-age=3600');
    adapter.setHeader(res, 'ETag', this.script.etag);
    adapter.setHeader(res, 'X-Content-Type-Options', 'nosniff');
    // NOTE: a classic <script> from another origin needs no CORS; this lets pages load it with crossorigin too.
    adapter.setHeader(res, 'Access-Control-Allow-Origin', '*');
    if (etagMatches(requestHeader(req, 'if-none-match'), this.script.etag))
      return void adapter.reply(res, undefined, 304);
    adapter.setHeader(res, 'Content-Type', 'text/javascript; charset=utf-8');
    adapter.reply(res, this.script.js, 200);
  }
}

/** The widget controller, first mounted at `path` (a class per module, so the path can be an option). */
export function createWidgetController(path: string): Type<WebmentionWidgetRoutes> {
  @Controller(path)
  class WebmentionWidgetController extends WebmentionWidgetRoutes {}
  return WebmentionWidgetController;
}
