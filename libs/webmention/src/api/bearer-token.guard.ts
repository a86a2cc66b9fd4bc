import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingRequest } from '../receive/http-reply';
import { requestHeader } from '../receive/http-reply';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';

/** What an `Authorization` header holds against the expected token. */
export type BearerCheck = 'ok' | 'missing' | 'invalid';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Checks `Authorization: Bearer <token>` against `expected` in constant time: both are hashed first, so the
 * comparison runs on equal-length buffers and its time says nothing about the token or its length.
 */
export function checkBearer(authorization: string | undefined, expected: string): BearerCheck {
  if (typeof authorization !== 'string' || authorization.trim() === '') return 'missing';
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization.trim());
  if (!m) return 'invalid';
  return timingSafeEqual(digest(m[1]), digest(expected)) ? 'ok' : 'invalid';
}

/**
 * The 404 a route that is not there answers, word for word as Nest's router does, so a disabled API cannot be told
 * from an absent one.
 */
export function routeNotFound(context: ExecutionContext, adapterHost: HttpAdapterHost): NotFoundException {
  const adapter = adapterHost.httpAdapter;
  const req: unknown = context.switchToHttp().getRequest();
  return new NotFoundException(`Cannot ${adapter.getRequestMethod(req)} ${adapter.getRequestUrl(req)}`);
}

/**
 * The shipped guard of the moderation API: lets a request through with `Authorization: Bearer <moderation.token>`,
 * answers 401 with `WWW-Authenticate: Bearer` without it or with a wrong one, and 404 when no token is configured
 * (the routes are then off).
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const token = this.options.moderation.token;
    if (!token) throw routeNotFound(context, this.adapterHost);
    const http = context.switchToHttp();
    const check = checkBearer(requestHeader(http.getRequest<IncomingRequest>(), 'authorization'), token);
    if (check === 'ok') return true;
    // NOTE: RFC 6750: no error code when credentials are missing, `invalid_token` when they are wrong.
    const challenge =
      check === 'missing'
        ? 'Bearer realm="webmention-moderation"'
        : 'Bearer realm="webmention-moderation", error="invalid_token"';
    this.adapterHost.httpAdapter.setHeader(http.getResponse(), 'WWW-Authenticate', challenge);
    throw new UnauthorizedException({
      error: check === 'missing' ? 'unauthorized' : 'invalid_token',
      error_description:
        check === 'missing'
          ? 'send the moderation token as Authorization: Bearer <token>'
          : 'the bearer token is not the moderation token',
    });
  }
}
