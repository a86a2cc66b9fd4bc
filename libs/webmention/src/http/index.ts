// Public surface of the http folder: the SafeFetcher client, its options, results and helpers.
export type { FetchFailure, FetchFailureCode, FetchOutcome, SafeResponse } from './fetch-result';
export { SafeFetcher } from './safe-fetcher';
export { DEFAULT_ACCEPT, DEFAULT_USER_AGENT } from './safe-fetch.options';
export type { SafeFetchOptions, SafeRequestInit } from './safe-fetch.options';
export { decodeBody } from './decode-body';
export { isTransient, isTransientFailure, isTransientStatus, parseRetryAfter } from './transient';
export { isBlockedHostname, isPublicAddress } from './address-guard';
export type { HostLookup } from './guarded-connector';
