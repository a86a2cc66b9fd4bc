import type { Queue } from 'bull';

/** What {@link closeWithin} did: closed in time, or gave up waiting and dropped the connections. */
export type CloseOutcome = 'closed' | 'forced';

/**
 * Closes a Bull queue, waiting at most `ms` for its running jobs and Redis connections. Past that, every connection
 * is dropped at once (ioredis' `disconnect()`, which also stops reconnecting), so a process can always exit: a
 * `close()` waiting on a job that does not end, or on a connection caught reconnecting, never resolves on its own.
 * A job cut short stays active in Redis and is run again after Bull's stalled-job check.
 */
export async function closeWithin(queue: Queue, ms: number): Promise<CloseOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'forced'>((resolve) => {
    timer = setTimeout(() => resolve('forced'), ms);
  });
  const closed = queue.close().then(
    () => 'closed' as const,
    () => 'closed' as const,
  );
  try {
    const outcome = await Promise.race([closed, late]);
    if (outcome === 'forced') for (const client of queue.clients) client.disconnect();
    return outcome;
  } finally {
    clearTimeout(timer);
  }
}
