import { BullModule } from '@nestjs/bull';
import { DynamicModule, Inject, Module, OnApplicationShutdown, Provider, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createApiController } from './api/webmentions-api.controller';
import { Webmention } from './entities/webmention.entity';
import { OutgoingWebmention } from './entities/outgoing-webmention.entity';
import { OutgoingWebmentionStore } from './storage/outgoing-webmention.store';
import { WebmentionSender } from './send/webmention-sender.service';
import { WebmentionEventPublisher } from './events/webmention-event.publisher';
import type { SafeFetcher } from './http/safe-fetcher';
import type { WebmentionModuleExtras } from './interfaces/webmention-options.interface';
import { BullWebmentionProcessor, webmentionBackoffStrategy } from './queue/bull-webmention.processor';
import { BullWebmentionQueue } from './queue/bull-webmention.queue';
import { InlineWebmentionQueue } from './queue/inline-webmention.queue';
import { PendingSweeper } from './queue/pending-sweeper';
import { WebmentionJobProcessor } from './queue/webmention-job.processor';
import { WebmentionQueue } from './queue/webmention-queue';
import { createEndpointController } from './receive/webmention-endpoint.controller';
import { ReceiveService } from './receive/receive.service';
import { WebmentionStore } from './storage/webmention.store';
import { ReverifyService } from './verify/reverify.service';
import { VerificationService } from './verify/verification.service';
import { ASYNC_OPTIONS_TYPE, ConfigurableWebmentionModule, OPTIONS_TYPE } from './webmention.module-definition';
import { createWebmentionProviders } from './webmention.providers';
import { resolveExtras } from './webmention-options';
import { WEBMENTION_BACKOFF, WEBMENTION_EXTRAS, WEBMENTION_FETCHER, WEBMENTION_QUEUE, WEBMENTION_RESOLVED_OPTIONS } from './webmention.constants';
import { CommentAdapter } from './interfaces/comment-adapter.interface';
import { SpamChecker } from './interfaces/spam-checker.interface';
import { UrlResolver } from './interfaces/url-resolver.interface';

/**
 * Webmention for Nest: the receiving endpoint, verification in a queue, storage, events and the read API.
 *
 * The host app owns the infrastructure: `TypeOrmModule.forRoot` (with {@link WEBMENTION_ENTITIES} and
 * {@link WEBMENTION_MIGRATIONS}), `BullModule.forRoot` when `queue: 'bull'`, and optionally `EventEmitterModule.forRoot`.
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

/** Adds the imports, providers, controllers and exports that depend on the extras. */
function withFeatures(definition: DynamicModule, given: WebmentionModuleExtras): DynamicModule {
  const extras = resolveExtras(given);
  const imports = [...(definition.imports ?? []), TypeOrmModule.forFeature([Webmention, OutgoingWebmention])];
  const providers: Provider[] = [
    ...(definition.providers ?? []),
    ...createWebmentionProviders(),
    { provide: WEBMENTION_EXTRAS, useValue: extras },
    WebmentionStore,
    OutgoingWebmentionStore,
    WebmentionSender,
    WebmentionEventPublisher,
    ReceiveService,
    VerificationService,
    ReverifyService,
    WebmentionJobProcessor,
  ];
  const controllers: Type[] = [];

  if (extras.queue === 'bull') {
    imports.push(
      BullModule.registerQueue({
        name: WEBMENTION_QUEUE,
        settings: { backoffStrategies: { [WEBMENTION_BACKOFF]: webmentionBackoffStrategy } },
      }),
    );
    providers.push({ provide: WebmentionQueue, useClass: BullWebmentionQueue });
    if (extras.processor) providers.push(BullWebmentionProcessor);
  } else {
    providers.push(InlineWebmentionQueue, { provide: WebmentionQueue, useExisting: InlineWebmentionQueue });
  }
  if (extras.processor) providers.push(PendingSweeper);
  if (extras.controllers) controllers.push(createEndpointController(extras.endpointPath), createApiController(extras.apiPath));

  return {
    ...definition,
    global: extras.isGlobal,
    imports,
    providers,
    controllers,
    exports: [WEBMENTION_EXTRAS, WEBMENTION_RESOLVED_OPTIONS, WebmentionStore, OutgoingWebmentionStore, WebmentionSender, ReceiveService, VerificationService, ReverifyService, WebmentionQueue, UrlResolver, SpamChecker, CommentAdapter, WEBMENTION_FETCHER],
  };
}
