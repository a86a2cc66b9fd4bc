/**
 * The same pair submitted 1,000 times at once, on both stacks: one row, every answer a 201 with the same status URL,
 * and at most two fetches of the source (one running, one successor for a change it may have missed).
 */
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Webmention } from 'nestjs-webmention';
import { RemoteSite } from './support/remote-site';
import { describeWith } from './support/services';
import { eventually, STACKS, startTestApp, TestApp } from './support/test-app';

const TARGET = 'https://blog.example/posts/concurrent';
const SUBMISSIONS = 1000;
/** Requests in flight at once (the client's sockets). */
const IN_FLIGHT = 100;

describe.each(STACKS)('one pair submitted 1,000 times at once on $name', (stack) => {
  describeWith(stack.services, 'concurrent submissions', () => {
    let t: TestApp;
    let site: RemoteSite;
    beforeAll(async () => {
      site = await new RemoteSite().start();
      t = await startTestApp({ stack, options: { refetchWindowMs: 60_000 } });
    }, 30_000);
    afterAll(async () => {
      await t?.close();
      await site?.stop();
    }, 30_000);

    it('makes one row, answers 201 with one status URL each time, and fetches the source at most twice', async () => {
      const source = site.page('/concurrent', `<p><a href="${TARGET}">this</a></p>`);
      const answers: { status: number; location?: string }[] = [];
      let next = 0;
      const worker = async () => {
        while (next < SUBMISSIONS) {
          next++;
          const res = await request(t.url).post('/webmention').type('form').send({ source, target: TARGET });
          answers.push({ status: res.status, location: res.headers.location });
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      expect(answers).toHaveLength(SUBMISSIONS);
      expect(answers.filter((a) => a.status !== 201)).toEqual([]);
      expect(new Set(answers.map((a) => a.location)).size).toBe(1);
      const repo = t.app.get(DataSource).getRepository(Webmention);
      await eventually(async () => (await repo.findOneByOrFail({ sourceUrl: source })).status === 'verified', 15_000);
      expect(await repo.countBy({ sourceUrl: source })).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const fetches = site.hits.filter((h) => h.path === '/concurrent').length;
      expect(fetches).toBeGreaterThanOrEqual(1);
      expect(fetches).toBeLessThanOrEqual(2);
    }, 60_000);
  });
});
