/**
 * The example blog's admin API end to end: the real `AppModule` on a real port with an SQLite file, posts created,
 * edited and deleted over HTTP, and the Webmentions each change sends arriving at real endpoints on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutgoingWebmentionStore } from 'nestjs-webmention';
import { RunningBlog, startExampleBlog } from './support/example-blog';
import { ReceiverSite } from './support/send-sites';
import { eventually } from './support/test-app';

const ADMIN_SECRET = 'example-blog-admin-token-0123456789';

const call = (url: string, init: RequestInit & { token?: string; json?: unknown } = {}) =>
  fetch(url, {
    ...init,
    headers: {
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      ...(init.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
    signal: AbortSignal.timeout(10_000),
  });

/** The `message` of a JSON error response. */
const messageOf = async (res: Response): Promise<string> => ((await res.json()) as { message: string }).message;

describe('example blog admin API', () => {
  let dir: string;
  let blog: RunningBlog;
  let receiver: ReceiverSite;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webmention-admin-'));
    receiver = await new ReceiverSite().start();
    blog = await startExampleBlog(join(dir, 'on'), { ADMIN_TOKEN: ADMIN_SECRET });
  }, 30_000);

  afterAll(async () => {
    await blog?.app.close();
    await receiver?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses requests without the right token (401), and everything when no token is configured (403)', async () => {
    const body = { slug: 'nope', title: 'Nope', html: '<p>x</p>' };
    const none = await call(`${blog.base}/admin/posts`, { method: 'POST', json: body });
    expect(none.status).toBe(401);
    expect(await messageOf(none)).toContain('Authorization: Bearer');
    expect((await call(`${blog.base}/admin/posts`, { method: 'POST', json: body, token: 'wrong' })).status).toBe(401);
    expect((await call(`${blog.base}/admin/posts/nope`, { method: 'DELETE' })).status).toBe(401);

    const off = await startExampleBlog(join(dir, 'off'), {});
    try {
      const refused = await call(`${off.base}/admin/posts`, { method: 'POST', json: body, token: ADMIN_SECRET });
      expect(refused.status).toBe(403);
      expect(await messageOf(refused)).toContain('set ADMIN_TOKEN');
    } finally {
      await off.app.close();
    }
    expect((await call(`${blog.base}/posts/nope`)).status).toBe(404);
  }, 30_000);

  it('answers bad input with 400 and a message saying what is wrong', async () => {
    const cases: [unknown, string][] = [
      [{ slug: 'Bad Slug', title: 'T', html: '<p>x</p>' }, 'slug must be lowercase letters, digits and dashes'],
      [{ slug: 'ok', title: 'T' }, 'html is required'],
      [{ slug: 'ok', title: 42, html: '<p>x</p>' }, 'title is required and must be text'],
    ];
    for (const [json, message] of cases) {
      const res = await call(`${blog.base}/admin/posts`, { method: 'POST', json, token: ADMIN_SECRET });
      expect(res.status).toBe(400);
      expect(await messageOf(res)).toContain(message);
    }
    expect((await call(`${blog.base}/posts/ok`)).status).toBe(404);
  }, 15_000);

  it('notifies the linked targets when a post is created, edited and deleted', async () => {
    receiver.endpoint('/a/wm');
    receiver.endpoint('/b/wm');
    const a = receiver.target('/a', '/a/wm');
    const b = receiver.target('/b', '/b/wm');
    const source = `${blog.base}/posts/hello`;
    const store = blog.app.get(OutgoingWebmentionStore);
    const fields = (path: string) => receiver.received(path).map((p) => p.fields.sort());
    const mention = (target: string) => [
      ['source', source],
      ['target', target],
    ];
    const waitForPosts = (count: number) =>
      eventually(
        async () => receiver.received('/a/wm').length >= count && receiver.received('/b/wm').length >= count,
        10_000,
      );

    const created = await call(`${blog.base}/admin/posts`, {
      method: 'POST',
      token: ADMIN_SECRET,
      json: {
        slug: 'hello',
        title: 'Hello',
        html: `<p>Replying to <a href="${a}">A</a> and <a href="${b}">B</a>.</p>`,
      },
    });
    expect(created.status).toBe(201);
    await waitForPosts(1);
    expect(fields('/a/wm')).toEqual([mention(a)]);
    expect(fields('/b/wm')).toEqual([mention(b)]);
    const page = await call(source);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`href="${a}"`);

    const edited = await call(`${blog.base}/admin/posts/hello`, {
      method: 'PUT',
      token: ADMIN_SECRET,
      json: { html: `<p>Only <a href="${a}">A</a> now.</p>` },
    });
    expect(edited.status).toBe(200);
    await waitForPosts(2);
    expect(fields('/a/wm')).toEqual([mention(a), mention(a)]);
    expect(fields('/b/wm')).toEqual([mention(b), mention(b)]);
    await eventually(async () => {
      const rows = await store.listForSource(source);
      return (
        rows.find((r) => r.targetUrl === b)?.stillLinked === false &&
        rows.find((r) => r.targetUrl === a)?.attempts === 2
      );
    }, 5_000);

    const removed = await call(`${blog.base}/admin/posts/hello`, { method: 'DELETE', token: ADMIN_SECRET });
    expect(removed.status).toBe(204);
    const tombstone = await call(source);
    expect(tombstone.status).toBe(410);
    const html = await tombstone.text();
    expect(html).toContain('This post was deleted');
    expect(html).not.toContain(receiver.origin);
    await waitForPosts(3);
    expect(fields('/a/wm')).toEqual([mention(a), mention(a), mention(a)]);
    expect(fields('/b/wm')).toEqual([mention(b), mention(b), mention(b)]);
    await eventually(
      async () =>
        (await store.listForSource(source)).every((r) => r.status === 'sent' && !r.stillLinked && r.attempts === 3),
      5_000,
    );
    expect(receiver.hits.filter((h) => h.method === 'POST')).toHaveLength(6);
    expect((await call(`${blog.base}/admin/posts/hello`, { method: 'DELETE', token: ADMIN_SECRET })).status).toBe(404);
  }, 30_000);
});
