import { DynamicModule, Inject, Module, NestInterceptor, OnApplicationShutdown, Provider, Type } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createModerationController } from './api/moderation.controller';
import { createApiController } from './api/webmentions-api.controller';
import { WebmentionsReadService } from './api/webmentions-read.service';
import { OutgoingWebmention } from './entities/outgoing-webmention.entity';
import { WebmentionMedia } from './entities/webmention-media.entity';
import { Webmention } from './entities/webmention.entity';
import { CommentSync } from './events/comment-sync.service';
import { eventEmitterProvider } from './events/event-emitter.provider';
import { WebmentionEventPublisher } from './events/webmention-event.publisher';
import type { SafeFetcher } from './http/safe-fetcher';
import { CommentAdapter } from './interfaces/comment-adapter.interface';
import { SpamChecker } from './interfaces/spam-checker.interface';
import { UrlResolver } from './interfaces/url-resolver.interface';
import type { WebmentionModuleExtras, WebmentionModuleOptions } from './interfaces/webmention-options.interface';
import { createMediaProxyController } from './media/media-proxy.controller';
import { MediaProxyService } from './media/media-proxy.service';
import { MediaUrlRewriter } from './media/media-url-rewriter';
import { ModerationService } from './moderate/moderation.service';
import { InlineWebmentionQueue } from './queue/inline-webmention.queue';
import { JobHandlerRegistry } from './queue/job-handler.registry';
import { loadBullFeature } from './queue/load-bull.feature';
import { PendingSweeper } from './queue/pending-sweeper';
import { WebmentionQueue } from './queue/webmention-queue';
import { ReceiveService } from './receive/receive.service';
import { createEndpointController } from './receive/webmention-endpoint.controller';
import { WebmentionLinkInterceptor } from './receive/webmention-link.interceptor';
import { WebmentionRenderer } from './render/webmention-renderer.service';
import { createStylesheetController } from './render/webmention-stylesheet.controller';
import { resolveExtras } from './resolve-options';
import { SendJobHandler } from './send/send-job.handler';
import { SendPlanner } from './send/send-planner';
import { SendSourceJobHandler } from './send/send-source-job.handler';
import { TargetSender } from './send/target-sender.service';
import { WebmentionSender } from './send/webmention-sender.service';
import { OutgoingWebmentionStore } from './storage/outgoing-webmention.store';
import { WebmentionMediaStore } from './storage/webmention-media.store';
import { WebmentionPageReader } from './storage/webmention-page.reader';
import { WebmentionStore } from './storage/webmention.store';
import { AuthorPageService } from './verify/author-page.service';
import { MentionReader } from './verify/mention-reader.service';
import { ReverifyService } from './verify/reverify.service';
import { VerificationService } from './verify/verification.service';
import { VerifyJobHandler } from './verify/verify-job.handler';
import { ASYNC_OPTIONS_TYPE, ConfigurableWebmentionModule, OPTIONS_TYPE } from './webmention.module-definition';
import { createWebmentionProviders } from './webmention.providers';
import {
  WEBMENTION_EXTRAS,
  WEBMENTION_FETCHER,
  WEBMENTION_RESOLVED_OPTIONS,
  DEFAULT_STYLESHEET_PATH,
} from './webmention.constants';
import type { ResolvedWebmentionOptions } from './resolve-options';

/**
 * Webmention for Nest: the receiving endpoint, verification in a queue, storage, events, sending and the read API.
 *
 * The host app owns the infrastructure: `TypeOrmModule.forRoot` (with `WEBMENTION_ENTITIES` and
 * `WEBMENTION_MIGRATIONS`), `BullModule.forRoot` when `queue: 'bull'`, and optionally `EventEmitterModule.forRoot`.
 */
@Module({})
export class WebmentionModule extends ConfigurableWebmentionModule implements OnApplicationShutdown {
  constructor(@Inject(WEBMENTION_FETCHER) private readonly fetcher: SafeFetcher) {
    super();
  }

  /** Configures the module with static options (and extras: queue driver, processor, paths). */
  static forRoot(options: typeof OPTIONS_TYPE): DynamicModule {
    return withFeatures(super.forRoot(options), options);
  }

  /** Configures the module with options from a factory, class or existing provider. */
  static forRootAsync(options: typeof ASYNC_OPTIONS_TYPE): DynamicModule {
    return withFeatures(super.forRootAsync(options), options);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.fetcher.close();
  }
}

/** The job handlers, in the order the sweeper visits them: received mentions first, then sending. */
const JOB_HANDLERS: Provider[] = [VerifyJobHandler, SendSourceJobHandler, SendJobHandler];

/** The global interceptor when `advertise` is false: passes every request through untouched. */
const NO_ADVERTISING: NestInterceptor = { intercept: (_context, next) => next.handle() };

/**
 * Adds the imports, providers, controllers and exports that depend on the extras (and, from `forRoot`, on
 * `render.stylesheetPath`: false registers no stylesheet route).
 */
function withFeatures(
  definition: DynamicModule,
  given: WebmentionModuleExtras & Pick<WebmentionModuleOptions, 'render'>,
): DynamicModule {
  const extras = resolveExtras(given);
  const imports = [
    ...(definition.imports ?? []),
    DiscoveryModule,
    TypeOrmModule.forFeature([Webmention, OutgoingWebmention, WebmentionMedia]),
  ];
  const providers: Provider[] = [
    ...(definition.providers ?? []),
    ...createWebmentionProviders(),
    { provide: WEBMENTION_EXTRAS, useValue: extras },
    WebmentionStore,
    OutgoingWebmentionStore,
    WebmentionMediaStore,
    MediaUrlRewriter,
    eventEmitterProvider(),
    WebmentionEventPublisher,
    CommentSync,
    JobHandlerRegistry,
    ReceiveService,
    AuthorPageService,
    MentionReader,
    VerificationService,
    ReverifyService,
    ModerationService,
    WebmentionPageReader,
    WebmentionsReadService,
    SendPlanner,
    TargetSender,
    WebmentionSender,
    WebmentionRenderer,
    WebmentionLinkInterceptor,
    {
      provide: APP_INTERCEPTOR,
      useFactory: (interceptor: WebmentionLinkInterceptor, options: ResolvedWebmentionOptions) =>
        options.advertise === false ? NO_ADVERTISING : interceptor,
      inject: [WebmentionLinkInterceptor, WEBMENTION_RESOLVED_OPTIONS],
    },
    ...JOB_HANDLERS,
  ];
  const controllers: Type[] = [];

  if (extras.queue === 'bull') {
    const bull = loadBullFeature(extras.processor);
    imports.push(...bull.imports);
    providers.push(...bull.providers);
  } else {
    providers.push(InlineWebmentionQueue, { provide: WebmentionQueue, useExisting: InlineWebmentionQueue });
  }
  if (extras.processor) providers.push(PendingSweeper);
  if (extras.controllers)
    controllers.push(
      createEndpointController(extras.endpointPath),
      createApiController(extras.apiPath),
      createModerationController(extras.moderationPath),
    );
  const stylesheetPath = given.render?.stylesheetPath ?? DEFAULT_STYLESHEET_PATH;
  if (extras.controllers && stylesheetPath !== false) controllers.push(createStylesheetController(stylesheetPath));
  if (extras.mediaProxy.enabled) {
    providers.push(MediaProxyService);
    if (extras.controllers) controllers.push(createMediaProxyController(extras.mediaProxy.path));
  }

  return {
    ...definition,
    global: extras.isGlobal,
    imports,
    providers,
    controllers,
    exports: [
      WEBMENTION_EXTRAS,
      WEBMENTION_RESOLVED_OPTIONS,
      WEBMENTION_FETCHER,
      UrlResolver,
      SpamChecker,
      CommentAdapter,
      WebmentionQueue,
      WebmentionStore,
      OutgoingWebmentionStore,
      ReceiveService,
      VerificationService,
      ReverifyService,
      ModerationService,
      WebmentionSender,
      WebmentionRenderer,
      WebmentionLinkInterceptor,
      MediaUrlRewriter,
    ],
  };
}
