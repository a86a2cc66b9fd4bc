/**
 * The example worker killed with SIGKILL in the middle of a batch (its own process, PostgreSQL, Bull on a private
 * redis-server, `WEBMENTION_JOB_LOCK_MS` short): the jobs it held run again in the next worker once their locks expire
 * (Bull's stalled-job check), every mention ends verified, and none is verified twice.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { Webmention } from 'nestjs-webmention';
import { useExampleStack } from '../support/example-stack';
import { flood, tally } from '../support/flood';
import { describeWith, POSTGRES, REDIS_SERVER } from '../support/services';
import { eventually } from '../support/test-app';

const MENTIONS = 200;
const JOB_LOCK_MS = 2000;
/** How long each source takes to answer, so that the worker always has fetches in flight. */
const ANSWER_DELAY_MS = 20;

describeWith([POSTGRES, REDIS_SERVER], 'example worker killed with SIGKILL mid-batch', () => {
  const f = useExampleStack({ processInWeb: false, env: { WEBMENTION_JOB_LOCK_MS: String(JOB_LOCK_MS) } });
  const held = f.held;
  /** Answered fetches per path; the gate, when closed, holds every new fetch. */
  const answered = new Map<string, number>();
  let gateOpen = true;

  it('verifies every mention after a new worker starts, the killed worker’s jobs once more, none twice', async () => {
    const { site, stack } = f;
    const target = `${stack.base}/posts/hello-world`;
    const page = `<p>Replying to <a href="${target}">the post</a>.</p>`;
    const route = (req: IncomingMessage, res: ServerResponse) => {
      if (!gateOpen) return void held.push(res);
      setTimeout(() => {
        const path = req.url!;
        res.writeHead(200, { 'Content-Type': 'text/html' }).end(page, () => {
          answered.set(path, (answered.get(path) ?? 0) + 1);
        });
      }, ANSWER_DELAY_MS);
    };
    const sources = Array.from({ length: MENTIONS }, (_, i) => {
      site.routes.set(`/batch/${i}`, route);
      return site.url(`/batch/${i}`);
    });
    const answers = await flood(stack.base, sources, target, { connections: 16 });
    expect(tally(answers)).toEqual({ 201: MENTIONS });

    const repo = stack.web.get(DataSource).getRepository(Webmention);
    const first = stack.startWorker();
    await eventually(async () => (await repo.countBy({ status: 'verified' })) >= MENTIONS / 3, 60_000);
    // NOTE: the gate holds the fetches the worker starts from now on, so the kill lands on jobs mid-fetch; the
    // pause lets a job whose answer came just before finish writing it.
    gateOpen = false;
    await eventually(async () => held.length >= 1, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exited = new Promise((resolve) => first.once('exit', resolve));
    first.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    const interrupted = held.length;
    const verifiedAtKill = await repo.countBy({ status: 'verified' });
    for (const res of held.splice(0)) res.destroy();
    gateOpen = true;

    const second = stack.startWorker();
    await eventually(async () => (await repo.countBy({ status: 'verified' })) === MENTIONS, 60_000).catch(() => {
      throw new Error(`not all verified; the new worker wrote:\n${stack.output(second)}`);
    });
    const recoveredMs = Date.now() - killedAt;
    const fetched = new Map<string, number>();
    for (const { path } of site.hits) fetched.set(path, (fetched.get(path) ?? 0) + 1);
    const fetchedTwice = [...fetched.values()].filter((n) => n > 1).length;
    const answeredTwice = [...answered.values()].filter((n) => n > 1).length;
    process.stdout.write(
      `worker killed mid-batch: ${verifiedAtKill}/${MENTIONS} verified at the kill, ${interrupted} fetch(es) ` +
        `interrupted, all verified ${recoveredMs} ms after it; sources fetched twice ${fetchedTwice}, ` +
        `answered twice ${answeredTwice}\n`,
    );

    expect(interrupted).toBeGreaterThanOrEqual(1);
    expect(answered.size).toBe(MENTIONS);
    expect(answeredTwice).toBe(0);
    // NOTE: only the interrupted fetches are made again, by the new worker once their jobs' locks have expired.
    expect(fetchedTwice).toBe(interrupted);
    expect(recoveredMs).toBeLessThan(JOB_LOCK_MS * 2 + 20_000);
  }, 150_000);
});
