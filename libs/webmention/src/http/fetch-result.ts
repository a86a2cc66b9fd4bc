// Result types of SafeFetcher.request: a response or a failure, never an exception.
import type { Failure } from '../outcome';
/** Why a request produced no usable response. */
export type FetchFailureCode =
  | 'invalid_url'
  | 'blocked_address'
  | 'too_many_redirects'
  | 'unsupported_redirect'
  | 'timeout'
  | 'too_large'
  | 'fetch_error';

/** A completed HTTP exchange; any status, 4xx and 5xx included, is a response. */
export interface SafeResponse {
  /** Discriminant: a response arrived. */
  ok: true;
  /** Final URL after redirects. */
  url: string;
  /** Final HTTP status. */
  status: number;
  /** Lowercased header names; every header line kept in order. */
  headers: Record<string, string[]>;
  /** First value of a header, case-insensitive name. */
  header(name: string): string | undefined;
  /** Lowercased media type without parameters, '' if none. */
  contentType: string;
  /** Decoded text (charset from a BOM, Content-Type or HTML <meta>, default utf-8); '' for HEAD. */
  body: string;
  /** Body bytes read. */
  bytes: number;
  /** The body's bytes, undecoded; only with `binary: true` (then `body` is ''). */
  raw?: Buffer;
  /** URLs redirected through, in order, not including the final one. */
  redirects: string[];
  /** Parsed Retry-After in milliseconds, when present and valid. */
  retryAfterMs?: number;
}

/** A request that did not produce a usable response: `reason` says why, `transient` whether a retry may help. */
export interface FetchFailure extends Failure<FetchFailureCode> {
  /** URL being fetched when the failure happened. */
  url: string;
  /** URLs redirected through before the failure. */
  redirects: string[];
}

/** Result of `SafeFetcher.request`: a response or a failure, never an exception. */
export type FetchOutcome = SafeResponse | FetchFailure;
