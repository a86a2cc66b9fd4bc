/** The public face of nestjs-webmention. Internals for tests live in `nestjs-webmention/testing`. */

/** The module, its options and the error thrown at boot when they are wrong. */
export { WebmentionModule } from './webmention.module';
export type { WebmentionModuleExtras, WebmentionModuleOptions } from './interfaces/webmention-options.interface';
export { WebmentionConfigError } from './webmention-config.exception';

/** The pluggable providers: each an interface and an injection token of the same name. */
export { CommentAdapter } from './interfaces/comment-adapter.interface';
export { SpamChecker, type SpamCheckResult } from './interfaces/spam-checker.interface';
export { UrlResolver } from './interfaces/url-resolver.interface';
export { DomainListSpamChecker } from './spam/domain-list-spam-checker';

/** The schema: register both in the host's `TypeOrmModule.forRoot`. */
export { OutgoingWebmention } from './entities/outgoing-webmention.entity';
export { Webmention } from './entities/webmention.entity';
export { WEBMENTION_ENTITIES } from './entities';
export { WEBMENTION_MIGRATIONS } from './migrations';

/** Events, emitted after the database commit, and their payloads. */
export { WebmentionEvent } from './events/webmention.events';
export type {
  WebmentionDeletedEvent,
  WebmentionEventPayloads,
  WebmentionFailedEvent,
  WebmentionModeratedEvent,
  WebmentionReceivedEvent,
  WebmentionSendFailedEvent,
  WebmentionSentEvent,
  WebmentionSpamEvent,
  WebmentionVerifiedEvent,
} from './events/webmention.events';

/** What a host app calls: sending, the stores and verifying again. */
export { WebmentionSender } from './send/webmention-sender.service';
export type { SendReport } from './send/send-report';
export { OutgoingWebmentionStore } from './storage/outgoing-webmention.store';
export { WebmentionStore } from './storage/webmention.store';
export { ReverifyService } from './verify/reverify.service';

/** Operations: the active job queue (its `health()` for readiness checks) and the Prometheus metrics. */
export { WebmentionQueue } from './queue/webmention-queue';
export { WebmentionMetrics } from './events/webmention-metrics';

/** Moderation: approve, reject, spam, not spam, delete or verify again, by ids or a filter (check with `validate`). */
export { ModerationService } from './moderate/moderation.service';

/** Display: the renderer service, Handlebars helpers for the host's views, and the endpoint's Link header. */
export { WebmentionRenderer } from './render/webmention-renderer.service';
export { registerWebmentionHelpers } from './render/register-helpers';
export { WebmentionLinkInterceptor } from './receive/webmention-link.interceptor';

/** Exit codes of the `webmention` CLI (its commands are in `nestjs-webmention/cli`). */
export { ExitCode } from './cli/cli-output';
