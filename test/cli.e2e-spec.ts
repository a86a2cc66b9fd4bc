/**
 * The example app's CLI as a user runs it: real processes (`dist/src/cli.js`, built by `scripts/start.js`), an SQLite
 * file, and real remote sites and endpoints on 127.0.0.1. Also the package's own `webmention` bin.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemoteSite } from './support/remote-site';
import { CliRun, outgoingRows, ROOT, runNode, seedFailedMentions } from './support/send-cli';
import { ReceiverSite } from './support/send-sites';

const CLI = join(ROOT, 'dist/src/cli.js');
const BIN = join(ROOT, 'dist/libs/webmention/src/cli/main.js');
const links = (...urls: string[]) =>
  `<!doctype html><article>${urls.map((u, i) => `<a href="${u}">link ${i}</a>`).join(' ')}</article>`;

describe('CLI (npm run cli)', () => {
  let dir: string;
  let sqlite: string;
  let origin: RemoteSite;
  let receiver: ReceiverSite;
  let env: Record<string, string>;
  const cli = (args: string[], input?: string): Promise<CliRun> => runNode(CLI, args, env, { input });
  const posts = () => receiver.hits.filter((h) => h.method === 'POST').length;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webmention-cli-'));
    sqlite = join(dir, 'blog.sqlite');
    origin = await new RemoteSite().start();
    receiver = await new ReceiverSite().start();
    env = { SQLITE_PATH: sqlite, WEBMENTION_ALLOW_PRIVATE_ADDRESSES: 'true', BASE_URL: origin.origin };
    // NOTE: builds the app when the compiled output is missing or stale, as `npm run cli` does.
    const built = await runNode(join(ROOT, 'scripts/start.js'), ['cli', '--help'], env, { timeoutMs: 150_000 });
    expect(built.stderr.replace('Building…', '').trim()).toBe('');
    expect(built.code).toBe(0);
  }, 160_000);

  afterAll(async () => {
    await origin?.stop();
    await receiver?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('--help lists the commands and exits 0', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const name of ['send', 'discover', 'reverify']) expect(run.stdout).toMatch(new RegExp(`^\\s+${name}\\b`, 'm'));
  }, 20_000);

  it('send without a source, or with one that is not a URL, exits 2 and says what to fix', async () => {
    const missing = await cli(['send']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing required argument 'source-url'/);
    const bad = await cli(['send', 'not-a-url']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/source-url/);
    expect(bad.stderr).toContain('Example: send https://');
    expect(posts()).toBe(0);
  }, 20_000);

  it('send fetches the source, notifies the target with an endpoint, reports the one without, and records both', async () => {
    const endpoint = receiver.endpoint('/ok/wm', () => ({ status: 202, headers: { Location: '/status/ok/1' } }));
    const withEndpoint = receiver.target('/ok', '/ok/wm');
    const without = receiver.target('/plain', null);
    const source = origin.page('/posts/two-targets', links(withEndpoint, without));

    const run = await cli(['send', source]);

    expect(run.stdout.split('\n')).toEqual([
      `✓ ${withEndpoint} → ${endpoint} (HTTP 202)`,
      `✗ ${without}: no endpoint`,
      '2 target(s): 1 sent, 0 failed, 1 without endpoint, 0 skipped over the cap',
      '',
    ]);
    expect(run.code).toBe(0);
    // NOTE: stderr is not a terminal here, so no progress bar is drawn.
    expect(run.stderr).toBe('');
    expect(receiver.received('/ok/wm').map((p) => p.fields.sort())).toEqual([
      [
        ['source', source],
        ['target', withEndpoint],
      ],
    ]);
    expect(
      outgoingRows(sqlite, source)
        .map((r) => [r.targetUrl, r.status, r.httpStatus])
        .sort(),
    ).toEqual([
      [withEndpoint, 'sent', 202],
      [without, 'no_endpoint', null],
    ]);
  }, 20_000);

  it('send exits 1 when an endpoint fails, and when the source cannot be read', async () => {
    receiver.endpoint('/broken/wm', () => ({ status: 500, body: 'oops' }));
    const target = receiver.target('/broken', '/broken/wm');
    const source = origin.page('/posts/broken-endpoint', links(target));

    const failed = await cli(['send', source]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`✗ ${target} → ${receiver.url('/broken/wm')}: HTTP 500: oops (HTTP 500)`);
    expect(failed.stdout).toContain('1 target(s): 0 sent, 1 failed');
    expect(receiver.received('/broken/wm')).toHaveLength(1);

    const unreadable = await cli(['send', origin.url('/posts/missing')]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain('the source answered HTTP 404');
  }, 20_000);

  it('send --content takes the HTML inline or from standard input instead of fetching the source', async () => {
    receiver.endpoint('/inline/wm');
    receiver.endpoint('/stdin/wm');
    const inlineTarget = receiver.target('/inline', '/inline/wm');
    const stdinTarget = receiver.target('/stdin', '/stdin/wm');
    const inlineSource = origin.url('/posts/not-served-inline');
    const stdinSource = origin.url('/posts/not-served-stdin');

    const inline = await cli(['send', inlineSource, '--content', links(inlineTarget)]);
    const piped = await cli(['send', stdinSource, '--content', '-'], links(stdinTarget));

    expect([inline.code, piped.code]).toEqual([0, 0]);
    expect(inline.stdout).toContain(`✓ ${inlineTarget} → `);
    expect(piped.stdout).toContain(`✓ ${stdinTarget} → `);
    expect(receiver.received('/inline/wm').map((p) => p.fields.sort())).toEqual([
      [
        ['source', inlineSource],
        ['target', inlineTarget],
      ],
    ]);
    expect(receiver.received('/stdin/wm').map((p) => p.fields.sort())).toEqual([
      [
        ['source', stdinSource],
        ['target', stdinTarget],
      ],
    ]);
    expect(origin.hits.filter((h) => h.path.startsWith('/posts/not-served'))).toHaveLength(0);
  }, 20_000);

  it('send --dry-run discovers but POSTs and records nothing', async () => {
    const endpoint = receiver.endpoint('/dry/wm');
    const target = receiver.target('/dry', '/dry/wm');
    const source = origin.page('/posts/dry', links(target));
    const before = posts();

    const run = await cli(['send', source, '--dry-run']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`· ${target} → ${endpoint} (dry run: not sent)`);
    expect(run.stdout).toContain('1 target(s): 1 would be sent');
    expect(receiver.views('/dry')).toBeGreaterThanOrEqual(1);
    expect(posts()).toBe(before);
    expect(outgoingRows(sqlite, source)).toEqual([]);
  }, 20_000);

  it('send --max-targets caps the fan-out for this run, recording the rest as skipped; a bad value exits 2', async () => {
    receiver.endpoint('/cap/wm');
    const targets = [1, 2, 3].map((n) => receiver.target(`/cap${n}`, '/cap/wm'));
    const source = origin.page('/posts/cap', links(...targets));

    const run = await cli(['send', source, '--max-targets', '2']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`- ${targets[2]}: skipped (over the cap of targets per source)`);
    expect(run.stdout).toContain('2 sent, 0 failed, 0 without endpoint, 1 skipped over the cap');
    const rows = outgoingRows(sqlite, source);
    expect(rows.find((r) => r.targetUrl === targets[2])).toMatchObject({ status: 'skipped' });
    const bad = await cli(['send', source, '--max-targets', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-targets must be a whole number from 1 to 100000 (got "0")');
  }, 30_000);

  it('send --json prints the report as JSON', async () => {
    const endpoint = receiver.endpoint('/json/wm', () => ({
      status: 201,
      headers: { Location: 'https://receiver.example/m/9' },
    }));
    const target = receiver.target('/json', '/json/wm');
    const source = origin.page('/posts/json', links(target));

    const run = await cli(['send', source, '--json']);

    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      source,
      deleted: false,
      dryRun: false,
      overflow: [],
      summary: { sent: 1, failed: 0, noEndpoint: 0, skipped: 0, wouldSend: 0 },
      targets: [
        {
          target,
          status: 'sent',
          endpoint,
          httpStatus: 201,
          location: 'https://receiver.example/m/9',
          stillLinked: true,
        },
      ],
    });
  }, 20_000);

  it('keeps the history of every send in the SQLite file', async () => {
    const rows = outgoingRows(sqlite);
    // two-targets (2), broken-endpoint (1), inline (1), stdin (1), cap (3), json (1); nothing for the dry run
    expect(rows).toHaveLength(9);
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(6);
  });

  it('discover prints the endpoint, or why there is none, and --json the whole result', async () => {
    const endpoint = receiver.endpoint('/disc/wm');
    const target = receiver.target('/disc', '/disc/wm');
    const bare = receiver.target('/disc-none', null);

    const found = await cli(['discover', target]);
    expect(found).toMatchObject({ code: 0, stdout: `${endpoint}\n` });
    const none = await cli(['discover', bare]);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain(`No Webmention endpoint for ${bare}: the page advertises no Webmention endpoint`);
    const json = await cli(['discover', target, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ target, endpoint, source: 'html', status: 200 });
    const usage = await cli(['discover', 'nope']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Example: discover https://');
  }, 20_000);

  it('reverify --status failed verifies each selected mention now and prints one line per mention', async () => {
    const gone = origin.page('/elsewhere/no-link', '<!doctype html><p>No link here.</p>');
    const missing = origin.url('/elsewhere/missing');
    seedFailedMentions(sqlite, [
      { source: gone, target: `${origin.origin}/posts/hello` },
      { source: missing, target: `${origin.origin}/posts/hello` },
    ]);

    const run = await cli(['reverify', '--status', 'failed']);

    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^✗ #1 ${gone} → .*: failed`));
    expect(lines[1]).toMatch(new RegExp(`^✗ #2 ${missing} → .*: failed`));
    expect(lines[2]).toBe('2 checked, 0 verified, 2 not verified');
    expect(
      origin.hits.filter((h) => h.path === '/elsewhere/no-link' || h.path === '/elsewhere/missing').length,
    ).toBeGreaterThanOrEqual(2);
  }, 20_000);

  it('reverify without a selection exits 2', async () => {
    const run = await cli(['reverify']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('choose what to verify again');
    expect(run.stdout).toBe('');
  }, 20_000);

  describe('the installed webmention bin', () => {
    let binEnv: Record<string, string>;
    let binSqlite: string;
    let hostModule: string;
    beforeAll(() => {
      binSqlite = join(dir, 'bin', 'webmention.sqlite');
      mkdirSync(join(dir, 'bin'), { recursive: true });
      binEnv = { WEBMENTION_ALLOW_PRIVATE_ADDRESSES: 'true' };
      // NOTE: a host's root module as the bin loads it: a plain CommonJS file exporting a dynamic module.
      hostModule = join(dir, 'bin', 'host.module.js');
      const from = (path: string) => JSON.stringify(join(ROOT, path));
      writeFileSync(
        hostModule,
        [
          `const { TypeOrmModule } = require(${from('node_modules/@nestjs/typeorm')});`,
          `const lib = require(${from('dist/libs/webmention/src')});`,
          'class HostModule {}',
          'module.exports = {',
          '  module: HostModule,',
          '  imports: [',
          `    TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ${JSON.stringify(binSqlite)},`,
          '      entities: [...lib.WEBMENTION_ENTITIES], migrations: lib.WEBMENTION_MIGRATIONS, migrationsRun: true }),',
          "    lib.WebmentionModule.forRoot({ baseUrl: 'http://localhost', http: { allowPrivateAddresses: true } }),",
          '  ],',
          '};',
        ].join('\n'),
      );
    });

    it('discovers an endpoint without a host module', async () => {
      const endpoint = receiver.endpoint('/bin-disc/wm');
      const run = await runNode(BIN, ['discover', receiver.target('/bin-disc', '/bin-disc/wm')], binEnv);
      expect(run).toMatchObject({ code: 0, stdout: `${endpoint}\n` });
    }, 20_000);

    it('runs send --dry-run without a host module, and refuses what needs the database, saying what to give', async () => {
      const endpoint = receiver.endpoint('/bin-dry/wm');
      const target = receiver.target('/bin-dry', '/bin-dry/wm');
      const source = origin.page('/posts/bin-dry', links(target));
      const before = posts();

      const dry = await runNode(BIN, ['send', source, '--dry-run'], binEnv);
      expect(dry.stdout).toContain(`· ${target} → ${endpoint} (dry run: not sent)`);
      expect(dry.code).toBe(0);
      expect(posts()).toBe(before);

      for (const args of [['send', source], ['list'], ['approve', '1']]) {
        const run = await runNode(BIN, args, binEnv);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(`webmention ${args[0] === 'send' ? 'send (without --dry-run)' : args[0]} needs`);
        expect(run.stderr).toContain('--module ./dist/app.module.js, or WEBMENTION_MODULE=');
        expect(run.stderr).toContain('webmention.config.js');
      }
      expect(posts()).toBe(before);
    }, 30_000);

    it('sends over the host module given by --module, WEBMENTION_MODULE or webmention.config.js, into its database', async () => {
      const endpoint = receiver.endpoint('/bin-send/wm');
      const sources = ['flag', 'env', 'config'].map((name) => {
        const target = receiver.target(`/bin-send-${name}`, '/bin-send/wm');
        return { target, source: origin.page(`/posts/bin-${name}`, links(target)) };
      });
      writeFileSync(join(dir, 'bin', 'webmention.config.js'), `module.exports = require('./host.module.js');\n`);

      const runs = [
        await runNode(BIN, ['send', sources[0].source, '--module', hostModule], binEnv),
        await runNode(BIN, ['send', sources[1].source], { ...binEnv, WEBMENTION_MODULE: hostModule }),
        await runNode(BIN, ['send', sources[2].source], binEnv, { cwd: join(dir, 'bin') }),
      ];

      runs.forEach((run, i) => {
        expect(run.stderr).toBe('');
        expect(run.stdout).toContain(`✓ ${sources[i].target} → ${endpoint} (HTTP 202)`);
        expect(run.code).toBe(0);
      });
      expect(receiver.received('/bin-send/wm')).toHaveLength(3);
      expect(outgoingRows(binSqlite).map((r) => [r.sourceUrl, r.targetUrl, r.status])).toEqual(
        sources.map(({ source, target }) => [source, target, 'sent']),
      );
      // NOTE: the database commands run too; nothing was received here, so list finds nothing (exit 1).
      const listed = await runNode(BIN, ['list', `--module=${hostModule}`], binEnv);
      expect(listed).toMatchObject({ code: 1, stderr: 'No mentions match.\n' });
    }, 40_000);
  });

  it('draws a progress bar on stderr when run at a terminal, and still prints the report', async () => {
    receiver.endpoint('/tty/wm');
    const target = receiver.target('/tty', '/tty/wm');
    const source = origin.page('/posts/at-a-terminal', links(target));
    // NOTE: `script` runs the CLI on a pseudo-terminal, as a person would.
    const run = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn('script', ['-qefc', `${process.execPath} ${CLI} send ${source}`, '/dev/null'], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
    expect(run.output).toContain('Sending [');
    expect(run.output).toContain(`✓ ${target} → ${receiver.url('/tty/wm')} (HTTP 202)`);
    expect(run.code).toBe(0);
  }, 30_000);
});
