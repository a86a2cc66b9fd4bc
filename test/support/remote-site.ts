import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A route of a {@link RemoteSite}: a fixed page, or a handler that writes the response itself. */
export type Route =
  | { status?: number; headers?: Record<string, string>; body?: string }
  | ((req: IncomingMessage, res: ServerResponse) => void);

/** A real HTTP server on 127.0.0.1 standing in for another web site. Routes can change while it runs. */
export class RemoteSite {
  readonly routes = new Map<string, Route>();
  readonly hits: { method: string; path: string }[] = [];
  private server?: Server;
  origin = '';

  /** Starts on a free port. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.hits.push({ method: req.method ?? 'GET', path: req.url ?? '/' });
      const route = this.routes.get((req.url ?? '/').split('?')[0]);
      if (!route) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      } else if (typeof route === 'function') {
        route(req, res);
      } else {
        res
          .writeHead(route.status ?? 200, { 'Content-Type': 'text/html; charset=utf-8', ...route.headers })
          .end(route.body ?? '');
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The absolute URL of `path` on this site. */
  url(path: string): string {
    return `${this.origin}${path}`;
  }

  /** Serves `body` as HTML at `path`. */
  page(path: string, body: string, status = 200, headers: Record<string, string> = {}): string {
    this.routes.set(path, { status, body, headers });
    return this.url(path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
