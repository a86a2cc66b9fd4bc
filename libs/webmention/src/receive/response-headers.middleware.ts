import type { ServerResponse } from 'node:http';

/**
 * Headers on every response of the library's own routes, applied as middleware so that answers from guards and
 * exception filters carry them too, on Express and Fastify alike: `X-Content-Type-Options: nosniff` (an answer is
 * never read as another type than it says), and no `X-Powered-By` (Express's default, which names the server).
 */
export function webmentionResponseHeaders(_req: unknown, res: ServerResponse, next: () => void): void {
  res.removeHeader('X-Powered-By');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
}
