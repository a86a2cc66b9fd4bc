/**
 * `scan` and `watch` as a user runs them: the example app's CLI (`dist/src/cli.js`) over an SQLite file, a static
 * site's folder in a temporary directory, and real receiving sites on 127.0.0.1.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliRun, ROOT, runNode } from './support/send-cli';
import { ReceiverSite } from './support/send-sites';

const CLI = join(ROOT, 'dist/src/cli.js');
const SITE = 'https://blog.example';

describe('static site commands (npm run cli)', () => {
  let home: string;
  let dir: string;
  let receiver: ReceiverSite;
  let env: Record<string, string>;
  const targets: string[] = [];
  const cli = (args: string[]): Promise<CliRun> => runNode(CLI, args, env, { timeoutMs: 30_000 });
  const put = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  const posts = (i: number) => receiver.received(`/wm${i}`).map((p) => Object.fromEntries(p.fields).source as string);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'webmention-static-cli-'));
    dir = join(home, 'site');
    receiver = await new ReceiverSite().start();
    for (let i = 0; i < 3; i++) {
      receiver.endpoint(`/wm${i}`);
      targets.push(receiver.target(`/t${i}`, `/wm${i}`));
    }
    env = { SQLITE_PATH: join(home, 'blog.sqlite'), WEBMENTION_ALLOW_PRIVATE_ADDRESSES: 'true', BASE_URL: SITE };
    put('index.html', `<a href="${targets[0]}">zero</a>`);
    put('posts/hello.md', `---\ntitle: Hello\n---\n[one](${targets[1]})`);
    put('.git-like/ignored.md', `[two](${targets[2]})`);
    const built = await runNode(join(ROOT, 'scripts/start.js'), ['cli', '--help'], env, { timeoutMs: 150_000 });
    expect(built.code).toBe(0);
  }, 160_000);

  afterAll(async () => {
    await receiver?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('scan without --base-url, or with a folder that is not one, exits 2 and says what to fix', async () => {
    const missing = await cli(['scan', dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--base-url/);
    const notDir = await cli(['scan', join(dir, 'nope'), '--base-url', SITE]);
    expect(notDir.code).toBe(2);
    expect(notDir.stderr).toMatch(/is not a folder\. Example: scan \.\/public --base-url/);
    const badMap = await cli(['scan', dir, '--base-url', SITE, '--map', '/{slug}/']);
    expect(badMap.code).toBe(2);
    expect(badMap.stderr).toMatch(/unknown: \{slug\}/);
  }, 60_000);

  it('scan --dry-run lists pages and targets without sending or recording', async () => {
    const run = await cli(['scan', dir, '--base-url', SITE, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`▸ index.html → ${SITE}/ (dry run)`);
    expect(run.stdout).toContain(`▸ posts/hello.md → ${SITE}/posts/hello/ (dry run)`);
    expect(run.stdout).toContain(`· ${targets[1]} → ${receiver.url('/wm1')} (dry run: not sent)`);
    expect(run.stdout).toMatch(/2 page\(s\): 2 would be sent for, 0 unchanged, 0 deleted\n$/);
    expect(posts(0).length + posts(1).length + posts(2).length).toBe(0);
  }, 30_000);

  it('scan sends for every page once; run again it sends nothing', async () => {
    const first = await cli(['scan', dir, '--base-url', SITE]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`  ✓ ${targets[0]} → ${receiver.url('/wm0')} (HTTP 202)`);
    expect(first.stdout).toMatch(/2 page\(s\): 2 sent for, 0 failed, 0 unchanged, 0 deleted\n$/);
    expect(posts(0)).toEqual([`${SITE}/`]);
    expect(posts(1)).toEqual([`${SITE}/posts/hello/`]);
    expect(posts(2)).toEqual([]);

    const again = await cli(['scan', dir, '--base-url', SITE, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).summary).toMatchObject({ pages: 2, sent: 0, unchanged: 2 });
    expect(posts(0)).toHaveLength(1);
    expect(posts(1)).toHaveLength(1);
  }, 30_000);

  it('scan --since a git commit reads only the files changed since, and notices deleted pages', async () => {
    git('init', '-q');
    git('-c', 'user.email=a@b.example', '-c', 'user.name=A', 'add', '-A');
    git('-c', 'user.email=a@b.example', '-c', 'user.name=A', 'commit', '-qm', 'site');
    put('index.html', `<a href="${targets[0]}">zero</a> <a href="${targets[2]}">two</a>`);
    unlinkSync(join(dir, 'posts/hello.md'));

    const run = await cli(['scan', dir, '--base-url', SITE, '--since', 'HEAD']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`▸ index.html → ${SITE}/ (changed)`);
    expect(run.stdout).toContain(`▸ (deleted page) → ${SITE}/posts/hello/ (deleted)`);
    expect(run.stdout).toContain(`  ✓ ${targets[1]} → ${receiver.url('/wm1')} (HTTP 202) [link removed]`);
    expect(posts(1)).toEqual([`${SITE}/posts/hello/`, `${SITE}/posts/hello/`]);
    expect(posts(2)).toEqual([`${SITE}/`]);

    const badRef = await cli(['scan', dir, '--base-url', SITE, '--since', 'no-such-ref']);
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toMatch(/--since no-such-ref: not a date, nor a git commit/);
  }, 30_000);

  it('import reads a webmention.io jf2 file once, reports skipped entries, and export writes it back', async () => {
    const fixture = join(ROOT, 'test/fixtures/webmention-io/mentions.jf2.json');
    const dry = await cli(['import', '--jf2', fixture, '--dry-run']);
    expect(dry.stdout).toBe('6 entries: 6 would be imported, 0 already stored, 0 skipped\n');
    const first = await cli(['import', '--jf2', fixture]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('6 entries: 6 imported, 0 already stored, 0 skipped\n');
    const again = await cli(['import', fixture]);
    expect(again.stdout).toBe('6 entries: 0 imported, 6 already stored, 0 skipped\n');

    const broken = join(home, 'broken.jf2');
    writeFileSync(broken, JSON.stringify({ type: 'feed', children: [{ type: 'entry', 'wm-private': true }, 'x'] }));
    const skipped = await cli(['import', '--jf2', broken]);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout.split('\n')).toEqual([
      '2 entries: 0 imported, 0 already stored, 2 skipped',
      '- entry 0: wm-source is missing',
      '- entry 1: not an object',
      '',
    ]);
    writeFileSync(broken, '{"type": "card"}');
    const notFeed = await cli(['import', '--jf2', broken]);
    expect(notFeed.code).toBe(1);
    expect(notFeed.stderr).toMatch(/^import: not a jf2 feed: expected/);
    const noFeed = await cli(['import']);
    expect(noFeed.code).toBe(2);
    expect(noFeed.stderr).toMatch(/Example: import --jf2 mentions.jf2/);

    const exported = await cli(['export', '--jf2', '--target', 'https://site.example/posts/hello/']);
    expect(exported.code).toBe(0);
    const feed = JSON.parse(exported.stdout);
    expect(feed).toMatchObject({ type: 'feed', name: 'Webmentions' });
    expect(feed.children.map((c: Record<string, unknown>) => c['wm-source']).sort()).toEqual(
      JSON.parse(readFileSync(fixture, 'utf8'))
        .children.filter((c: Record<string, unknown>) => c['wm-target'] === 'https://site.example/posts/hello/')
        .map((c: Record<string, unknown>) => c['wm-source'])
        .sort(),
    );
  }, 60_000);

  it('watch prints a line per change and per target, and stops on SIGINT with exit 0', async () => {
    const child = spawn(process.execPath, [CLI, 'watch', dir, '--base-url', SITE, '--debounce', '100'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const waitFor = async (text: string) => {
      const deadline = Date.now() + 20_000;
      while (!stdout.includes(text)) {
        if (Date.now() > deadline) throw new Error(`no "${text}" in:\n${stdout}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    try {
      await waitFor('Watching ');
      put('notes/new.md', `[two](${targets[2]})`);
      await waitFor(`  ✓ ${targets[2]} → ${receiver.url('/wm2')} (HTTP 202)`);
      expect(stdout).toContain(`▸ notes/new.md → ${SITE}/notes/new/ (changed)`);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stdout).toMatch(/Stopped\.\n$/);
      expect(stderr).toBe('');
      expect(posts(2)).toEqual([`${SITE}/`, `${SITE}/notes/new/`]);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('watch stops on SIGTERM with exit 0 too', async () => {
    const child = spawn(process.execPath, [CLI, 'watch', dir, '--base-url', SITE], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const deadline = Date.now() + 20_000;
      while (!stdout.includes('Watching ') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout).toMatch(/Stopped\.\n$/);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});
