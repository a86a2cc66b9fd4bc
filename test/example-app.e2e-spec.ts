import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Webmention } from 'nestjs-webmention';
import { AppModule } from '../src/app.module';
import { Comment } from '../src/blog/comment.entity';
import { Post } from '../src/blog/post.entity';
import { loadConfig } from '../src/config';
import { freePort } from './support/redis-server';
import { RemoteSite } from './support/remote-site';
import { describeWith, POSTGRES, POSTGRES_URL, postgresQuery, ServiceStatus } from './support/services';
import { eventually } from './support/test-app';

/** How the example app stores its data in one variant: environment entries, and the clean-up. */
interface Storage {
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function sqliteStorage(): Promise<Storage> {
  const dir = mkdtempSync(join(tmpdir(), 'webmention-example-'));
  return {
    env: { SQLITE_PATH: join(dir, 'data', 'blog.sqlite') },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresStorage(): Promise<Storage> {
  const name = `wm_example_${randomBytes(6).toString('hex')}`;
  const admin = postgresQuery;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return { env: { DATABASE_URL: url.href }, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const VARIANTS: { name: string; services: ServiceStatus[]; storage: () => Promise<Storage> }[] = [
  { name: 'SQLite', services: [], storage: sqliteStorage },
  { name: 'PostgreSQL', services: [POSTGRES], storage: postgresStorage },
];

describe.each(VARIANTS)('example blog on $name', ({ services, storage }) => {
  describeWith(services, 'web process', () => {
    let db: Storage;
    let site: RemoteSite;
    let app: INestApplication | undefined;
    let port: number;
    let base: string;

    async function boot(): Promise<void> {
      // NOTE: the reply's author (alice.example) has no page to confirm it; the blog has no switch for holding such
      // mentions, so the local source host is trusted, as an auto-approved host's mentions are never held.
      const config = loadConfig({
        PORT: '0',
        BASE_URL: base,
        WEBMENTION_ALLOW_PRIVATE_ADDRESSES: 'true',
        WEBMENTION_AUTO_APPROVE_HOSTS: '127.0.0.1',
        ...db.env,
      });
      app = await NestFactory.create(AppModule.forRoot({ role: 'web', config, processInWeb: true }), { logger: false });
      await app.listen(port, '127.0.0.1');
    }

    beforeAll(async () => {
      site = await new RemoteSite().start();
      db = await storage();
      port = await freePort();
      base = `http://127.0.0.1:${port}`;
      await boot();
    }, 30_000);
    afterAll(async () => {
      await app?.close();
      await db?.drop();
      await site?.stop();
    }, 30_000);

    it('lists both demo posts on the home page', async () => {
      const res = await request(base).get('/').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain(`<a href="${base}/posts/hello-world">Hello, world</a>`);
      expect(res.text).toContain(`<a href="${base}/posts/second-post">A second post</a>`);
      expect(res.text.indexOf('/posts/second-post')).toBeLessThan(res.text.indexOf('/posts/hello-world')); // newest first
    });

    it('advertises the endpoint on a post in a Link header and a <link> element', async () => {
      const res = await request(base).get('/posts/hello-world').expect(200);
      expect(res.headers.link).toBe(`<${base}/webmention>; rel="webmention"`);
      const head = res.text.slice(0, res.text.indexOf('</head>'));
      expect(head).toContain(`<link rel="webmention" href="${base}/webmention">`);
      expect(res.text).toContain('<h1 class="p-name">Hello, world</h1>');
      expect(res.text).toContain('<time class="dt-published" datetime="2026-01-01T09:00:00.000Z">2026-01-01</time>');
      expect(res.text).toContain('Responses (0)');
    });

    it('answers 404 for an unknown post', async () => {
      await request(base).get('/posts/nope').expect(404);
    });

    it('sends a CSP without scripts, nosniff and no X-Powered-By on its pages, its 404s and the library routes', async () => {
      for (const [path, status] of [
        ['/', 200],
        ['/posts/hello-world', 200],
        ['/posts/nope', 404],
        ['/webmention', 200],
      ] as const) {
        const res = await request(base).get(path).expect(status);
        const csp = res.headers['content-security-policy'];
        expect(csp).toContain("script-src 'none'");
        expect(csp).toContain("script-src-attr 'none'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('refuses a mention of an unknown post with 400 target_not_accepted, storing nothing', async () => {
      const target = `${base}/posts/nope`;
      const source = site.page('/unknown-post', `<a href="${target}">nope</a>`);
      const res = await request(base)
        .post('/webmention')
        .set('Accept', 'application/json')
        .type('form')
        .send({ source, target });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('target_not_accepted');
      expect(await app!.get(DataSource).getRepository(Webmention).count()).toBe(0);
    });

    it('verifies a reply and shows it under the post with its author and sanitised content', async () => {
      const target = `${base}/posts/hello-world`;
      const source = site.page(
        '/reply',
        `<!doctype html><html><body>
          <article class="h-entry">
            <a class="p-author h-card" href="https://alice.example/">Alice Example</a>
            <div class="e-content">Great post! <a class="u-in-reply-to" href="${target}">in reply</a>
              <script>alert("x")</script><img src="https://alice.example/a.png" onerror="alert(1)" alt="pic">
              <a href="javascript:alert(2)">click</a></div>
            <a class="u-url" href="/reply"><time class="dt-published" datetime="2026-02-01T10:00:00Z">1 Feb</time></a>
          </article>
        </body></html>`,
      );
      const res = await request(base).post('/webmention').type('form').send({ source, target });
      expect(res.status).toBe(201);
      expect(res.headers.location).toMatch(new RegExp(`^${base}/webmention/status/[A-Za-z0-9_-]+$`));
      const statusPath = new URL(res.headers.location).pathname;
      await eventually(async () => (await request(base).get(statusPath)).body.status === 'verified', 10_000);

      const page = await eventually(async () => {
        const p = await request(base).get('/posts/hello-world').expect(200);
        return p.text.includes('Responses (1)') ? p.text : null;
      }, 5000);
      // NOTE: the responses are the library's markup now (showWebmentions), no longer the blog's own.
      const responses = page.slice(page.indexOf('<section class="responses"'));
      expect(responses).toContain('<li class="wm-comment wm-comment--reply h-cite">');
      expect(responses).toMatch(
        /<a class="wm-comment__name p-name u-url" href="https:\/\/alice\.example\/"[^>]*>Alice Example<\/a>/,
      );
      expect(responses).toContain('Great post!');
      // The image is served by the media proxy on the blog's origin, never loaded from the source.
      const key = createHash('sha256').update('https://alice.example/a.png').digest('hex');
      expect(responses).toContain(`src="${base}/webmention/media/${key}"`);
      expect(responses).not.toContain('alice.example/a.png');
      expect(responses).not.toMatch(/<script|onerror|javascript:|alert\(/i);
      expect(responses).toContain(`<input type="hidden" name="target" value="${target}">`);
      const home = await request(base).get('/').expect(200);
      expect(home.text).toContain('<span class="counts">1 reply</span>');

      const comments = await app!.get(DataSource).getRepository(Comment).find();
      expect(comments).toHaveLength(1);
      expect(comments[0]).toMatchObject({ kind: 'reply', authorName: 'Alice Example', url: source });
    }, 30_000);

    it('runs its migrations once: a restart on the same database keeps two posts and the reply', async () => {
      await app!.close();
      app = undefined;
      await boot();
      expect(await app!.get(DataSource).getRepository(Post).count()).toBe(2);
      const home = await request(base).get('/').expect(200);
      expect(home.text.match(/<li><a href=/g)).toHaveLength(2);
      const page = await request(base).get('/posts/hello-world').expect(200);
      expect(page.text).toContain('Responses (1)');
      expect(page.text).toContain('Alice Example');
    }, 30_000);
  });
});
