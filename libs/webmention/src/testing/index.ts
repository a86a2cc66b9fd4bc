/**
 * Internals for tests of the library and of apps built on it (`nestjs-webmention/testing`): tokens to override,
 * services to drive directly and the pure functions behind them. Not covered by the public API's stability.
 */
export { WEBMENTION_EXTRAS, WEBMENTION_FETCHER, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
export type { WebmentionHttpOptions } from '../interfaces/webmention-options.interface';
export { resolveOptions } from '../resolve-options';
export type { ResolvedWebmentionOptions } from '../resolve-options';
export { SafeFetcher } from '../http/safe-fetcher';
export { WebmentionQueue } from '../queue/webmention-queue';
export { InlineWebmentionQueue } from '../queue/inline-webmention.queue';
export { PendingSweeper } from '../queue/pending-sweeper';
export { ReceiveService } from '../receive/receive.service';
export { VerificationService } from '../verify/verification.service';
export { findTargetLinks } from '../verify/source-links';
export { interpretMention } from '../mf2/mention-content';
export { sanitizeContentHtml } from '../mf2/sanitize-content-html';
export { deliverWebmention } from '../send/delivery';
export { discoverEndpoint, endpointFromHtml } from '../send/endpoint-discovery';
export { extractTargets } from '../send/link-extraction';
export { matchKey } from '../url/url-match';
