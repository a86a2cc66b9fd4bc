// Fetch failures: the internal failure error, error description and classification into a FetchFailureCode.
import type { FetchFailureCode } from './fetch-result';
import { BlockedAddressError } from './guarded-connector';

/** A failure with a known {@link FetchFailureCode}; thrown inside the client and turned into a `FetchFailure`. */
export class FetchFailureError extends Error {
  constructor(
    readonly reason: FetchFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'FetchFailureError';
  }
}

/** What {@link classifyFetchError} needs to know about the request that failed. */
export interface FetchErrorContext {
  /** Whether the request's deadline signal had fired. */
  aborted: boolean;
  /** The request's total deadline, in ms. */
  timeoutMs: number;
  /** The fetcher's connect timeout, in ms. */
  connectTimeoutMs: number;
}

/** `err` followed by its `cause`s, at most 8 and without cycles. */
export function errorChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  while (current && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** The string `code` property of an error (e.g. `ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`), if any. */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A one-line description of a thrown value: its message (or name), prefixed by its code when not already in it. */
export function describeError(err: unknown): string {
  // NOTE: Node reports a failed multi-address connect as an AggregateError with an empty message.
  const inner = (err as { errors?: unknown } | null)?.errors;
  if (Array.isArray(inner) && inner.length > 0) return inner.map(describeError).join('; ');
  // NOTE: duck-typed rather than `instanceof Error`, which fails for errors from another realm.
  if (err && typeof err === 'object') {
    const { message, name } = err as { message?: unknown; name?: unknown };
    const text = typeof message === 'string' && message ? message : typeof name === 'string' ? name : 'unknown error';
    const code = errorCode(err);
    return code && !text.includes(code) ? `${code}: ${text}` : text;
  }
  return String(err);
}

/**
 * Classifies an error thrown while sending a request or reading its body: a {@link FetchFailureError} as is, a
 * refused address as `blocked_address`, a fired deadline or undici timeout as `timeout`, anything else as `fetch_error`.
 */
export function classifyFetchError(err: unknown, context: FetchErrorContext): FetchFailureError {
  if (err instanceof FetchFailureError) return err;
  for (const e of errorChain(err)) {
    if (e instanceof BlockedAddressError) return new FetchFailureError('blocked_address', e.message);
  }
  if (context.aborted) return new FetchFailureError('timeout', `no complete response within ${context.timeoutMs} ms`);
  const code = errorCode(err);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new FetchFailureError('timeout', `connect timeout after ${context.connectTimeoutMs} ms`);
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new FetchFailureError('timeout', describeError(err));
  }
  return new FetchFailureError('fetch_error', describeError(err));
}
