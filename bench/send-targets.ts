import { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackSite, serveLoopback } from './support';

/** The shape of the sending benchmark's web: how many sites, pages each, and how slow the slow ones are. */
export interface TargetWebOptions {
  hosts: number;
  pagesPerHost: number;
  /** Every `slowEvery`-th site waits this long before each answer. */
  slowMs: number;
  slowEvery: number;
}

/** What the sites saw during one run. */
export interface TargetWebCounts {
  /** POSTs to the endpoints, by target URL. */
  posts: Map<string, number>;
  /** Most requests in flight at once, by site. */
  maxConcurrent: Map<string, number>;
  /** Requests and TCP connections the target sites got (the source site's are not counted). */
  requests: number;
  connections: number;
}

/** One local site and its requests in flight. */
interface Site {
  origin: string;
  inFlight: number;
}

/** The request body as text (endpoints get small forms). */
async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Local sites for the sending benchmark, each on its own loopback address (127.0.0.2, 127.0.0.3, …: all of
 * 127.0.0.0/8 is loopback on Linux) with its own endpoint. Two sites in four advertise it in a `Link` header, the
 * others in the page's `<link rel="webmention">` (the slow ones too are of both kinds); every `slowEvery`-th site answers each request after `slowMs`. A source
 * site (127.0.1.1, whose address no target's contains) serves the post linking every page of every site. The sites count the POSTs per target and the
 * most requests in flight at once per site.
 */
export class TargetWeb {
  readonly counts: TargetWebCounts = { posts: new Map(), maxConcurrent: new Map(), requests: 0, connections: 0 };
  private readonly sites: Site[] = [];
  private readonly servers: LoopbackSite[] = [];
  sourceUrl = '';
  /** A post on the source site that links nothing. */
  emptyUrl = '';

  constructor(readonly options: TargetWebOptions) {}

  /** Every target URL, in the order the post links them. */
  get targets(): string[] {
    const { pagesPerHost } = this.options;
    return this.sites.flatMap((site) => Array.from({ length: pagesPerHost }, (_, p) => `${site.origin}/post/${p}`));
  }

  async start(): Promise<void> {
    for (let i = 0; i < this.options.hosts; i++) {
      const address = `127.0.0.${i + 2}`;
      const slow = (i + 1) % this.options.slowEvery === 0;
      const site: Site = { origin: '', inFlight: 0 };
      const server = await serveLoopback(address, (req, res) => void this.answer(site, i % 4 < 2, slow, req, res));
      server.server.on('connection', () => this.counts.connections++);
      site.origin = server.origin;
      this.sites.push(site);
      this.servers.push(server);
    }
    const source = await serveLoopback('127.0.1.1', (req, res) => {
      // NOTE: /empty is a post without links, for timing start-up alone.
      const links = (req.url === '/empty' ? [] : this.targets)
        .map((t, n) => `<li><a href="${t}">target ${n}</a></li>`)
        .join('\n');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html><head><title>Links</title></head><body><article class="h-entry">` +
          `<h1 class="p-name">A post with many links</h1><div class="e-content"><ul>${links}</ul></div>` +
          `</article></body></html>`,
      );
    });
    this.servers.push(source);
    this.sourceUrl = `${source.origin}/post`;
    this.emptyUrl = `${source.origin}/empty`;
  }

  /** Clears the counters before a run. */
  reset(): void {
    this.counts.posts.clear();
    this.counts.maxConcurrent.clear();
    this.counts.requests = 0;
    this.counts.connections = 0;
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.close()));
  }

  private async answer(
    site: Site,
    linkHeader: boolean,
    slow: boolean,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    site.inFlight++;
    this.counts.requests++;
    this.counts.maxConcurrent.set(
      site.origin,
      Math.max(this.counts.maxConcurrent.get(site.origin) ?? 0, site.inFlight),
    );
    res.once('close', () => site.inFlight--);
    const body = req.method === 'POST' ? await bodyOf(req) : '';
    if (slow) await new Promise((resolve) => setTimeout(resolve, this.options.slowMs));
    if (req.method === 'POST' && req.url === '/webmention') {
      const target = new URLSearchParams(body).get('target') ?? '';
      this.counts.posts.set(target, (this.counts.posts.get(target) ?? 0) + 1);
      res.writeHead(202, { 'content-type': 'text/plain' });
      return void res.end('accepted');
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const endpoint = `${site.origin}/webmention`;
      const head = linkHeader ? '' : `<link rel="webmention" href="/webmention">`;
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        ...(linkHeader ? { link: `<${endpoint}>; rel="webmention"` } : {}),
      });
      return void res.end(
        req.method === 'HEAD' ? undefined : `<!doctype html><html><head>${head}</head><body>A page</body></html>`,
      );
    }
    res.writeHead(405);
    res.end();
  }
}

/** Exactly-once and concurrency figures of a run against the targets it should have notified. */
export function tally(
  web: TargetWeb,
  expected: string[],
): { once: number; missed: number; duplicated: number; maxPerHost: number; requests: number; connections: number } {
  let once = 0;
  let missed = 0;
  let duplicated = 0;
  for (const target of expected) {
    const n = web.counts.posts.get(target) ?? 0;
    if (n === 1) once++;
    else if (n === 0) missed++;
    else duplicated++;
  }
  const { requests, connections } = web.counts;
  return {
    once,
    missed,
    duplicated,
    maxPerHost: Math.max(0, ...web.counts.maxConcurrent.values()),
    requests,
    connections,
  };
}
