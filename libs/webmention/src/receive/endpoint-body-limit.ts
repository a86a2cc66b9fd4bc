import { Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResolvedWebmentionExtras, ResolvedWebmentionOptions } from '../resolve-options';
import { WEBMENTION_EXTRAS, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { wantsJson } from './http-reply';

/** Form fields the endpoint reads (`source`, `target`) and a little room; more is refused while parsing. */
export const MAX_ENDPOINT_FIELDS = 8;

type Next = (error?: unknown) => void;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

/** The parts of Fastify's route options and objects used here. */
interface FastifyReply {
  code(status: number): FastifyReply;
  header(name: string, value: string): FastifyReply;
  send(body: string): void;
}
interface FastifyRequest {
  headers: IncomingMessage['headers'];
  body?: unknown;
}
interface FastifyRoute {
  url: string;
  method: string | string[];
  bodyLimit?: number;
  errorHandler?: (
    error: { statusCode?: number; code?: string; message: string },
    req: FastifyRequest,
    reply: FastifyReply,
  ) => void;
  preValidation?: unknown;
}
interface FastifyLike {
  addHook(name: 'onRoute', hook: (route: FastifyRoute) => void): void;
}

/** Writes the endpoint's error answer: `{ error, error_description }` JSON when asked for, else `code: text`. */
function errorBody(json: boolean, reason: string, message: string): { type: string; body: string } {
  return json
    ? { type: 'application/json; charset=utf-8', body: JSON.stringify({ error: reason, error_description: message }) }
    : { type: 'text/plain; charset=utf-8', body: `${reason}: ${message}\n` };
}

/** The 413 for too many fields, or null when `body` has few enough. */
function tooManyFields(body: unknown): string | null {
  const count = body && typeof body === 'object' ? Object.keys(body).length : 0;
  return count > MAX_ENDPOINT_FIELDS ? `the request may have at most ${MAX_ENDPOINT_FIELDS} fields` : null;
}

/**
 * Puts the endpoint's size limit (`maxRequestBytes`) into the body parser of its route, so an oversized or
 * many-field form is refused while it is read — not first buffered up to the app's global parser limit (100 KB and
 * 1,000 fields on Express, 1 MiB on Fastify). Express: a urlencoded parser (body-parser) on the endpoint's path,
 * registered before Nest's global parsers, answering 413 itself. Fastify: the route's own `bodyLimit`.
 * NOTE: runs in the constructor, which Nest calls before it registers its parsers and routes.
 */
@Injectable()
export class EndpointBodyLimit {
  private readonly logger = new Logger('WebmentionEndpoint');

  constructor(
    adapterHost: HttpAdapterHost,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) options: ResolvedWebmentionOptions,
    @Inject(WEBMENTION_EXTRAS) extras: ResolvedWebmentionExtras,
  ) {
    const adapter = adapterHost.httpAdapter;
    if (!adapter || !extras.controllers) return;
    const path = extras.endpointPath.replace(/\/+$/, '') || '/';
    const limit = options.maxRequestBytes;
    if (adapter.getType() === 'fastify') {
      (adapter.getInstance() as FastifyLike).addHook('onRoute', (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        if (route.url.replace(/\/+$/, '') !== path || !methods.includes('POST')) return;
        route.bodyLimit = limit;
        route.preValidation = [
          ...(Array.isArray(route.preValidation)
            ? route.preValidation
            : route.preValidation
              ? [route.preValidation]
              : []),
          (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
            const refused = tooManyFields(req.body);
            if (!refused) return done();
            const { type, body } = errorBody(wantsJson(req), 'request_too_large', refused);
            reply.code(413).header('Content-Type', type).send(body);
          },
        ];
        // NOTE: errors while reading the body (too large, unreadable) come before Nest sees the request.
        route.errorHandler = (error, req, reply) => {
          const tooLarge = error.statusCode === 413;
          const status = tooLarge ? 413 : (error.statusCode ?? 500) < 500 ? error.statusCode! : 400;
          const message = tooLarge ? `the request body must be at most ${limit} bytes` : error.message;
          const { type, body } = errorBody(wantsJson(req), tooLarge ? 'request_too_large' : 'invalid_request', message);
          reply.code(status).header('Content-Type', type).header('X-Content-Type-Options', 'nosniff').send(body);
        };
      });
      return;
    }
    const parser = this.expressParser(limit);
    if (parser) adapter.use(path, parser);
  }

  private expressParser(limit: number): Middleware | null {
    let urlencoded: (options: object) => Middleware;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      ({ urlencoded } = require('body-parser') as { urlencoded: (options: object) => Middleware });
    } catch {
      this.logger.warn('body-parser is not installed: the endpoint relies on the app-wide body size limit');
      return null;
    }
    const parse = urlencoded({ extended: false, limit, parameterLimit: MAX_ENDPOINT_FIELDS });
    return (req, res, next) => {
      if (req.method !== 'POST') return next();
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > limit) {
        // NOTE: refused from the header, without reading the body; the connection closes, so its rest is never read.
        const { type, body } = errorBody(
          wantsJson(req),
          'request_too_large',
          `the request body must be at most ${limit} bytes`,
        );
        res.writeHead(413, { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', Connection: 'close' });
        return void res.end(body, () => req.socket.destroy());
      }
      parse(req, res, (error?: unknown) => {
        if (!error) return next();
        const { status, type: kind } = error as { status?: number; type?: string };
        const tooMany = kind === 'parameters.too.many';
        const code = status === 413 || tooMany ? 413 : 400;
        const message = tooMany
          ? `the request may have at most ${MAX_ENDPOINT_FIELDS} fields`
          : code === 413
            ? `the request body must be at most ${limit} bytes`
            : 'the request body could not be read as a form';
        const { type, body } = errorBody(
          wantsJson(req),
          code === 413 ? 'request_too_large' : 'invalid_request',
          message,
        );
        res.writeHead(code, { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' });
        res.end(body);
      });
    };
  }
}
