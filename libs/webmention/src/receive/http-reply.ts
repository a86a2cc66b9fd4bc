import type { HttpServer } from '@nestjs/common';

/** What the library reads of an Express or Fastify request. */
export interface IncomingRequest {
  headers?: Record<string, string | string[] | undefined>;
  protocol?: string;
  body?: unknown;
}

/** A header of an Express or Fastify request, lowercased name, first value. */
export function requestHeader(req: IncomingRequest, name: string): string | undefined {
  const value = req.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `true` when the client asked for JSON in its `Accept` header. */
export function wantsJson(req: IncomingRequest): boolean {
  return /\bapplication\/(?:[\w.+-]*\+)?json\b/i.test(requestHeader(req, 'accept') ?? '');
}

/** An absolute URL for `path`: on `baseUrl` when configured, else on the origin the request came to. */
export function absoluteUrl(req: IncomingRequest, baseUrl: string | null, path: string): string {
  if (baseUrl) return `${baseUrl}${path}`;
  const host = requestHeader(req, 'host') ?? 'localhost';
  const protocol = req.protocol ?? 'http';
  return `${protocol}://${host}${path}`;
}

/** Writes a response through Nest's HTTP adapter, so the same code serves Express and Fastify. */
export class HttpReply {
  constructor(
    private readonly adapter: HttpServer,
    private readonly res: unknown,
  ) {}

  /** Sets a response header. */
  header(name: string, value: string): this {
    this.adapter.setHeader(this.res, name, value);
    return this;
  }

  /** Sends a JSON body. */
  json(status: number, body: unknown): void {
    this.header('Content-Type', 'application/json; charset=utf-8');
    this.adapter.reply(this.res, JSON.stringify(body), status);
  }

  /** Sends a plain-text body. */
  text(status: number, body: string): void {
    this.header('Content-Type', 'text/plain; charset=utf-8');
    this.adapter.reply(this.res, body, status);
  }

  /** Sends an error as `{ error, error_description }` JSON or as `code: description` text. */
  error(status: number, code: string, description: string, json: boolean): void {
    if (json) this.json(status, { error: code, error_description: description });
    else this.text(status, `${code}: ${description}\n`);
  }
}
