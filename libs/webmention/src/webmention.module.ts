import {
  DynamicModule,
  Inject,
  MiddlewareConsumer,
  Module,
  NestInterceptor,
  NestModule,
  OnApplicationShutdown,
  Optional,
  Provider,
  Type,
} from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createMetricsController } from './api/metrics.controller';
import { createModerationController } from './api/moderation.controller';
import { createApiController } from './api/webmentions-api.controller';
import { Jf2TransferService } from './api/jf2-transfer.service';
import { createLiveController } from './api/live/live.controller';
import { LiveFeed } from './api/live/live-feed.service';
import { InProcessLiveBus, LiveBus, RedisLiveBus, RedisPubSubClient } from './events/live-bus';
import { WebmentionsReadService } from './api/webmentions-read.service';
import { OutgoingWebmention } from './entities/outgoing-webmention.entity';
import { WebmentionMedia } from './entities/webmention-media.entity';
import { Webmention } from './entities/webmention.entity';
import { CommentSync } from './events/comment-sync.service';
import { eventEmitterProvider } from './events/event-emitter.provider';
import { WebmentionEventPublisher } from './events/webmention-event.publisher';
import { WebmentionMetrics } from './events/webmention-metrics';
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
import { EndpointBodyLimit } from './receive/endpoint-body-limit';
import { ReceiveRateLimiter } from './receive/receive-rate-limiter';
import { ReceiveService } from './receive/receive.service';
import { webmentionResponseHeaders } from './receive/response-headers.middleware';
import { createEndpointController } from './receive/webmention-endpoint.controller';
import { WebmentionLinkInterceptor } from './receive/webmention-link.interceptor';
import { WebmentionRenderer } from './render/webmention-renderer.service';
import { createStylesheetController } from './render/webmention-stylesheet.controller';
import { createWidgetController } from './render/widget/widget.controller';
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
import { SourceParser } from './verify/source-parser.service';
import { VerificationService } from './verify/verification.service';
import { VerifyJobHandler } from './verify/verify-job.handler';
import { FileSystemMonitor } from './watch/file-system-monitor.service';
import { FolderScan } from './watch/folder-scan.service';
import { FolderSender } from './watch/folder-sender.service';
import { OutgoingSource } from './entities/outgoing-source.entity';
import { OutgoingSourceStore } from './storage/outgoing-source.store';
import { WebmentionImportStore } from './storage/webmention-import.store';
import { ASYNC_OPTIONS_TYPE, ConfigurableWebmentionModule, OPTIONS_TYPE } from './webmention.module-definition';
import { createWebmentionProviders } from './webmention.providers';
import {
  WEBMENTION_BULL_QUEUE,
  WEBMENTION_EXTRAS,
  WEBMENTION_FETCHER,
  WEBMENTION_QUEUE,
  WEBMENTION_RESOLVED_OPTIONS,
  DEFAULT_STYLESHEET_PATH,
  DEFAULT_WIDGET_PATH,
} from './webmention.constants';
import type { ResolvedWebmentionOptions } from './resolve-options';

/** The controllers this module registered (their routes get the library's response headers). */
const WEBMENTION_CONTROLLERS = Symbol('WEBMENTION:CONTROLLERS');

/**
 * Webmention for Nest: the receiving endpoint, verification in a queue, storage, events, sending and the read API.
 *
 * The host app owns the infrastructure: `TypeOrmModule.forRoot` (with `WEBMENTION_ENTITIES` and
 * `WEBMENTION_MIGRATIONS`), `BullModule.forRoot` when `queue: 'bull'`, and optionally `EventEmitterModule.forRoot`.
 */
@Module({})
export class WebmentionModule extends ConfigurableWebmentionModule implements NestModule, OnApplicationShutdown {
  constructor(
    @Inject(WEBMENTION_FETCHER) private readonly fetcher: SafeFetcher,
    @Inject(WEBMENTION_CONTROLLERS) private readonly controllers: Type[],
    @Optional() private readonly live?: LiveBus,
  ) {
    super();
  }

  configure(consumer: MiddlewareConsumer): void {
    if (this.controllers.length > 0) consumer.apply(webmentionResponseHeaders).forRoutes(...this.controllers);
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
    await this.live?.close();
  }
}

/** The job handlers, in the order the sweeper visits them: received mentions first, then sending. */
const JOB_HANDLERS: Provider[] = [VerifyJobHandler, SendSourceJobHandler, SendJobHandler];

/** Static sites: the history of a folder's pages, its scan and its watcher; moving mentions in and out as jf2. */
const STATIC_SITE_PROVIDERS: Provider[] = [
  OutgoingSourceStore,
  FolderSender,
  FolderScan,
  FileSystemMonitor,
  WebmentionImportStore,
  Jf2TransferService,
];

/**
 * The bus of live updates: in this process with the in-process queue; with Bull, Redis publish/subscribe on Bull's
 * own connection (and prefix), so a worker's verifications reach the web processes' live connections.
 */
function liveBusProvider(queue: WebmentionModuleExtras['queue']): Provider {
  if (queue !== 'bull') return { provide: LiveBus, useValue: new InProcessLiveBus() };
  return {
    provide: LiveBus,
    useFactory: (bull: { client: RedisPubSubClient; keyPrefix?: string }) =>
      new RedisLiveBus(bull.client, `${bull.keyPrefix ?? 'bull'}:${WEBMENTION_QUEUE}:live`),
    inject: [WEBMENTION_BULL_QUEUE],
  };
}

/** The global interceptor when `advertise` is false: passes every request through untouched. */
const NO_ADVERTISING: NestInterceptor = { intercept: (_context, next) => next.handle() };

/**
 * Adds the imports, providers, controllers and exports that depend on the extras (and, from `forRoot`, on
 * `render.stylesheetPath` and `render.widgetPath`: false registers no such route).
 */
function withFeatures(
  definition: DynamicModule,
  given: WebmentionModuleExtras & Pick<WebmentionModuleOptions, 'render'>,
): DynamicModule {
  const extras = resolveExtras(given);
  const imports = [
    ...(definition.imports ?? []),
    DiscoveryModule,
    TypeOrmModule.forFeature([Webmention, OutgoingWebmention, WebmentionMedia, OutgoingSource]),
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
    WebmentionMetrics,
    CommentSync,
    JobHandlerRegistry,
    ReceiveService,
    ReceiveRateLimiter,
    AuthorPageService,
    MentionReader,
    SourceParser,
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
    ...STATIC_SITE_PROVIDERS,
    {
      provide: APP_INTERCEPTOR,
      useFactory: (interceptor: WebmentionLinkInterceptor, options: ResolvedWebmentionOptions) =>
        options.advertise === false ? NO_ADVERTISING : interceptor,
      inject: [WebmentionLinkInterceptor, WEBMENTION_RESOLVED_OPTIONS],
    },
    ...JOB_HANDLERS,
  ];
  const controllers: Type[] = [];
  providers.push({ provide: WEBMENTION_CONTROLLERS, useValue: controllers });

  if (extras.queue === 'bull') {
    const bull = loadBullFeature(extras.processor);
    imports.push(...bull.imports);
    providers.push(...bull.providers);
  } else {
    providers.push(InlineWebmentionQueue, { provide: WebmentionQueue, useExisting: InlineWebmentionQueue });
  }
  if (extras.processor) providers.push(PendingSweeper);
  if (extras.controllers) providers.push(EndpointBodyLimit);
  if (extras.controllers)
    controllers.push(
      createEndpointController(extras.endpointPath),
      createApiController(extras.apiPath),
      createModerationController(extras.moderationPath),
    );
  const stylesheetPath = given.render?.stylesheetPath ?? DEFAULT_STYLESHEET_PATH;
  if (extras.controllers && stylesheetPath !== false) controllers.push(createStylesheetController(stylesheetPath));
  if (extras.controllers && extras.metricsPath !== false) controllers.push(createMetricsController(extras.metricsPath));
  const widgetPath = given.render?.widgetPath ?? DEFAULT_WIDGET_PATH;
  if (extras.controllers && widgetPath !== false) controllers.push(createWidgetController(widgetPath));
  if (extras.live.enabled) {
    providers.push(liveBusProvider(extras.queue));
    if (extras.controllers) {
      providers.push(LiveFeed);
      controllers.push(createLiveController(extras.apiPath));
    }
  }
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
      WebmentionMetrics,
      FolderScan,
      FileSystemMonitor,
      Jf2TransferService,
    ],
  };
}
