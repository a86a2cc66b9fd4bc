/**
 * The example app's worker as production runs it (its own process, PostgreSQL, Bull on a private redis-server):
 * SIGTERM while a verification is in flight ends the process within the shutdown bound, the mention stays pending
 * (nothing lost), and a worker started after it completes the job.
 */
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Webmention } from 'nestjs-webmention';
import { useExampleStack } from './support/example-stack';
import { describeWith, POSTGRES } from './support/services';
import { eventually } from './support/test-app';

/** The example app's default `shutdownTimeoutMs`, and room for the process to exit after it. */
const SHUTDOWN_BOUND_MS = 10_000 + 5_000;

describeWith([POSTGRES], 'example worker shut down with a job in flight', () => {
  const f = useExampleStack({ processInWeb: false });
  const held = f.held;

  it('exits on SIGTERM within the bound, keeps the mention pending, and a new worker verifies it', async () => {
    const target = `${f.stack.base}/posts/hello-world`;
    f.site.routes.set('/held', (_req, res) => held.push(res));
    const res = await request(f.stack.base)
      .post('/webmention')
      .type('form')
      .send({ source: f.site.url('/held'), target });
    expect(res.status).toBe(201);

    const first = f.stack.startWorker();
    await eventually(async () => held.length === 1, 30_000);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      first.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const started = Date.now();
    first.kill('SIGTERM');
    const exit = await exited;
    expect(Date.now() - started).toBeLessThan(SHUTDOWN_BOUND_MS);
    // NOTE: Nest re-raises the signal after its shutdown hooks, so a clean stop reads as "killed by SIGTERM".
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);

    const repo = f.stack.web.get(DataSource).getRepository(Webmention);
    expect((await repo.findOneByOrFail({ sourceUrl: f.site.url('/held') })).status).toBe('pending');

    f.site.page('/held', `<p>Replying to <a href="${target}">the post</a>.</p>`);
    for (const r of held.splice(0)) r.destroy();
    f.stack.startWorker();
    await eventually(
      async () => (await repo.findOneByOrFail({ sourceUrl: f.site.url('/held') })).status === 'verified',
      60_000,
    );
  }, 120_000);
});
