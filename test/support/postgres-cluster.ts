import { execFile, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server';
import { postgresBinDir } from './services';

/** `pg_ctl stop` modes: `fast` rolls back open transactions and closes connections, `immediate` is a crash. */
export type StopMode = 'fast' | 'immediate';

/**
 * Settings of a throwaway cluster: no fsync (a crash of the server alone, `-m immediate`, still loses no commit: the
 * OS has the WAL), little memory, nothing but 127.0.0.1 and its own socket folder.
 */
const SETTINGS = [
  'fsync = off',
  'full_page_writes = off',
  'shared_buffers = 16MB',
  'max_connections = 50',
  "listen_addresses = '127.0.0.1'",
];

/** The uid and gid of the OS user `postgres`, from /etc/passwd; `undefined` when there is none. */
function postgresUser(): { uid: number; gid: number } | undefined {
  let passwd = '';
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return undefined;
  }
  const fields = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find((f) => f[0] === 'postgres');
  return fields ? { uid: Number(fields[2]), gid: Number(fields[3]) } : undefined;
}

/**
 * A private PostgreSQL cluster (`initdb` in a temp folder, `pg_ctl` on a free port of 127.0.0.1, trust
 * authentication, fsync off) for fault tests: it can be stopped and started again on the same port and data folder.
 * Never touches the shared server. Run as root, its programs run as the OS user `postgres` (the server refuses root).
 */
export class PrivatePostgres {
  private up = false;
  private readonly removeOnExit = () => this.removeSync();

  private constructor(
    readonly port: number,
    /** The temp folder: the data folder `data`, the log `log`, the server's Unix socket. */
    readonly dir: string,
    private readonly bin: string,
    private readonly asPostgres: boolean,
  ) {}

  /** Makes a cluster in a temp folder, starts it on a free port and waits until it takes connections. */
  static async start(timeoutMs = 30_000): Promise<PrivatePostgres> {
    const bin = postgresBinDir();
    if (!bin) {
      throw new Error(
        'PostgreSQL server programs not found (initdb, pg_ctl, postgres in /usr/lib/postgresql/*/bin, ' +
          'TEST_POSTGRES_BIN or PATH): apt-get install -y postgresql',
      );
    }
    const root = process.getuid?.() === 0;
    const user = root ? postgresUser() : undefined;
    if (root && !user) throw new Error('running as root, but there is no OS user postgres to run PostgreSQL as');
    const dir = mkdtempSync(join(tmpdir(), 'webmention-pg-'));
    if (user) chownSync(dir, user.uid, user.gid);
    const pg = new PrivatePostgres(await freePort(), dir, bin, root);
    // NOTE: should a hook time out before remove(), the server is stopped and its folder removed when this process
    // exits.
    process.once('exit', pg.removeOnExit);
    const deadline = Date.now() + timeoutMs;
    try {
      await pg.run(
        'initdb',
        ['-D', pg.dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
        timeoutMs,
      );
      appendFileSync(
        join(pg.dataDir, 'postgresql.conf'),
        [...SETTINGS, `port = ${pg.port}`, `unix_socket_directories = '${dir}'`, ''].join('\n'),
      );
      await pg.start(Math.max(1000, deadline - Date.now()));
    } catch (error) {
      await pg.remove();
      throw error;
    }
    return pg;
  }

  /** The data folder. */
  get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** `postgres://postgres@127.0.0.1:<port>/postgres`: the cluster's maintenance database. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** `true` between a start and a stop. */
  get running(): boolean {
    return this.up;
  }

  /** (Re)starts the server on its port and data folder and waits until it takes connections. */
  async start(timeoutMs = 15_000): Promise<void> {
    if (this.up) throw new Error(`PostgreSQL on port ${this.port} is already running`);
    try {
      await this.pgCtl(['start', '-w', '-l', join(this.dir, 'log')], timeoutMs);
    } catch (error) {
      throw new Error(`PostgreSQL did not start on port ${this.port}: ${(error as Error).message}\n${this.log()}`);
    }
    this.up = true;
  }

  /** Stops the server (`pg_ctl stop -m <mode>`) and waits until it has exited. */
  async stop(mode: StopMode = 'fast', timeoutMs = 15_000): Promise<void> {
    if (!this.up) return;
    await this.pgCtl(['stop', '-w', '-m', mode], timeoutMs);
    this.up = false;
  }

  /** Stops the server at once (when running, or half started) and removes the temp folder. */
  async remove(timeoutMs = 15_000): Promise<void> {
    process.removeListener('exit', this.removeOnExit);
    try {
      if (this.pidFile) await this.pgCtl(['stop', '-w', '-m', 'immediate'], timeoutMs);
      this.up = false;
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /** The last 4 KB of the server's log. */
  log(): string {
    try {
      return readFileSync(join(this.dir, 'log'), 'utf8').slice(-4000);
    } catch {
      return '';
    }
  }

  /** Whether the data folder has a `postmaster.pid`: a server runs, or one was starting or stopping. */
  private get pidFile(): boolean {
    return existsSync(join(this.dataDir, 'postmaster.pid'));
  }

  private removeSync(): void {
    if (this.pidFile) {
      const [cmd, args] = this.command('pg_ctl', ['stop', '-D', this.dataDir, '-m', 'immediate', '-w', '-t', '10']);
      spawnSync(cmd, args, { stdio: 'ignore', timeout: 15_000 });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** `pg_ctl <args> -D <data> -t <seconds>`, bounded by `timeoutMs`. */
  private pgCtl(args: string[], timeoutMs: number): Promise<string> {
    const seconds = String(Math.max(1, Math.floor(timeoutMs / 1000)));
    return this.run('pg_ctl', [...args, '-D', this.dataDir, '-t', seconds], timeoutMs + 2000);
  }

  /** The program and arguments that run `program` from the bin folder, as the OS user postgres when we are root. */
  private command(program: string, args: string[]): [string, string[]] {
    const path = join(this.bin, program);
    return this.asPostgres ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  }

  /** Runs a program of the bin folder; rejects with its output when it fails or outlasts `timeoutMs`. */
  private run(program: string, args: string[], timeoutMs: number): Promise<string> {
    const [cmd, argv] = this.command(program, args);
    return new Promise((resolve, reject) => {
      execFile(cmd, argv, { timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const why = error.killed ? `did not finish within ${timeoutMs} ms` : error.message;
        reject(new Error(`${program} ${args.join(' ')}: ${why}\n${stderr || stdout}`.trim()));
      });
    });
  }
}
