import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import type { ResolvedWebmentionExtras, ResolvedWebmentionOptions } from '../resolve-options';
import { WEBMENTION_EXTRAS, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { readSource, type ReadSourceResult, type ReadSourceTask } from './parse-worker';

/** The worker script: the compiled file beside this one, or (running from TypeScript sources) the source itself. */
function workerScript(): { filename: string; execArgv: string[] } {
  const compiled = join(__dirname, 'parse-worker.js');
  if (existsSync(compiled)) return { filename: compiled, execArgv: [] };
  // NOTE: only when the library runs from its TypeScript sources (its own test suite): compile on load in the worker.
  return { filename: join(__dirname, 'parse-worker.ts'), execArgv: ['--require', '@swc-node/register'] };
}

/** One document being read in the pool. */
interface Attempt {
  task: ReadSourceTask;
  /** Worker deaths out of memory while it was in flight. */
  strikes: number;
  done: boolean;
  controller: AbortController;
  timer?: NodeJS.Timeout;
  resolve(result: ReadSourceResult): void;
  reject(error: unknown): void;
}

/** The answer for a document over a limit of `parsing`. */
function tooComplex(limit: 'time' | 'heap', parsing: ResolvedWebmentionOptions['parsing']): ReadSourceResult {
  const reason =
    limit === 'time'
      ? `the source took more than ${parsing.timeoutMs} ms to read (parsing.timeoutMs)`
      : `the source needed more than ${parsing.maxHeapMb} MB to read (parsing.maxHeapMb)`;
  return { found: { kind: 'html', linked: false, tooComplex: reason }, mention: null };
}

/**
 * The value with every `Date` remade in this realm: a structured clone from a worker thread builds its dates in the
 * process's main realm, which code running in another realm (a vm context, as test runners use) does not see as a
 * `Date` (`instanceof` fails, and database drivers refuse it).
 */
export function withLocalDates<T>(value: T): T {
  if (Object.prototype.toString.call(value) === '[object Date]') return new Date((value as Date).getTime()) as T;
  if (Array.isArray(value)) return value.map(withLocalDates) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = withLocalDates(item);
    return out as T;
  }
  return value;
}

/**
 * Reads HTML sources off the event loop (option `parsing`): a pool of worker threads (piscina), each with a heap
 * cap, and a time limit per document. A document that exceeds either is abandoned — the worker is replaced — and
 * counts as too complex; the web process's own loop never runs the parser. With `parsing.threads: 0` documents are
 * read in this thread (CLIs, tests).
 */
@Injectable()
export class SourceParser implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebmentionParser');
  private readonly pool: Piscina | null;
  private readonly inFlight = new Set<Attempt>();
  /** Documents waiting for a free thread, oldest first. */
  private readonly waiting: Attempt[] = [];
  private closing = false;

  constructor(
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
    @Optional() @Inject(WEBMENTION_EXTRAS) private readonly extras?: Pick<ResolvedWebmentionExtras, 'processor'>,
  ) {
    const { threads, maxHeapMb } = options.parsing;
    const script = workerScript();
    this.pool =
      threads === 0
        ? null
        : new Piscina({
            filename: script.filename,
            execArgv: script.execArgv,
            minThreads: 0,
            maxThreads: threads,
            idleTimeout: 30_000,
            resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
          });
    // NOTE: a worker that dies (out of memory) is replaced by the pool; its error must not take the process down.
    this.pool?.on('error', (error: Error) => this.onWorkerError(error));
  }

  /**
   * Reads `task`; a document over the time or memory limit comes back as too complex, never as an error.
   * NOTE: the deadline is ours, not only the pool's: a task whose worker dies of its heap cap is never settled by
   * piscina, so on such a death every task in flight is run once more, and one in flight at a second death is the
   * document to blame. The time limit runs from when a thread takes the document, never while it waits for one: a
   * burst of ordinary pages is not "too complex" for queueing behind each other.
   */
  read(task: ReadSourceTask): Promise<ReadSourceResult> {
    if (!this.pool) return Promise.resolve(readSource(task));
    return new Promise<ReadSourceResult>((resolve, reject) => {
      this.waiting.push({ task, strikes: 0, done: false, controller: new AbortController(), resolve, reject });
      this.dispatch();
    });
  }

  /** Hands waiting documents to the pool while it has a free thread (`parsing.threads` documents in flight). */
  private dispatch(): void {
    while (this.inFlight.size < this.options.parsing.threads && this.waiting.length > 0) {
      const attempt = this.waiting.shift()!;
      attempt.timer = setTimeout(() => this.abandon(attempt, 'time'), this.options.parsing.timeoutMs);
      this.start(attempt);
    }
  }

  private start(attempt: Attempt): void {
    const controller = new AbortController();
    attempt.controller = controller;
    this.inFlight.add(attempt);
    this.pool!.run(attempt.task, { signal: controller.signal }).then(
      (result: ReadSourceResult) => this.finish(attempt, withLocalDates(result)),
      (error: { code?: string }) => {
        if (controller.signal.aborted || attempt.done) return;
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') return this.abandon(attempt, 'heap');
        attempt.done = true;
        this.settle(attempt);
        attempt.reject(error);
      },
    );
  }

  private finish(attempt: Attempt, result: ReadSourceResult): void {
    if (attempt.done) return;
    attempt.done = true;
    this.settle(attempt);
    attempt.resolve(result);
  }

  /** Gives up on a document over a limit: too complex, logged. */
  private abandon(attempt: Attempt, limit: 'time' | 'heap'): void {
    const result = tooComplex(limit, this.options.parsing);
    if (!attempt.done) this.logger.warn(`${attempt.task.sourceUrl}: ${result.found.tooComplex}`);
    this.finish(attempt, result);
  }

  private settle(attempt: Attempt): void {
    clearTimeout(attempt.timer);
    this.inFlight.delete(attempt);
    // NOTE: aborting a task still running ends its worker, so an abandoned document stops costing CPU.
    attempt.controller.abort();
    this.dispatch();
  }

  /** A worker died: out of its heap cap, the tasks it may have run are tried again (twice in flight: to blame). */
  private onWorkerError(error: Error & { code?: string }): void {
    this.logger.warn(`A parser thread stopped: ${error.message}`);
    if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY') return;
    for (const attempt of [...this.inFlight]) {
      attempt.strikes++;
      if (attempt.strikes >= 2) {
        this.abandon(attempt, 'heap');
        continue;
      }
      this.inFlight.delete(attempt);
      attempt.controller.abort();
      this.start(attempt);
    }
  }

  /**
   * Starts one worker while the app boots, so the first source does not wait for a thread to load — only where jobs
   * run: a web process without the processor, or a CLI, starts a thread when it first reads a source, if ever.
   */
  onApplicationBootstrap(): void {
    if (!this.pool || this.extras?.processor === false) return;
    const warmUp: ReadSourceTask = {
      body: '',
      contentType: 'text/html',
      baseUrl: 'http://localhost/',
      sourceUrl: 'http://localhost/',
      targetUrl: 'http://localhost/',
      limits: this.options.mf2,
      interpret: false,
    };
    this.pool.run(warmUp).catch((error: Error) => {
      // NOTE: a short-lived app (a CLI command) may close before its first thread is up: not an error then.
      if (!this.closing) this.logger.error(`The parser thread did not start: ${error.message}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const attempt of this.waiting.splice(0)) attempt.reject(new Error('The parser is shutting down'));
    await this.pool?.destroy();
  }
}
