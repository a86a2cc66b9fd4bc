export type { FetchFailure, FetchFailureCode, FetchOutcome, SafeResponse } from './fetch-result';
export { DEFAULT_ACCEPT, DEFAULT_USER_AGENT, SafeFetcher } from './safe-fetcher';
export type { SafeFetchOptions, SafeRequestInit } from './safe-fetcher';
export { isTransient, parseRetryAfter } from './transient';
export { isBlockedHostname, isPublicAddress } from './address-guard';
export type { HostLookup } from './guarded-connector';
