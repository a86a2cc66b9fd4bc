// Abort helpers: racing a promise against an AbortSignal and discarding response bodies.
import type { Dispatcher } from 'undici';

/** Destroys a response body without letting the resulting abort error go unhandled. */
export function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Resolves or rejects with `promise`, but rejects as soon as `signal` aborts; a late result is discarded. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onLate?: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const onAbort = (): void => {
      if (done) return;
      done = true;
      reject(signal.reason);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (done) return onLate?.(value);
        done = true;
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (done) return;
        done = true;
        reject(err);
      },
    );
  });
}
