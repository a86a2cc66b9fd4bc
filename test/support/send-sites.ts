import type { IncomingMessage, ServerResponse } from 'node:http';
import { RemoteSite } from './remote-site';

/** One Webmention POST as a receiving endpoint saw it. */
export interface ReceivedPost {
  /** Path and query of the request. */
  url: string;
  contentType: string;
  /** The raw request body. */
  raw: string;
  /** The body's fields, in order. */
  fields: [string, string][];
  /** When the request arrived (ms since the epoch). */
  at: number;
}

/** How an endpoint answers its n-th POST (1-based). */
export type Answer = (
  n: number,
  post: ReceivedPost,
) => { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };

/** Reads a request body as text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A real receiving site on 127.0.0.1: target pages advertising endpoints, endpoints that record every POST and
 * answer as told, one-time endpoints, and a count of concurrent endpoint requests.
 */
export class ReceiverSite extends RemoteSite {
  /** POSTs per endpoint path (query string excluded). */
  readonly posts = new Map<string, ReceivedPost[]>();
  /** Endpoint requests being answered now, and the most at once. */
  active = 0;
  maxActive = 0;
  private issued = new Map<string, boolean>();
  private counter = 0;

  /** Every POST received by the endpoint at `path`. */
  received(path: string): ReceivedPost[] {
    return this.posts.get(path) ?? [];
  }

  /** GET/HEAD requests of `path`. */
  views(path: string): number {
    return this.hits.filter((h) => h.path.split('?')[0] === path && h.method !== 'POST').length;
  }

  /** An endpoint at `path` answering each POST with `answer` (default 202 with a status Location). */
  endpoint(
    path: string,
    answer: Answer = (n) => ({ status: 202, headers: { Location: `/status${path}/${n}` } }),
  ): string {
    this.routes.set(path, (req, res) => void this.handlePost(path, req, res, answer));
    return this.url(path);
  }

  /** A target page advertising `endpointPath` in a `<link rel="webmention">`. */
  target(path: string, endpointPath: string | null, extraHtml = ''): string {
    const link = endpointPath === null ? '' : `<link rel="webmention" href="${endpointPath}">`;
    return this.page(
      path,
      `<!doctype html><html><head>${link}<title>${path}</title></head><body><p>Target ${path}</p>${extraHtml}</body></html>`,
    );
  }

  /**
   * A target page whose every view (HEAD or GET) advertises a fresh endpoint URL `/once?t=<token>` in its Link header
   * and HTML; each token accepts one POST (202), a reused or unknown one answers 410.
   */
  oneTimeTarget(path: string): string {
    if (!this.routes.has('/once')) {
      this.routes.set('/once', (req, res) => {
        const token = new URL(req.url ?? '/', this.origin).searchParams.get('t') ?? '';
        void this.handlePost('/once', req, res, () => {
          if (this.issued.get(token) !== false) return { status: 410, body: 'this endpoint URL is used up or unknown' };
          this.issued.set(token, true);
          return { status: 202, headers: { Location: `/status/once/${token}` } };
        });
      });
    }
    this.routes.set(path, (req, res) => {
      const token = `${path.replace(/\W/g, '')}-${++this.counter}`;
      this.issued.set(token, false);
      const endpoint = `/once?t=${token}`;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', Link: `<${endpoint}>; rel="webmention"` });
      res.end(
        req.method === 'HEAD' ? undefined : `<!doctype html><link rel="webmention" href="${endpoint}"><p>${path}</p>`,
      );
    });
    return this.url(path);
  }

  private async handlePost(path: string, req: IncomingMessage, res: ServerResponse, answer: Answer): Promise<void> {
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      const raw = await readBody(req);
      const post: ReceivedPost = {
        url: req.url ?? path,
        contentType: String(req.headers['content-type'] ?? ''),
        raw,
        fields: [...new URLSearchParams(raw)],
        at: Date.now(),
      };
      const list = this.posts.get(path) ?? [];
      list.push(post);
      this.posts.set(path, list);
      const reply = answer(list.length, post);
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      res.writeHead(reply.status, { 'Content-Type': 'text/plain', ...reply.headers }).end(reply.body ?? '');
    } finally {
      this.active--;
    }
  }
}
