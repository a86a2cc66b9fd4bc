/** URL policy: matching, validation and host lists. */
export { matchKey, urlsMatch } from './url-match';
export { DEFAULT_MAX_URL_LENGTH, parseHttpUrl, pairKey, sameResource } from './url-validate';
export type { ParseHttpUrlOptions, ParseHttpUrlResult, UrlProblem } from './url-validate';
export { hostInList, normalizeHost } from './host-match';
export type { HostInListOptions } from './host-match';
