/**
 * Scale-out: the example app as two web processes without processor and two workers, on one PostgreSQL database and
 * one redis-server, both web processes flooded at once. Every mention is verified exactly once (its source fetched
 * once), and both workers take a share of the work (each fetches with its own `User-Agent`, so the source site can
 * tell them apart).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { Webmention } from 'nestjs-webmention';
import { useExampleStack } from '../support/example-stack';
import { flood, tally } from '../support/flood';
import { describeWith, POSTGRES, REDIS_SERVER } from '../support/services';
import { eventually } from '../support/test-app';

/** Mentions per web process. */
const PER_WEB = 500;
const CONNECTIONS = 8;
const WORKERS = ['worker-a (Webmention)', 'worker-b (Webmention)'];

describeWith([POSTGRES, REDIS_SERVER], 'scale-out: two web processes and two workers on one database and Redis', () => {
  const f = useExampleStack({ processInWeb: false });

  it('verifies every mention of a flood on both web processes exactly once, the work shared by both workers', async () => {
    const { site, stack } = f;
    const target = `${stack.base}/posts/hello-world`;
    const fetchedBy = new Map<string, string[]>();
    const route = (req: IncomingMessage, res: ServerResponse) => {
      const path = req.url!;
      fetchedBy.set(path, [...(fetchedBy.get(path) ?? []), String(req.headers['user-agent'])]);
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<p>About <a href="${target}">the post</a>.</p>`);
    };
    const sources = (web: string) =>
      Array.from({ length: PER_WEB }, (_, i) => {
        site.routes.set(`/${web}/${i}`, route);
        return site.url(`/${web}/${i}`);
      });

    const second = await stack.startWeb();
    const workers = WORKERS.map((name) => stack.startWorker({ WEBMENTION_USER_AGENT: name }));
    const started = Date.now();
    const [one, two] = await Promise.all([
      flood(stack.base, sources('one'), target, { connections: CONNECTIONS }),
      flood(second.url, sources('two'), target, { connections: CONNECTIONS }),
    ]);
    const floodMs = Date.now() - started;
    expect(tally(one)).toEqual({ 201: PER_WEB });
    expect(tally(two)).toEqual({ 201: PER_WEB });

    const repo = stack.web.get(DataSource).getRepository(Webmention);
    await eventually(async () => (await repo.countBy({ status: 'verified' })) === 2 * PER_WEB, 90_000).catch(() => {
      throw new Error(`not all verified; the workers wrote:\n${workers.map((w) => stack.output(w)).join('\n---\n')}`);
    });
    const settledMs = Date.now() - started;
    // NOTE: a moment for a second fetch of any source, should one be coming, to show.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const rows = await repo.find({ select: { sourceUrl: true, status: true } });
    const fetches = [...fetchedBy.values()];
    const twice = fetches.filter((agents) => agents.length > 1).length;
    const share = new Map(WORKERS.map((name) => [name, fetches.flat().filter((agent) => agent === name).length]));
    process.stdout.write(
      `scale-out: ${2 * PER_WEB} requests on two web processes in ${floodMs} ms, all verified after ${settledMs} ms; ` +
        `rows ${rows.length}; sources fetched ${fetches.length}, twice ${twice}; by worker ${JSON.stringify(Object.fromEntries(share))}\n`,
    );

    expect(rows).toHaveLength(2 * PER_WEB);
    expect(rows.filter((r) => r.status !== 'verified')).toEqual([]);
    expect(fetches).toHaveLength(2 * PER_WEB);
    expect(twice).toBe(0);
    // NOTE: both workers took part; with the jobs spread by Bull, neither is left with less than a tenth.
    for (const name of WORKERS) expect(share.get(name)).toBeGreaterThanOrEqual(PER_WEB / 5);
    expect([...share.values()].reduce((a, b) => a + b, 0)).toBe(2 * PER_WEB);
  }, 150_000);
});
