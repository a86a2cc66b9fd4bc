/**
 * The library as its users get it: `npm pack` of libs/webmention, installed from the tarball into scratch apps made in
 * a temp folder (package.json + Nest from the registry + the README's install lines), one per row of the matrix. Each
 * boots, receives a mention for a source on 127.0.0.1, lists it verified, hears `webmention.verified` in its own
 * `@OnEvent` listener, has one copy of @nestjs/core, and runs the packaged `webmention` bin.
 *   TEST_DATABASE_URL  PostgreSQL for app D (default postgres://postgres@127.0.0.1:5432/test; a scratch database is made)
 *   TEST_REDIS_URL     Redis for app D (default redis://127.0.0.1:6379)
 *   TEST_PACKAGE_APPS  only these apps (A,B,C,D; default all)
 *   KEEP_SCRATCH=1     keep the temp folder
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { installLine, readmeInstallLines } from './support/readme-install';
import { entryOf, run, ScratchAppSpec, writeScratchApp } from './support/scratch-app';

const ROOT = join(__dirname, '..', '..');
const LIB = join(ROOT, 'libs/webmention');
const POSTGRES = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const INSTALL_TIMEOUT = 480_000;

const MATRIX: ScratchAppSpec[] = [
  { name: 'A', nest: 12, kind: 'ts', db: 'sqlite', queue: 'inline' },
  { name: 'B', nest: 12, kind: 'esm', db: 'sqlite', queue: 'inline' },
  { name: 'C', nest: 11, kind: 'cjs', db: 'sqlite', queue: 'inline' },
  { name: 'D', nest: 12, kind: 'cjs', db: 'postgres', queue: 'bull' },
];
const only = process.env.TEST_PACKAGE_APPS?.split(',');
const APPS = only ? MATRIX.filter((app) => only.includes(app.name)) : MATRIX;

const scratch = mkdtempSync(join(tmpdir(), 'webmention-package-'));
const pgDatabase = `webmention_pkg_${randomBytes(4).toString('hex')}`;
let tarball: string;

/** Runs `npm ...` and fails with its output when it exits non-zero. */
async function npm(args: string[], cwd: string, timeoutMs = INSTALL_TIMEOUT) {
  const result = await run('npm', args, {
    cwd,
    timeoutMs,
    env: { npm_config_update_notifier: 'false' },
  });
  if (result.code !== 0)
    throw new Error(`npm ${args.join(' ')} in ${cwd} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** Makes app `spec` in its folder and installs it; resolves with the install time. */
async function prepare(spec: ScratchAppSpec): Promise<number> {
  const dir = join(scratch, spec.name);
  mkdirSync(dir, { recursive: true });
  writeScratchApp(dir, spec);
  const lines = readmeInstallLines(ROOT);
  const line = installLine(lines, spec.db === 'sqlite' ? 'SQLite, in-process queue' : 'PostgreSQL, Redis queue');
  const cli = installLine(lines, 'webmention CLI');
  const started = Date.now();
  // NOTE: exactly the README's lines, with the package name pointing at the tarball.
  for (const packages of [line.packages, cli.packages])
    await npm(
      ['install', '--no-audit', '--no-fund', ...packages.map((p) => (p === 'nestjs-webmention' ? tarball : p))],
      dir,
    );
  const installMs = Date.now() - started;
  if (spec.kind === 'ts') await npm(['exec', '--', 'tsc', '-p', '.'], dir, 120_000);
  return installMs;
}

/** Runs `tasks` with at most `limit` at once. */
function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T>[] {
  const results: Promise<T>[] = [];
  const lanes: Promise<unknown>[] = Array.from({ length: limit }, () => Promise.resolve());
  tasks.forEach((task, i) => {
    const lane = i % limit;
    const result = lanes[lane].then(task);
    lanes[lane] = result.catch(() => undefined);
    results.push(result);
  });
  return results;
}

/** A source site on 127.0.0.1: each page is an h-entry linking to one target. */
class SourceSite {
  private server?: Server;
  private readonly pages = new Map<string, string>();
  origin = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const target = this.pages.get(req.url ?? '');
      res.writeHead(target ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        target
          ? `<!doctype html><article class="h-entry"><p class="e-content">Nice post: <a href="${target}">${target}</a></p></article>`
          : 'not found',
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  page(path: string, target: string): string {
    this.pages.set(path, target);
    return `${this.origin}${path}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `node <main>` in `dir` and resolves once it prints LISTENING; its output is collected on the result. */
function boot(
  dir: string,
  main: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [main], { cwd: dir, env: { ...process.env, ...env } });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${main} did not listen in 30 s:\n${output}`)), 30_000);
    child.on('exit', (code) => reject(new Error(`${main} exited ${code}:\n${output}`)));
    child.stdout!.on('data', () => {
      if (!output.includes('LISTENING')) return;
      clearTimeout(timer);
      resolve({ child, output: () => output });
    });
  });
}

/** Polls `check` until it gives a value, or fails after `ms`. */
async function eventually<T>(check: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let source: SourceSite;
let prepared: Promise<number>[];

beforeAll(async () => {
  source = await new SourceSite().start();
  const packed = await npm(['pack', '--json', '--pack-destination', scratch], LIB, 180_000);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
    filename: string;
    size: number;
    files: { path: string }[];
  }[];
  tarball = join(scratch, info.filename);
  process.stdout.write(`tarball ${info.filename}: ${info.size} bytes, ${info.files.length} files\n`);
  const admin = new Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pgDatabase}`);
  await admin.end();
  prepared = pool(
    APPS.map((spec) => () => prepare(spec)),
    Number(process.env.TEST_PACKAGE_CONCURRENCY || 2),
  );
  prepared.forEach((p) => p.catch(() => undefined));
}, 240_000);

afterAll(async () => {
  await Promise.allSettled(prepared ?? []);
  await source?.stop();
  const admin = new Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
  await admin.end();
  if (!process.env.KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
}, 60_000);

describe('the tarball', () => {
  it('holds only the library: compiled JS, declarations, templates, the stylesheet, README, LICENSE, CHANGELOG', async () => {
    const listed = await run('tar', ['-tzf', tarball], { cwd: scratch });
    const files = listed.stdout
      .trim()
      .split('\n')
      .map((f) => f.replace(/^package\//, ''));
    const allowed =
      /^(dist\/.+\.(js|d\.ts)|dist\/render\/templates\/[a-z-]+\.hbs|dist\/render\/webmention\.css|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files.filter((f) => /spec|__tests__|fixtures|bench|tsbuildinfo|\.map$|^src\//.test(f))).toEqual([]);
    for (const entry of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/testing/index.js',
      'dist/cli/index.js',
      'dist/cli/main.js',
    ])
      expect(files).toContain(entry);
    expect(files).toContain('dist/render/templates/webmentions.hbs');
    expect(statSync(tarball).size).toBeLessThan(400_000);
  });
});

describe.each(APPS)('app $name: Nest $nest, $kind, $db, $queue queue', (spec) => {
  const dir = join(scratch, spec.name);
  const { main, module } = entryOf(spec);

  it(
    'installs from the README lines with one copy of @nestjs/core',
    async () => {
      const installMs = await prepared[APPS.indexOf(spec)];
      process.stdout.write(`app ${spec.name}: installed in ${Math.round(installMs / 1000)} s\n`);
      const ls = await run('npm', ['ls', '@nestjs/core', '--all', '--parseable'], { cwd: dir });
      const copies = [
        ...new Set(
          ls.stdout
            .trim()
            .split('\n')
            .filter((l) => l.endsWith('node_modules/@nestjs/core')),
        ),
      ];
      expect(copies).toEqual([join(dir, 'node_modules/@nestjs/core')]);
      const core = await run(process.execPath, ['-p', "require('@nestjs/core/package.json').version"], { cwd: dir });
      expect(core.stdout.trim()).toMatch(new RegExp(`^${spec.nest}\\.`));
    },
    INSTALL_TIMEOUT * 2,
  );

  it('boots, verifies a mention from a source on 127.0.0.1, lists it, and its @OnEvent listener hears it', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const target = `${baseUrl}/posts/hello`;
    const page = source.page(`/app-${spec.name}/reply`, target);
    const app = await boot(dir, main, {
      PORT: String(port),
      BASE_URL: baseUrl,
      DATABASE: spec.db === 'sqlite' ? join(dir, 'site.sqlite') : POSTGRES.replace(/\/[^/]*$/, `/${pgDatabase}`),
      REDIS_URL: REDIS,
      BULL_PREFIX: `wmpkg-${randomBytes(4).toString('hex')}`,
    });
    try {
      const sent = await fetch(`${baseUrl}/webmention`, {
        method: 'POST',
        body: new URLSearchParams({ source: page, target }),
      });
      expect([201, 202]).toContain(sent.status);
      const item = await eventually(
        async () => {
          const listed = (await (
            await fetch(`${baseUrl}/webmentions?target=${encodeURIComponent(target)}`)
          ).json()) as {
            items: { sourceUrl: string; status: string }[];
          };
          return listed.items.find((i) => i.sourceUrl === page);
        },
        20_000,
        `${page} in /webmentions`,
      );
      expect(item.status).toBe('verified');
      await eventually(
        async () => (app.output().includes(`EVENT webmention.verified ${page}`) ? true : undefined),
        5_000,
        'the webmention.verified event in the app',
      );
    } finally {
      app.child.kill('SIGTERM');
      await new Promise((resolve) => app.child.once('exit', resolve));
    }
    expect(app.output()).not.toMatch(/ERROR/);
  }, 60_000);

  it('loads no optional peer it does not use, and names the package a missing one would need', async () => {
    const probe = [
      "const lib = require('nestjs-webmention');",
      'const loaded = Object.keys(require.cache).filter((f) => /node_modules[\\/](bull|@nestjs[\\/]bull|nest-commander|cli-progress)[\\/]/.test(f));',
      "let error = '';",
      "try { lib.WebmentionModule.forRoot({ baseUrl: 'http://127.0.0.1', queue: 'bull' }); } catch (e) { error = e.message; }",
      'process.stdout.write(JSON.stringify({ loaded, error }));',
    ].join('\n');
    const result = await run(process.execPath, ['-e', probe], { cwd: dir });
    const { loaded, error } = JSON.parse(result.stdout) as { loaded: string[]; error: string };
    expect(loaded).toEqual([]);
    if (spec.queue === 'bull') expect(error).toBe('');
    else
      expect(error).toBe(
        `WebmentionModule: queue: 'bull' needs the package "@nestjs/bull", which is not installed. Run: npm install @nestjs/bull bull`,
      );
  });

  it('runs the packaged webmention bin: --help, and list over the app module', async () => {
    const help = await run('npx', ['--no-install', 'webmention', '--help'], { cwd: dir, timeoutMs: 30_000 });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^\s+discover\b/m);
    const env = {
      DATABASE: spec.db === 'sqlite' ? join(dir, 'site.sqlite') : POSTGRES.replace(/\/[^/]*$/, `/${pgDatabase}`),
      REDIS_URL: REDIS,
      BULL_PREFIX: `wmpkg-${randomBytes(4).toString('hex')}`,
      BASE_URL: 'http://127.0.0.1',
    };
    const list = await run('npx', ['--no-install', 'webmention', 'list', '--module', module], {
      cwd: dir,
      env,
      timeoutMs: 30_000,
    });
    expect(list.stderr).toBe('');
    expect(list.stdout).toContain(`/app-${spec.name}/reply`);
    expect(list.code).toBe(0);
  }, 60_000);
});
