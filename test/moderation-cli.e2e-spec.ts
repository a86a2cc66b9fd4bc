/**
 * The moderation commands as a user runs them: real processes of the example app's CLI (`dist/src/cli.js`, built by
 * `scripts/start.js`) over an SQLite file, with a real source site on 127.0.0.1 for the commands that verify.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemoteSite } from './support/remote-site';
import { CliRun, ROOT, runNode } from './support/send-cli';

/** The small part of better-sqlite3 used here (the package ships no type declarations in this project). */
interface SqliteDatabase {
  prepare(sql: string): {
    all(...params: unknown[]): unknown[];
    run(...params: unknown[]): { lastInsertRowid: number };
  };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (
  file: string,
  options?: { fileMustExist?: boolean },
) => SqliteDatabase;

const CLI = join(ROOT, 'dist/src/cli.js');
const TARGET = 'https://blog.example/posts/hello';

/** A stored mention to seed. */
interface Seed {
  source: string;
  status?: string;
  moderation?: string;
  type?: string;
  author?: string | null;
  content?: string | null;
}

/** A mention row as the tests read it back. */
interface Row {
  id: number;
  status: string;
  moderation: string;
  spamCheckResult: string | null;
}

describe('moderation CLI (npm run cli)', () => {
  let dir: string;
  let sqlite: string;
  let site: RemoteSite;
  let env: Record<string, string>;
  let seeded = 0;
  const cli = (...args: string[]): Promise<CliRun> => runNode(CLI, args, env);

  /** Inserts mentions straight into the SQLite file and returns their ids. */
  function seed(...seeds: Seed[]): number[] {
    const db = new Database(sqlite, { fileMustExist: true });
    try {
      const insert = db.prepare(
        `INSERT INTO webmentions (sourceUrl, targetUrl, pairHash, targetMatchHash, sourceHost, status, moderation, mentionType, authorName, content, statusToken)
         VALUES (?, ?, ?, 'seed-target', ?, ?, ?, ?, ?, ?, ?)`,
      );
      return seeds.map((s) => {
        const n = ++seeded;
        const host = new URL(s.source).hostname;
        const result = insert.run(
          s.source,
          TARGET,
          `seed-pair-${n}`,
          host,
          s.status ?? 'verified',
          s.moderation ?? 'approved',
          s.type ?? 'mention',
          s.author === undefined ? 'Alice' : s.author,
          s.content ?? null,
          `seed-token-${n}`,
        );
        return Number(result.lastInsertRowid);
      });
    } finally {
      db.close();
    }
  }

  /** The rows with these ids, by id. */
  function rows(...ids: number[]): (Row | undefined)[] {
    const db = new Database(sqlite, { fileMustExist: true });
    try {
      const select = db.prepare('SELECT id, status, moderation, spamCheckResult FROM webmentions WHERE id = ?');
      return ids.map((id) => select.all(id)[0] as Row | undefined);
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webmention-moderation-cli-'));
    sqlite = join(dir, 'blog.sqlite');
    site = await new RemoteSite().start();
    env = { SQLITE_PATH: sqlite, WEBMENTION_ALLOW_PRIVATE_ADDRESSES: 'true', BASE_URL: 'https://blog.example' };
    // NOTE: builds the app when the compiled output is missing or stale, as `npm run cli` does; the run creates the file.
    const built = await runNode(join(ROOT, 'scripts/start.js'), ['cli', '--help'], env, { timeoutMs: 150_000 });
    expect(built.stderr.replace('Building…', '').trim()).toBe('');
    expect(built.code).toBe(0);
  }, 160_000);

  afterAll(async () => {
    await site?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('--help lists list and the moderation commands', async () => {
    const run = await cli('--help');
    expect(run.code).toBe(0);
    for (const name of ['list', 'approve', 'reject', 'spam', 'not-spam', 'delete', 'reverify'])
      expect(run.stdout).toMatch(new RegExp(`^\\s+${name}\\b`, 'm'));
  }, 20_000);

  it('list prints one line per mention, newest first, filtered, and --json an array', async () => {
    const [a, b, c] = seed(
      { source: 'https://list-a.example/1', type: 'reply', author: 'Ann' },
      { source: 'https://list-b.example/2', status: 'spam', moderation: 'pending', author: null },
      { source: 'https://list-b.example/3', type: 'like', author: 'Bea \u001b[31mred\u001b[0m' },
    );

    const all = await cli('list', '--source-host', 'list-b.example');
    expect(all.code).toBe(0);
    const line = (id: number, columns: string[], source: string) =>
      [
        `#${id}`.padEnd(7),
        ...columns.slice(0, 3).map((c) => c.padEnd(9)),
        columns[3].padEnd(24),
        `${source} → ${TARGET}`,
      ].join(' ');
    expect(all.stdout.split('\n')).toEqual([
      line(c, ['verified', 'approved', 'like', 'Bea  [31mred [0m'], 'https://list-b.example/3'),
      line(b, ['spam', 'pending', 'mention', '-'], 'https://list-b.example/2'),
      '2 mention(s)',
      '',
    ]);
    expect(all.stdout).not.toContain('\u001b');

    const spam = await cli('list', '--status', 'spam', '--source-host', 'list-b.example', '--json');
    expect(spam.code).toBe(0);
    expect(JSON.parse(spam.stdout)).toEqual([
      expect.objectContaining({ id: b, sourceUrl: 'https://list-b.example/2', status: 'spam', moderation: 'pending' }),
    ]);

    const replies = await cli('list', '--type', 'reply,like', '--limit', '1');
    expect(replies.stdout.split('\n')[0]).toMatch(new RegExp(`^#${c}\\s`));
    expect(replies.stdout).toContain('1 of 2 matching mention(s), newest first (see more with --limit)');
    expect((await cli('list', '--search', 'list-a')).stdout).toMatch(
      new RegExp(`^#${a}\\s+verified\\s+approved\\s+reply\\s+Ann`),
    );
  }, 30_000);

  it('list exits 1 when nothing matches, and 2 for a bad option', async () => {
    const none = await cli('list', '--source-host', 'nobody.example');
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).toContain('No mentions match.');
    const json = await cli('list', '--source-host', 'nobody.example', '--json');
    expect(json).toMatchObject({ code: 1, stdout: '[]\n' });

    for (const [args, message] of [
      [['--status', 'deleted'], '--status must be one of pending, verified, failed, spam (got "deleted")'],
      [['--limit', '0'], '--limit must be a whole number from 1 to 1000 (got "0")'],
      [['--source-host', 'https://x.example/'], '--source-host must be a host name'],
      [['--target', 'nope'], '--target must be an absolute http(s) URL'],
      [['--bogus'], "unknown option '--bogus'"],
    ] as const) {
      const run = await cli('list', ...args);
      expect([args, run.code]).toEqual([args, 2]);
      expect(run.stderr).toContain(message);
      expect(run.stdout).toBe('');
    }
  }, 40_000);

  it('approve takes ids, changes only what is not so already, and says so', async () => {
    const [held, shown] = seed(
      { source: 'https://approve.example/1', moderation: 'pending' },
      { source: 'https://approve.example/2' },
    );
    const run = await cli('approve', String(held), String(shown));
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'approve: 2 matched: 1 approved, 1 unchanged',
      `ids: ${held}, ${shown}`,
      '',
    ]);
    expect(rows(held, shown).map((r) => r?.moderation)).toEqual(['approved', 'approved']);
  }, 20_000);

  it('reject --dry-run lists what would change and changes nothing; then rejects by filter, with --json', async () => {
    const [one, two, keep] = seed(
      { source: 'https://spammy.example/1' },
      { source: 'https://spammy.example/2', moderation: 'rejected' },
      { source: 'https://kind.example/1' },
    );
    const dry = await cli('reject', '--source-host', 'spammy.example', '--dry-run');
    expect(dry.code).toBe(0);
    const lines = dry.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^· #${one}\\s+verified\\s+approved .* https://spammy\\.example/1 → `));
    expect(lines[1]).toMatch(new RegExp(`^= #${two}\\s+verified\\s+rejected `));
    expect(lines[2]).toBe('reject: Dry run: 2 matched: 1 would be rejected, 1 unchanged; nothing was changed');
    expect(rows(one, two, keep).map((r) => r?.moderation)).toEqual(['approved', 'rejected', 'approved']);

    const run = await cli('reject', '--source-host', 'spammy.example', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      action: 'reject',
      dryRun: false,
      matched: 2,
      changed: 1,
      ids: [one, two],
    });
    expect(rows(one, two, keep).map((r) => r?.moderation)).toEqual(['rejected', 'rejected', 'approved']);
  }, 30_000);

  it('spam records the decision, and not-spam approves and verifies the mention here and now', async () => {
    const source = site.page('/posts/friendly', `<!doctype html><p>Read <a href="${TARGET}">this</a>.</p>`);
    const [id] = seed({ source, moderation: 'pending' });

    const spam = await cli('spam', String(id));
    expect(spam.code).toBe(0);
    expect(spam.stdout).toContain('spam: 1 matched: 1 marked spam');
    expect(rows(id)[0]).toMatchObject({ status: 'spam', moderation: 'pending' });
    expect(JSON.parse(rows(id)[0]!.spamCheckResult!)).toMatchObject({ manual: 'spam' });

    const notSpam = await cli('not-spam', String(id));
    expect(notSpam.code).toBe(0);
    expect(notSpam.stdout).toContain('not-spam: 1 matched: 1 marked not spam');
    expect(notSpam.stdout).toContain(`✓ #${id} ${source} → ${TARGET}: verified`);
    expect(rows(id)[0]).toMatchObject({ status: 'verified', moderation: 'approved' });
    expect(JSON.parse(rows(id)[0]!.spamCheckResult!)).toMatchObject({ manual: 'not_spam', isSpam: false });
    expect(site.hits.filter((h) => h.path === '/posts/friendly')).toHaveLength(1);
  }, 30_000);

  it('reverify takes ids and filters, and --dry-run fetches nothing', async () => {
    const source = site.page('/posts/gone', 'Gone', 410);
    const [id] = seed({ source, content: 'unique-reverify-word' });

    const dry = await cli('reverify', String(id), '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('reverify: Dry run: 1 matched: 1 would be queued for verification');
    expect(site.hits.filter((h) => h.path === '/posts/gone')).toHaveLength(0);

    const run = await cli('reverify', '--search', 'unique-reverify-word');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      `✗ #${id} ${source} → ${TARGET}: failed (gone)`,
      '1 checked, 0 verified, 1 not verified',
      '',
    ]);
    expect(rows(id)[0]).toMatchObject({ status: 'failed' });
  }, 30_000);

  it('delete by filter removes the rows; a second run matches nothing and exits 1', async () => {
    const ids = seed(
      { source: 'https://pills.example/1', content: 'cheap pills' },
      { source: 'https://pills.example/2', content: 'more pills' },
    );
    const run = await cli('delete', '--source-host', 'pills.example');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('delete: 2 matched: 2 deleted');
    expect(rows(...ids)).toEqual([undefined, undefined]);

    const again = await cli('delete', '--source-host', 'pills.example', '--json');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ matched: 0, changed: 0, ids: [] });
    expect(again.stderr).toContain('No mentions match the selection.');
  }, 30_000);

  it.each([
    [['approve'], 'approve: give mention ids or at least one filter option (--status, --moderation'],
    [['reject', '12', 'abc'], 'reject: ids must be positive whole numbers (got "abc")'],
    [['spam', '0'], 'spam: ids must be positive whole numbers (got "0")'],
    [['delete', '--moderation', 'held'], '--moderation must be one of approved, pending, rejected (got "held")'],
    [['not-spam', '--type', 'comment'], '--type must be one of mention, reply, like'],
    [['approve', '--bogus'], "unknown option '--bogus'"],
    [['reverify'], 'reverify: choose what to verify again'],
    [['reverify', '--id', 'x'], 'ids must be positive whole numbers (got "x")'],
  ])(
    '%j exits 2 and says what to fix, changing nothing',
    async (args, message) => {
      const [id] = seed({ source: 'https://untouched.example/1', moderation: 'pending' });
      const run = await cli(...args);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stdout).toBe('');
      expect(rows(id)[0]).toMatchObject({ status: 'verified', moderation: 'pending' });
    },
    20_000,
  );
});
