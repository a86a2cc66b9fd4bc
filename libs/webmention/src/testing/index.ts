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
export { verifyJob } from '../verify/verify.job';
export { sendJob } from '../send/send.jobs';
export { CommentSync, isShown } from '../events/comment-sync.service';
export { MODERATION_ACTIONS, ModerationSelectionError } from '../moderate/moderation.service';
export type { ModerationAction, ModerationReport, ModerationSelection } from '../moderate/moderation.service';
export { findTargetLinks } from '../verify/source-links';
export { interpretMention } from '../mf2/mention-content';
export { sanitizeContentHtml } from '../mf2/sanitize-content-html';
export { deliverWebmention } from '../send/delivery';
export { discoverEndpoint, endpointFromHtml } from '../send/endpoint-discovery';
export { extractTargets } from '../send/link-extraction';
export { matchKey } from '../url/url-match';
export { mediaKeyOf } from '../url/media-key';
export { capMentionContent } from '../mf2/cap-content';
export { WebmentionMedia } from '../entities/webmention-media.entity';
export { WebmentionMediaStore } from '../storage/webmention-media.store';
export { MediaProxyService } from '../media/media-proxy.service';
export { MediaUrlRewriter } from '../media/media-url-rewriter';
export { endpointUrlOf, isPostKey, postKeyOf } from '../receive/per-post-endpoint';
export { advertisedLink, withWebmentionLink } from '../receive/advertise-link';
export { FileSystemMonitor } from '../watch/file-system-monitor.service';
export { FolderScan } from '../watch/folder-scan.service';
export { OutgoingSource } from '../entities/outgoing-source.entity';
export { Jf2TransferService } from '../api/jf2-transfer.service';
