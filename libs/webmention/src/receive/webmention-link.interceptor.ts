import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Observable } from 'rxjs';
import { UrlResolver } from '../interfaces/url-resolver.interface';
import type { ResolvedWebmentionExtras, ResolvedWebmentionOptions } from '../resolve-options';
import { WEBMENTION_EXTRAS, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { advertisedLink, HeaderValue } from './advertise-link';
import { absoluteUrl, IncomingRequest } from './http-reply';
import { endpointUrlOf, postKeyOf } from './per-post-endpoint';

/** What the interceptor reads of an Express or Fastify request. */
interface PageRequest extends IncomingRequest {
  method?: string;
  originalUrl?: string;
  url?: string;
}

/** The Node response under an Express response (itself one) or a Fastify reply (`.raw`); null otherwise. */
function rawResponse(res: unknown): ServerResponse | null {
  const candidate = (res as { raw?: unknown } | null)?.raw ?? res;
  return typeof (candidate as ServerResponse | null)?.writeHead === 'function' ? (candidate as ServerResponse) : null;
}

/** Adds the endpoint to the Link header the response is about to write, when it is HTML. */
function addLink(raw: ServerResponse, args: unknown[], endpointUrl: string): void {
  const given = typeof args[1] === 'string' ? args[2] : args[1];
  // NOTE: neither Express nor Fastify passes the flat-array form of writeHead's headers; it is left alone.
  if (Array.isArray(given)) return;
  const headers = given !== null && typeof given === 'object' ? (given as Record<string, HeaderValue>) : null;
  const keyOf = (name: string) => (headers ? Object.keys(headers).find((k) => k.toLowerCase() === name) : undefined);
  const typeKey = keyOf('content-type');
  const linkKey = keyOf('link');
  const contentType = typeKey !== undefined ? headers![typeKey] : (raw.getHeader('content-type') as HeaderValue);
  const existing = linkKey !== undefined ? headers![linkKey] : (raw.getHeader('link') as HeaderValue);
  const value = advertisedLink(contentType, existing, endpointUrl);
  if (value === null) return;
  // NOTE: a Link given to writeHead overrides one set with setHeader, so it is changed where it is.
  if (linkKey !== undefined) headers![linkKey] = value;
  else raw.setHeader('Link', value);
}

/**
 * Runs {@link addLink} when the response writes its status line and headers: the Content-Type is only known then.
 * NOTE: Node's implicit header write (`end()` without `writeHead`) goes through `this.writeHead` too.
 */
function hookHeaderWrite(raw: ServerResponse, endpointUrl: string, logger: Logger): void {
  const original = raw.writeHead;
  const hooked = (...args: unknown[]): ServerResponse => {
    raw.writeHead = original;
    try {
      addLink(raw, args, endpointUrl);
    } catch (error) {
      logger.error(`could not add the Link header: ${(error as Error).message}`);
    }
    return (original as (...a: unknown[]) => ServerResponse).apply(raw, args);
  };
  raw.writeHead = hooked as ServerResponse['writeHead'];
}

/**
 * Advertises the Webmention endpoint: adds `Link: <endpoint>; rel="webmention"` to `text/html` responses of GET and
 * HEAD requests — in `'targets'` mode only on pages the `UrlResolver` accepts as targets, in `'html'` mode on every
 * page — never twice and after any Link values already set. With `render.perPostEndpoints`, a page whose URL
 * resolves gets its own endpoint, `?post=<key>`. Registered globally by the module with the `advertise` option, or
 * used by hand (`app.useGlobalInterceptors(app.get(WebmentionLinkInterceptor))`, `@UseInterceptors`; `'targets'`
 * mode when `advertise` is false). Works on Express and Fastify.
 */
@Injectable()
export class WebmentionLinkInterceptor implements NestInterceptor {
  private readonly logger = new Logger('WebmentionLinkInterceptor');

  constructor(
    @Inject(UrlResolver) private readonly urlResolver: UrlResolver,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
    @Inject(WEBMENTION_EXTRAS) private readonly extras: ResolvedWebmentionExtras,
  ) {}

  /** Works out the endpoint before the handler runs, then adds it when the response turns out to be HTML. */
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<PageRequest>();
    const raw = rawResponse(http.getResponse());
    if (raw === null || (req.method !== 'GET' && req.method !== 'HEAD')) return next.handle();
    const endpoint = await this.endpointFor(req);
    if (endpoint !== null) hookHeaderWrite(raw, endpoint, this.logger);
    return next.handle();
  }

  /** The endpoint to advertise on the requested page, or null for none. */
  private async endpointFor(req: PageRequest): Promise<string | null> {
    const html = this.options.advertise === 'html';
    const perPost = this.options.render.perPostEndpoints;
    const origin = absoluteUrl(req, this.options.baseUrl, '');
    const plain = endpointUrlOf(origin, this.extras.endpointPath);
    if (html && !perPost) return plain;
    const pageUrl = absoluteUrl(req, this.options.baseUrl, req.originalUrl ?? req.url ?? '/');
    let contentObject: unknown;
    try {
      contentObject = await this.urlResolver.resolve(pageUrl);
    } catch (error) {
      this.logger.error(`UrlResolver failed for ${pageUrl}: ${(error as Error).message}`);
      return html ? plain : null;
    }
    if (contentObject === null || contentObject === undefined) return html ? plain : null;
    if (!perPost) return plain;
    try {
      return endpointUrlOf(
        origin,
        this.extras.endpointPath,
        postKeyOf(await this.urlResolver.getAbsoluteUrl(contentObject)),
      );
    } catch (error) {
      // NOTE: the plain endpoint still accepts mentions of this page; only the per-post scope is lost.
      this.logger.error(`UrlResolver.getAbsoluteUrl failed for ${pageUrl}: ${(error as Error).message}`);
      return plain;
    }
  }
}
