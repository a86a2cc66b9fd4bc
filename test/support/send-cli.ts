import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The small part of better-sqlite3 used here (the package ships no type declarations in this project). */
interface SqliteDatabase {
  prepare(sql: string): { all(...params: unknown[]): unknown[]; run(...params: unknown[]): unknown };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (
  file: string,
  options?: { readonly?: boolean; fileMustExist?: boolean },
) => SqliteDatabase;

/** The repository root. */
export const ROOT = join(__dirname, '..', '..');

/** What a finished CLI process left behind. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node <script> ...args` with exactly `env` (plus PATH and HOME), feeding `input` to stdin, and kills it after
 * `timeoutMs`. Asynchronous, so servers in this process keep answering the child.
 */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  opts: { input?: string; timeoutMs?: number; cwd?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `node ${script} ${args.join(' ')} did not finish within ${opts.timeoutMs ?? 20_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, opts.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Rows of `outgoing_webmentions` in an SQLite file (opened read-only), optionally for one source. */
export function outgoingRows(
  file: string,
  source?: string,
): { sourceUrl: string; targetUrl: string; status: string; httpStatus: number | null }[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const sql = 'SELECT sourceUrl, targetUrl, status, httpStatus FROM outgoing_webmentions';
    return (
      source === undefined
        ? db.prepare(`${sql} ORDER BY id`).all()
        : db.prepare(`${sql} WHERE sourceUrl = ? ORDER BY id`).all(source)
    ) as never;
  } finally {
    db.close();
  }
}

/** Inserts received mentions with status `failed` into an SQLite file, as if verification had failed before. */
export function seedFailedMentions(file: string, pairs: { source: string; target: string }[]): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    const insert = db.prepare(
      `INSERT INTO webmentions (sourceUrl, targetUrl, pairHash, targetMatchHash, status, failureReason, statusToken) VALUES (?, ?, ?, ?, 'failed', 'link_removed', ?)`,
    );
    pairs.forEach(({ source, target }, i) =>
      insert.run(source, target, `seed-pair-${i}-${Date.now()}`, `seed-target-${i}`, `seed-token-${i}-${Date.now()}`),
    );
  } finally {
    db.close();
  }
}
