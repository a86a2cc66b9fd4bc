/**
 * Server-side failures at the endpoint, on both stacks and both adapters: a UrlResolver that throws and a database
 * that refuses the write answer `503` with `Retry-After` (the sender retries later), never a `400` that would tell
 * it the target is wrong, and never a `201` without its row; a resolver that answers null is still `400`.
 */
import { DataSource } from 'typeorm';
import request from 'supertest';
import type { UrlResolver } from 'nestjs-webmention';
import { Webmention } from 'nestjs-webmention';
import { describeWith } from './support/services';
import { STACKS, startTestApp, TestApp } from './support/test-app';

const VARIANTS = STACKS.flatMap((stack) => (['express', 'fastify'] as const).map((adapter) => ({ stack, adapter })));

/** Accepts `/posts/*`, answers null elsewhere, and throws for `/posts/broken`, as a resolver whose database is gone. */
class FlakyResolver implements UrlResolver<string> {
  resolve(targetUrl: string): string | null {
    const path = new URL(targetUrl).pathname;
    if (path === '/posts/broken') throw new Error('connection terminated unexpectedly');
    return path.startsWith('/posts/') ? path : null;
  }

  getAbsoluteUrl(path: string): string {
    return `https://blog.example${path}`;
  }
}

describe.each(VARIANTS)('endpoint failures on $stack.name over $adapter', ({ stack, adapter }) => {
  describeWith(stack.services, 'server-side failures', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ stack, adapter, options: { urlResolver: new FlakyResolver() } });
    }, 30_000);
    afterAll(() => t?.close(), 30_000);

    const post = (target: string, source = 'http://127.0.0.1:9/src') =>
      request(t.url).post('/webmention').set('Accept', 'application/json').type('form').send({ source, target });
    const rows = () => t.app.get(DataSource).getRepository(Webmention).count();

    it('answers 503 with Retry-After when the UrlResolver throws, storing nothing', async () => {
      const before = await rows();
      const res = await post('https://blog.example/posts/broken');
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('30');
      expect(res.body).toEqual({
        error: 'temporarily_unavailable',
        error_description: expect.stringContaining('try again later'),
      });
      expect(await rows()).toBe(before);
    });

    it('still answers 400 target_not_accepted when the resolver answers null', async () => {
      const res = await post('https://blog.example/about');
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('target_not_accepted');
      expect(res.headers['retry-after']).toBeUndefined();
    });

    it('answers 503 while the database refuses the write, and 201 with its row once it is back', async () => {
      const db = t.app.get(DataSource);
      // NOTE: on PostgreSQL the tables live in the test's own schema.
      const schema = (db.options as { schema?: string }).schema;
      const away = schema ? `${schema}.webmentions_away` : 'webmentions_away';
      await db.query(`ALTER TABLE ${db.getRepository(Webmention).metadata.tablePath} RENAME TO webmentions_away`);
      try {
        const res = await post('https://blog.example/posts/db-down', 'http://127.0.0.1:9/db-down');
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('30');
      } finally {
        await db.query(`ALTER TABLE ${away} RENAME TO webmentions`);
      }
      const res = await post('https://blog.example/posts/db-down', 'http://127.0.0.1:9/db-down');
      expect(res.status).toBe(201);
      expect(await db.getRepository(Webmention).countBy({ sourceUrl: 'http://127.0.0.1:9/db-down' })).toBe(1);
    });
  });
});
