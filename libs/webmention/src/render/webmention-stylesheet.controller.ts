import { Controller, Get, Inject, Injectable, NotFoundException, Req, Res, Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { HttpAdapterHost } from '@nestjs/core';
import { IncomingRequest, requestHeader } from '../receive/http-reply';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { etagMatches } from '../http/entity-tag';
import { loadStylesheet, Stylesheet } from './stylesheet';

/** Route of the bundled stylesheet; mounted at `render.stylesheetPath` by {@link createStylesheetController}. */
@Injectable()
export class WebmentionStylesheetRoutes {
  private readonly sheet: Stylesheet;
  private readonly served: boolean;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) options: ResolvedWebmentionOptions,
  ) {
    this.sheet = loadStylesheet();
    const path = options.render.stylesheetPath;
    this.served = path !== false;
    // NOTE: a `forRootAsync` factory gives the path only when DI runs. Nest maps routes later (in `app.init()`), so
    // the controller takes its path now — as Nest's RouterModule sets module paths while DI runs.
    if (path !== false) Reflect.defineMetadata(PATH_METADATA, path, new.target);
  }

  /** `GET {stylesheetPath}`: the CSS, cacheable for a day, `304` when `If-None-Match` names its ETag. */
  @Get()
  serve(@Req() req: IncomingRequest, @Res() res: unknown): void {
    if (!this.served) throw new NotFoundException();
    const adapter = this.adapterHost.httpAdapter;
    adapter.setHeader(res, 'Cache-Control', 'public, max-age=86400');
    adapter.setHeader(res, 'ETag', this.sheet.etag);
    adapter.setHeader(res, 'X-Content-Type-Options', 'nosniff');
    if (etagMatches(requestHeader(req, 'if-none-match'), this.sheet.etag))
      return void adapter.reply(res, undefined, 304);
    adapter.setHeader(res, 'Content-Type', 'text/css; charset=utf-8');
    adapter.reply(res, this.sheet.css, 200);
  }
}

/** The stylesheet controller, first mounted at `path` (a class per module, so the path can be an option). */
export function createStylesheetController(path: string): Type<WebmentionStylesheetRoutes> {
  @Controller(path)
  class WebmentionStylesheetController extends WebmentionStylesheetRoutes {}
  return WebmentionStylesheetController;
}
