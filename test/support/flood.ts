import { Pool } from 'undici';
import type { RemoteSite } from './remote-site';

/** One answer of a {@link flood}: the HTTP status (0 when the request failed) and its `Retry-After`. */
export interface FloodAnswer {
  source: string;
  status: number;
  retryAfter?: string;
  error?: string;
}

/** Options of {@link flood}. */
export interface FloodOptions {
  /** Requests in flight at once (keep-alive connections). */
  connections: number;
  /** Called after each answer with how many have come so far. */
  onAnswer?: (answered: number) => void;
  /** Bound of each request. */
  requestTimeoutMs?: number;
}

/** Posts every `source` → `target` pair to `<base>/webmention` over a pool of keep-alive connections. */
export async function flood(
  base: string,
  sources: string[],
  target: string,
  opts: FloodOptions,
): Promise<FloodAnswer[]> {
  const pool = new Pool(base, { connections: opts.connections, pipelining: 1 });
  const timeout = opts.requestTimeoutMs ?? 15_000;
  const answers: FloodAnswer[] = [];
  let next = 0;
  const send = async (source: string): Promise<FloodAnswer> => {
    try {
      const res = await pool.request({
        path: '/webmention',
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ source, target }).toString(),
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      await res.body.text();
      const retryAfter = res.headers['retry-after'];
      return { source, status: res.statusCode, ...(retryAfter ? { retryAfter: String(retryAfter) } : {}) };
    } catch (error) {
      return { source, status: 0, error: (error as Error).message };
    }
  };
  const lane = async () => {
    while (next < sources.length) {
      answers.push(await send(sources[next++]));
      opts.onAnswer?.(answers.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.connections }, lane));
  } finally {
    await pool.close();
  }
  return answers;
}

/** How many answers had each status, e.g. `{ 201: 4990, 503: 10 }`. */
export function tally(answers: FloodAnswer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** Serves `count` small pages at `<prefix><i>` on `site`, each linking to `target`; resolves their URLs. */
export function linkingPages(site: RemoteSite, prefix: string, count: number, target: string): string[] {
  return Array.from({ length: count }, (_, i) => site.page(`${prefix}${i}`, `<a href="${target}">${i}</a>`));
}

/** How many times each path of `paths` was fetched from `site`. */
export function fetchesPerPath(site: RemoteSite): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { path } of site.hits) counts.set(path, (counts.get(path) ?? 0) + 1);
  return counts;
}
