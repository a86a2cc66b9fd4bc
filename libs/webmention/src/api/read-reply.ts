import type { HttpServer } from '@nestjs/common';
import { IncomingRequest, requestHeader } from '../receive/http-reply';
import { CorsOrigins, corsHeaders } from './cors';
import { entityTag, etagMatches } from '../http/entity-tag';
import { cacheControl } from './http-cache';

/** How the read API answers: which origins may read it, and how long caches keep an answer. */
export interface ReadReplySettings {
  corsOrigins: CorsOrigins;
  cacheMaxAgeSeconds: number;
}

/**
 * Writes a read API response through Nest's HTTP adapter (Express and Fastify alike): CORS headers, a weak ETag with
 * `304 Not Modified` for a matching `If-None-Match`, `Cache-Control`, and errors as `{ error, error_description }`.
 */
export class ReadReply {
  constructor(
    private readonly adapter: HttpServer,
    private readonly req: IncomingRequest,
    private readonly res: unknown,
    private readonly settings: ReadReplySettings,
  ) {}

  private headers(headers: Record<string, string>): this {
    for (const [name, value] of Object.entries(headers)) this.adapter.setHeader(this.res, name, value);
    return this;
  }

  private cors(preflight = false): this {
    return this.headers(
      corsHeaders(this.settings.corsOrigins, {
        origin: requestHeader(this.req, 'origin'),
        requestHeaders: requestHeader(this.req, 'access-control-request-headers'),
        preflight,
      }),
    );
  }

  /** Sends `body` as JSON (200), or 304 when the client already has it; `link` goes in a `Link` header. */
  json(body: unknown, link?: string): void {
    const text = JSON.stringify(body);
    const etag = entityTag(text, true);
    this.cors().headers({ ETag: etag, 'Cache-Control': cacheControl(this.settings.cacheMaxAgeSeconds) });
    if (link) this.headers({ Link: link });
    if (etagMatches(requestHeader(this.req, 'if-none-match'), etag))
      return void this.adapter.reply(this.res, undefined, 304);
    this.headers({ 'Content-Type': 'application/json; charset=utf-8' });
    this.adapter.reply(this.res, text, 200);
  }

  /** Sends a 400-style error as `{ error, error_description }`; never cached. */
  error(status: number, code: string, description: string): void {
    this.cors().headers({ 'Cache-Control': 'no-store', 'Content-Type': 'application/json; charset=utf-8' });
    this.adapter.reply(this.res, JSON.stringify({ error: code, error_description: description }), status);
  }

  /** Answers a CORS preflight (`OPTIONS`) with 204. */
  preflight(): void {
    this.cors(true).headers({ Allow: 'GET, OPTIONS' });
    this.adapter.reply(this.res, undefined, 204);
  }
}
