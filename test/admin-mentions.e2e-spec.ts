/**
 * The example blog's moderation pages over HTTP: sign-in with ADMIN_TOKEN and its session cookie, the CSRF value of
 * the forms, bad input answered 400/403/404 with `{ error, error_description }`, a held mention approved through the
 * library's ModerationService (and mirrored by the blog's CommentAdapter), and the library's moderation API behind
 * the blog's bearer guard. The real AppModule on a real port with an SQLite file; the source is a real local site.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { WebmentionStore } from 'nestjs-webmention';
import { Comment } from '../src/blog/comment.entity';
import { heldReplyPage, sendAndVerify } from './support/blog-seed';
import { RunningBlog, startExampleBlog } from './support/example-blog';
import { RemoteSite } from './support/remote-site';

const TOKEN = 'moderation-admin-token-0123456789abcdef';

/** The example blog holding received mentions for moderation, its jobs run in the web process. */
const startBlog = (dir: string, env: Record<string, string>): Promise<RunningBlog> =>
  startExampleBlog(dir, { WEBMENTION_MODERATION: 'pending', ...env }, { processInWeb: true });

/** A request without following redirects, so 303s and their cookies can be read. */
const call = (url: string, init: RequestInit & { form?: Record<string, string>; json?: boolean } = {}) =>
  fetch(url, {
    redirect: 'manual',
    ...init,
    headers: { ...(init.json ? { Accept: 'application/json' } : {}), ...(init.headers as Record<string, string>) },
    body: init.form ? new URLSearchParams(init.form) : init.body,
    signal: AbortSignal.timeout(10_000),
  });

describe('example blog moderation pages', () => {
  let dir: string;
  let site: RemoteSite;
  let blog: RunningBlog;
  let id: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webmention-moderation-'));
    site = await new RemoteSite().start();
    blog = await startBlog(join(dir, 'on'), { ADMIN_TOKEN: TOKEN });
    const target = `${blog.base}/posts/hello-world`;
    const source = site.page('/held', heldReplyPage(target));
    await sendAndVerify(blog.base, source, target);
    id = (await blog.app.get(WebmentionStore).list({}, { limit: 1 })).items[0].id;
  }, 30_000);

  afterAll(async () => {
    await blog?.app.close();
    await site?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function signIn(): Promise<{ cookie: string; csrf: string }> {
    const res = await call(`${blog.base}/admin/login`, { method: 'POST', form: { token: TOKEN } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/mentions');
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const page = await (await call(`${blog.base}/admin/mentions`, { headers: { Cookie: cookie } })).text();
    return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1] };
  }

  it('asks for the token, refuses a wrong one, and signs in with a cookie that is not the token', async () => {
    const anonymous = await call(`${blog.base}/admin/mentions`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain('<input type="password" name="token"');
    const wrong = await call(`${blog.base}/admin/login`, { method: 'POST', form: { token: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('That is not the admin token');
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const res = await call(`${blog.base}/admin/login`, { method: 'POST', form: { token: TOKEN } });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^blog_admin=\d+\.[\w-]+; Max-Age=28800; Path=\/admin; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toContain(TOKEN);
    const { cookie } = await signIn();
    const page = await call(`${blog.base}/admin/mentions`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Held for moderation (1)');
    expect(html).toContain('Oscar Held');
    expect(html).not.toContain(TOKEN);
    expect((await call(`${blog.base}/admin/mentions`, { headers: { Cookie: `${cookie}x` } })).status).toBe(401);
  });

  it('answers bad requests with a clear error, and changes nothing', async () => {
    const { cookie, csrf } = await signIn();
    const post = (path: string, form: Record<string, string>, headers: Record<string, string> = { Cookie: cookie }) =>
      call(`${blog.base}/admin/mentions/${path}`, { method: 'POST', form, headers, json: true });
    const cases: [Response, number, string][] = [
      [await post(`${id}/approve`, {}), 403, 'invalid_csrf'],
      [await post(`${id}/approve`, { csrf: 'forged' }), 403, 'invalid_csrf'],
      [await post(`${id}/approve`, { csrf }, {}), 401, 'unauthorized'],
      [await post(`${id}/approve`, { csrf }, { Authorization: 'Bearer wrong' }), 401, 'unauthorized'],
      [await post(`abc/approve`, { csrf }), 400, 'invalid_id'],
      [await post(`0/approve`, { csrf }), 400, 'invalid_id'],
      [await post(`${id}/publish`, { csrf }), 400, 'invalid_action'],
      [await post(`999999/approve`, { csrf }), 404, 'not_found'],
    ];
    for (const [res, status, error] of cases) {
      expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([status, error]);
    }
    const html = await post('abc/approve', { csrf }, { Cookie: cookie, Accept: 'text/html' });
    expect(html.status).toBe(400);
    expect(await html.text()).toContain('The mention id must be a positive whole number.');
    expect((await blog.app.get(WebmentionStore).findById(id))?.moderation).toBe('pending');
  });

  it('approves with the form: 303 back to the page, the mention approved and mirrored into the comments', async () => {
    const { cookie, csrf } = await signIn();
    const res = await call(`${blog.base}/admin/mentions/${id}/approve`, {
      method: 'POST',
      form: { csrf },
      headers: { Cookie: cookie },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/mentions?done=approve:${id}`);
    expect((await blog.app.get(WebmentionStore).findById(id))?.moderation).toBe('approved');
    const comments = await blog.app.get(DataSource).getRepository(Comment).find();
    expect(comments.map((c) => [c.webmentionId, c.authorName])).toEqual([[id, 'Oscar Held']]);
    const page = await (
      await call(`${blog.base}${res.headers.get('location')}`, { headers: { Cookie: cookie } })
    ).text();
    expect(page).toContain(`Approved: mention ${id}.`);
    expect(page).toContain('Held for moderation (0)');
    const post = await (await call(`${blog.base}/posts/hello-world`)).text();
    expect(post).toContain('Waiting for a moderator, patiently.');
  });

  it('takes the bearer token instead of a cookie, for scripts, and guards the library API with it', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const rejected = await call(`${blog.base}/admin/mentions/${id}/reject`, {
      method: 'POST',
      headers: auth,
      json: true,
    });
    expect(rejected.status).toBe(200);
    expect(await rejected.json()).toEqual({ id, action: 'reject', changed: true });
    expect((await blog.app.get(WebmentionStore).findById(id))?.moderation).toBe('rejected');
    expect(await blog.app.get(DataSource).getRepository(Comment).count()).toBe(0);

    expect((await call(`${blog.base}/webmentions/moderation`)).status).toBe(401);
    const listed = await call(`${blog.base}/webmentions/moderation`, { headers: auth });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { items: { id: number }[] }).items.map((m) => m.id)).toEqual([id]);
  });

  it('signs out, and is off (403) when ADMIN_TOKEN is not set', async () => {
    const { cookie, csrf } = await signIn();
    const out = await call(`${blog.base}/admin/logout`, {
      method: 'POST',
      form: { csrf },
      headers: { Cookie: cookie },
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^blog_admin=; Max-Age=0;/);

    const off = await startBlog(join(dir, 'off'), {});
    try {
      const page = await call(`${off.base}/admin/mentions`);
      expect(page.status).toBe(403);
      expect(await page.text()).toContain('set ADMIN_TOKEN');
      const json = await call(`${off.base}/admin/mentions/1/approve`, { method: 'POST', json: true });
      expect(json.status).toBe(403);
      expect(await json.json()).toEqual({
        error: 'admin_off',
        error_description: expect.stringContaining('ADMIN_TOKEN'),
      });
      expect((await call(`${off.base}/admin/login`, { method: 'POST', form: { token: '' } })).status).toBe(403);
    } finally {
      await off.app.close();
    }
  }, 30_000);
});
