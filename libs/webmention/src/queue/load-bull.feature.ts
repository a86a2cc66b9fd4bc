import type { DynamicModule, Provider } from '@nestjs/common';
import { requireOptionalPeer } from '../optional-peer';
import { WEBMENTION_BACKOFF, WEBMENTION_BULL_QUEUE, WEBMENTION_QUEUE } from '../webmention.constants';
import { BullWebmentionProcessor, webmentionBackoffStrategy } from './bull-webmention.processor';
import { BullWebmentionQueue } from './bull-webmention.queue';
import { WebmentionQueue } from './webmention-queue';

/** What `@nestjs/bull` gives the queue driver (the package is an optional peer: loaded only for `queue: 'bull'`). */
interface NestBull {
  BullModule: { registerQueue(...queues: object[]): DynamicModule };
  getQueueToken(name?: string): string;
}

/** The import and providers of the Bull driver; loads `@nestjs/bull` now, or fails naming what to install. */
export function loadBullFeature(withProcessor: boolean): { imports: DynamicModule[]; providers: Provider[] } {
  const { BullModule, getQueueToken } = requireOptionalPeer<NestBull>(
    '@nestjs/bull',
    "queue: 'bull'",
    '@nestjs/bull bull',
  );
  requireOptionalPeer('bull', "queue: 'bull'", '@nestjs/bull bull');
  const imports = [
    BullModule.registerQueue({
      name: WEBMENTION_QUEUE,
      settings: { backoffStrategies: { [WEBMENTION_BACKOFF]: webmentionBackoffStrategy } },
    }),
  ];
  const providers: Provider[] = [
    { provide: WEBMENTION_BULL_QUEUE, useExisting: getQueueToken(WEBMENTION_QUEUE) },
    { provide: WebmentionQueue, useClass: BullWebmentionQueue },
  ];
  if (withProcessor) providers.push(BullWebmentionProcessor);
  return { imports, providers };
}
