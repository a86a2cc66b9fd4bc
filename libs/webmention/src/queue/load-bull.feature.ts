import type { DynamicModule, Provider } from '@nestjs/common';
import { requireOptionalPeer } from '../optional-peer';
import { WEBMENTION_BACKOFF, WEBMENTION_BULL_QUEUE, WEBMENTION_QUEUE } from '../webmention.constants';
import { BullWebmentionProcessor, webmentionBackoffStrategy } from './bull-webmention.processor';
import { BullWebmentionQueue } from './bull-webmention.queue';
import { RunningJobs } from './running-jobs';
import { WebmentionQueue } from './webmention-queue';

/** What `@nestjs/bull` gives the queue driver (the package is an optional peer: loaded only for `queue: 'bull'`). */
interface NestBull {
  BullModule: { registerQueueAsync(...queues: object[]): DynamicModule };
  getQueueToken(name?: string): string;
  getSharedConfigToken(configKey?: string): string;
}

/** What the host's `BullModule.forRoot` may say of queue settings (lock duration, stalled checks, backoffs). */
interface SharedBullConfig {
  settings?: { backoffStrategies?: Record<string, unknown> } & Record<string, unknown>;
}

/**
 * The webmention queue's settings: the host's (`BullModule.forRoot({ settings })`) with our backoff strategy added.
 * NOTE: @nestjs/bull merges a queue's options over the shared ones shallowly, so a queue that names `settings` of its
 * own drops every setting of the host (its `lockDuration`, `stalledInterval`, `maxStalledCount`); these are merged here.
 */
export function webmentionQueueSettings(shared?: SharedBullConfig | null): SharedBullConfig['settings'] {
  return {
    ...shared?.settings,
    backoffStrategies: { ...shared?.settings?.backoffStrategies, [WEBMENTION_BACKOFF]: webmentionBackoffStrategy },
  };
}

/** The import and providers of the Bull driver; loads `@nestjs/bull` now, or fails naming what to install. */
export function loadBullFeature(withProcessor: boolean): { imports: DynamicModule[]; providers: Provider[] } {
  const { BullModule, getQueueToken, getSharedConfigToken } = requireOptionalPeer<NestBull>(
    '@nestjs/bull',
    "queue: 'bull'",
    '@nestjs/bull bull',
  );
  requireOptionalPeer('bull', "queue: 'bull'", '@nestjs/bull bull');
  const imports = [
    BullModule.registerQueueAsync({
      name: WEBMENTION_QUEUE,
      useFactory: (shared?: SharedBullConfig) => ({ settings: webmentionQueueSettings(shared) }),
      inject: [{ token: getSharedConfigToken(), optional: true }],
    }),
  ];
  const providers: Provider[] = [
    { provide: WEBMENTION_BULL_QUEUE, useExisting: getQueueToken(WEBMENTION_QUEUE) },
    RunningJobs,
    { provide: WebmentionQueue, useClass: BullWebmentionQueue },
  ];
  if (withProcessor) providers.push(BullWebmentionProcessor);
  return { imports, providers };
}
