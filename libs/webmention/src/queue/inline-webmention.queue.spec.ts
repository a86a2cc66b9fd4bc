import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { WEBMENTION_EXTRAS, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { InlineWebmentionQueue } from './inline-webmention.queue';
import type { JobContext, QueueJob, RetryPolicy } from './job';
import { JobHandlerRegistry } from './job-handler.registry';
import { RetryLaterError } from './retry';

interface Call {
  name: string;
  data: unknown;
  ctx: JobContext;
  at: number;
}

/** Stands in for the handler registry: runs can be held open and told to fail, and every call is recorded. */
class ScriptedProcessor {
  constructor(public concurrencyPerName = 4) {}
  readonly calls: Call[] = [];
  running = 0;
  maxRunning = 0;
  /** When set, each run waits for this promise. */
  gate?: Promise<void>;
  /** What a run throws; `undefined` means success. */
  failures: (call: Call) => Error | undefined = () => undefined;

  concurrency(): number {
    return this.concurrencyPerName;
  }

  async run(name: string, data: unknown, ctx: JobContext): Promise<void> {
    const call = { name, data, ctx, at: Date.now() };
    this.calls.push(call);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      if (this.gate) await this.gate;
      const error = this.failures(call);
      if (error) throw error;
    } finally {
      this.running--;
    }
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const keyOf = (call: Call) => (call.data as { key: string }).key;

/** The backoff of the jobs made by {@link job}; set by {@link createQueue}. */
let backoff: Omit<RetryPolicy, 'attempts'> = { backoffMs: 100, maxBackoffMs: 10_000 };
const job = (key: string, attempts = 3): QueueJob => ({
  name: 'verify',
  key,
  data: { key },
  retry: { attempts, ...backoff },
});

async function createQueue(
  processor: ScriptedProcessor,
  options: {
    concurrency?: number;
    backoffMs?: number;
    maxBackoffMs?: number;
    processor?: boolean;
    maxQueuedJobs?: number;
  } = {},
): Promise<InlineWebmentionQueue> {
  processor.concurrencyPerName = options.concurrency ?? 4;
  backoff = { backoffMs: options.backoffMs ?? 100, maxBackoffMs: options.maxBackoffMs ?? 10_000 };
  const moduleRef = await Test.createTestingModule({
    providers: [
      InlineWebmentionQueue,
      { provide: JobHandlerRegistry, useValue: processor },
      { provide: WEBMENTION_EXTRAS, useValue: { processor: options.processor ?? true } },
      { provide: WEBMENTION_RESOLVED_OPTIONS, useValue: { maxQueuedJobs: options.maxQueuedJobs ?? 10_000 } },
    ],
  }).compile();
  return moduleRef.get(InlineWebmentionQueue);
}

/** Lets pending promise callbacks run (the queue starts jobs and handles their results in microtasks). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('InlineWebmentionQueue', () => {
  let processor: ScriptedProcessor;
  let queue: InlineWebmentionQueue | undefined;
  let logged: jest.SpyInstance;

  beforeEach(() => {
    processor = new ScriptedProcessor();
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    jest.useRealTimers();
    await queue?.onModuleDestroy();
    queue = undefined;
    jest.restoreAllMocks();
  });

  it('runs a queued job with its name, data and first attempt', async () => {
    queue = await createQueue(processor);
    expect(await queue.enqueue(job('a', 5))).toBe('queued');
    await queue.drain();
    expect(processor.calls).toEqual([
      { name: 'verify', data: { key: 'a' }, ctx: { attempt: 1, attempts: 5 }, at: expect.any(Number) },
    ]);
  });

  it('keeps at most one waiting job per key', async () => {
    queue = await createQueue(processor, { concurrency: 1 });
    const gate = deferred();
    processor.gate = gate.promise;
    expect(await queue.enqueue(job('a'))).toBe('queued'); // starts at once
    expect(await queue.enqueue(job('b'))).toBe('queued'); // waits for the slot
    expect(await queue.enqueue(job('b'))).toBe('duplicate');
    expect(await queue.enqueue(job('b'), { evenIfActive: true })).toBe('duplicate');
    expect(queue.size).toEqual({ waiting: 1, active: 1 });
    gate.resolve();
    await queue.drain();
    expect(processor.calls.map(keyOf)).toEqual(['a', 'b']);
  });

  it('queues a running key again only when asked to (evenIfActive), and then once', async () => {
    queue = await createQueue(processor, { concurrency: 1 });
    const gate = deferred();
    processor.gate = gate.promise;
    expect(await queue.enqueue(job('a'))).toBe('queued');
    expect(queue.size).toEqual({ waiting: 0, active: 1 });
    expect(await queue.enqueue(job('a'))).toBe('duplicate');
    expect(await queue.enqueue(job('a'), { evenIfActive: true })).toBe('queued');
    expect(await queue.enqueue(job('a'), { evenIfActive: true })).toBe('duplicate');
    gate.resolve();
    await queue.drain();
    expect(processor.calls).toHaveLength(2);
    expect(await queue.enqueue(job('a'))).toBe('queued'); // nothing runs or waits for the key any more
    await queue.drain();
    expect(processor.calls).toHaveLength(3);
  });

  it('starts the successor of a running job only when that job ends, even with free slots', async () => {
    queue = await createQueue(processor, { concurrency: 4 });
    const gate = deferred();
    processor.gate = gate.promise;
    expect(await queue.enqueue(job('a'))).toBe('queued');
    await settle();
    expect(await queue.enqueue(job('a'), { evenIfActive: true })).toBe('queued');
    await settle();
    expect(processor.running).toBe(1);
    expect(queue.size).toEqual({ waiting: 1, active: 1 });
    gate.resolve();
    await queue.drain();
    expect(processor.maxRunning).toBe(1);
    expect(processor.calls.map(keyOf)).toEqual(['a', 'a']);
  });

  it('holds at most maxQueuedJobs waiting, says when it has no room, and never counts running jobs', async () => {
    queue = await createQueue(processor, { concurrency: 1, maxQueuedJobs: 2 });
    const gate = deferred();
    processor.gate = gate.promise;
    expect(await queue.enqueue(job('a'))).toBe('queued'); // runs
    expect(await queue.enqueue(job('b'))).toBe('queued');
    expect(queue.hasRoom()).toBe(true);
    expect(await queue.enqueue(job('c'))).toBe('queued');
    expect(queue.hasRoom()).toBe(false);
    expect(await queue.enqueue(job('d'))).toBe('unavailable');
    gate.resolve();
    await queue.drain();
    expect(processor.calls.map(keyOf)).toEqual(['a', 'b', 'c']);
    expect(queue.hasRoom()).toBe(true);
  });

  it('runs a job given delayMs no sooner than that, and a job for the key meanwhile is a duplicate', async () => {
    queue = await createQueue(processor);
    const started = Date.now();
    expect(await queue.enqueue(job('a', 5), { delayMs: 200 })).toBe('queued');
    expect(await queue.enqueue(job('a', 5), { evenIfActive: true })).toBe('duplicate');
    await queue.drain();
    expect(processor.calls).toHaveLength(1);
    expect(processor.calls[0].ctx).toEqual({ attempt: 1, attempts: 5 });
    expect(processor.calls[0].at - started).toBeGreaterThanOrEqual(190);
  });

  it('runs at most `concurrency` jobs of one name at once and every job in the end', async () => {
    queue = await createQueue(processor, { concurrency: 2 });
    const gate = deferred();
    processor.gate = gate.promise;
    for (const key of ['a', 'b', 'c', 'd', 'e']) expect(await queue.enqueue(job(key))).toBe('queued');
    await settle();
    expect(processor.running).toBe(2);
    expect(queue.size).toEqual({ waiting: 3, active: 2 });
    gate.resolve();
    await queue.drain();
    expect(processor.maxRunning).toBe(2);
    expect(processor.calls.map(keyOf)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(queue.size).toEqual({ waiting: 0, active: 0 });
  });

  it('limits concurrency per job name, so one kind of job cannot starve another', async () => {
    queue = await createQueue(processor, { concurrency: 1 });
    const gate = deferred();
    processor.gate = gate.promise;
    await queue.enqueue(job('a'));
    await queue.enqueue(job('b'));
    await queue.enqueue({ ...job('s'), name: 'send' });
    await settle();
    expect(processor.calls.map((c) => `${c.name}:${keyOf(c)}`)).toEqual(['verify:a', 'send:s']);
    expect(queue.size).toEqual({ waiting: 1, active: 2 });
    gate.resolve();
    await queue.drain();
    expect(processor.calls.map(keyOf)).toEqual(['a', 's', 'b']);
  });

  it('retries after the delay a RetryLaterError asks for, counting attempts', async () => {
    jest.useFakeTimers();
    queue = await createQueue(processor, { backoffMs: 5000 });
    processor.failures = (call) => (call.ctx.attempt < 3 ? new RetryLaterError('busy', 700) : undefined);
    await queue.enqueue(job('a', 3));
    await jest.advanceTimersByTimeAsync(0);
    expect(processor.calls).toHaveLength(1);
    expect(queue.size).toEqual({ waiting: 1, active: 0 }); // the retry waits, so the key is taken
    expect(await queue.enqueue(job('a'))).toBe('duplicate');
    await jest.advanceTimersByTimeAsync(699);
    expect(processor.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(processor.calls).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(700);
    expect(processor.calls.map((c) => c.ctx)).toEqual([
      { attempt: 1, attempts: 3 },
      { attempt: 2, attempts: 3 },
      { attempt: 3, attempts: 3 },
    ]);
    expect(queue.size).toEqual({ waiting: 0, active: 0 });
    expect(jest.getTimerCount()).toBe(0);
  });

  it("backs off exponentially from the job's backoffMs, capped at maxBackoffMs, on other errors", async () => {
    jest.useFakeTimers();
    queue = await createQueue(processor, { backoffMs: 100, maxBackoffMs: 300 });
    processor.failures = () => new Error('boom');
    await queue.enqueue(job('a', 5));
    await jest.advanceTimersByTimeAsync(0);
    const started = processor.calls[0].at;
    await jest.advanceTimersByTimeAsync(2000);
    expect(processor.calls.map((c) => c.at - started)).toEqual([0, 100, 300, 600, 900]);
    expect(processor.calls.map((c) => c.ctx.attempt)).toEqual([1, 2, 3, 4, 5]);
  });

  it('does not retry after the last attempt', async () => {
    jest.useFakeTimers();
    queue = await createQueue(processor, { backoffMs: 10 });
    processor.failures = () => new RetryLaterError('still busy', 10);
    await queue.enqueue(job('a', 2));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(processor.calls.map((c) => c.ctx)).toEqual([
      { attempt: 1, attempts: 2 },
      { attempt: 2, attempts: 2 },
    ]);
    expect(queue.size).toEqual({ waiting: 0, active: 0 });
    expect(jest.getTimerCount()).toBe(0);
    expect(logged).toHaveBeenCalledWith(expect.stringMatching(/^Job a failed after 2 attempts: still busy/));
    expect(await queue.enqueue(job('a', 2))).toBe('queued');
  });

  it('drops a retry when a newer job for the key is already waiting', async () => {
    queue = await createQueue(processor, { concurrency: 1, backoffMs: 10 });
    const gate = deferred();
    processor.gate = gate.promise;
    processor.failures = (call) => (processor.calls.indexOf(call) === 0 ? new RetryLaterError('busy', 10) : undefined);
    await queue.enqueue(job('a'));
    expect(await queue.enqueue(job('a'), { evenIfActive: true })).toBe('queued');
    gate.resolve();
    await queue.drain();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(processor.calls.map((c) => c.ctx.attempt)).toEqual([1, 1]);
  });

  it('drain resolves only when nothing waits or runs, retries included', async () => {
    queue = await createQueue(processor, { concurrency: 1 });
    processor.failures = (call) => (call.ctx.attempt === 1 ? new RetryLaterError('busy', 60) : undefined);
    await queue.enqueue(job('a'));
    await queue.enqueue(job('b'));
    await queue.drain();
    expect(processor.calls.map((c) => `${keyOf(c)}${c.ctx.attempt}`).sort()).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(queue.size).toEqual({ waiting: 0, active: 0 });
  });

  it('on close waits for running jobs, drops waiting ones and pending retries, and refuses new jobs', async () => {
    queue = await createQueue(processor, { concurrency: 1 });
    processor.failures = (call) => (keyOf(call) === 'r' ? new RetryLaterError('busy', 100) : undefined);
    await queue.enqueue(job('r'));
    await settle(); // r failed and waits for its retry
    const hold = deferred();
    processor.gate = hold.promise;
    await queue.enqueue(job('slow'));
    expect(await queue.enqueue(job('queued-behind'))).toBe('queued');
    expect(queue.size).toEqual({ waiting: 2, active: 1 });

    let closed = false;
    const closing = queue.onModuleDestroy().then(() => (closed = true));
    await settle();
    expect(closed).toBe(false);
    expect(await queue.enqueue(job('late'))).toBe('unavailable');
    hold.resolve();
    await closing;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(processor.calls.map(keyOf)).toEqual(['r', 'slow']);
    expect(queue.size).toEqual({ waiting: 0, active: 0 });
  });

  it('answers unavailable when this process runs no processor', async () => {
    queue = await createQueue(processor, { processor: false });
    expect(await queue.enqueue(job('a'))).toBe('unavailable');
    expect(queue.size).toEqual({ waiting: 0, active: 0 });
    expect(processor.calls).toHaveLength(0);
  });

  it('asks stillNeeded only when no job holds the key, and drops the job when the work is done', async () => {
    queue = await createQueue(processor, { concurrency: 1 });
    const asked: string[] = [];
    const stillNeeded = (key: string, answer: boolean) => () => (asked.push(key), Promise.resolve(answer));
    expect(await queue.enqueue(job('done'), { stillNeeded: stillNeeded('done', false) })).toBe('duplicate');
    const gate = deferred();
    processor.gate = gate.promise;
    expect(await queue.enqueue(job('a'), { stillNeeded: stillNeeded('a', true) })).toBe('queued');
    expect(await queue.enqueue(job('a'), { stillNeeded: stillNeeded('a again', true) })).toBe('duplicate');
    gate.resolve();
    await queue.drain();
    expect(asked).toEqual(['done', 'a']);
    expect(processor.calls.map(keyOf)).toEqual(['a']);
  });
});
