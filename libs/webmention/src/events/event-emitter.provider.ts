import type { Provider } from '@nestjs/common';
import { tryOptionalPeer } from '../optional-peer';
import { WEBMENTION_EVENT_EMITTER } from '../webmention.constants';

/** The part of `EventEmitter2` the publisher uses. */
export interface WebmentionEmitter {
  emitAsync(event: string, ...values: unknown[]): Promise<unknown[]>;
}

/**
 * Provides the host's `EventEmitter2` (from `EventEmitterModule.forRoot()`) as {@link WEBMENTION_EVENT_EMITTER}, so
 * the host's `@OnEvent('webmention.verified')` listeners hear the library; null when the host has no event emitter
 * or `@nestjs/event-emitter` is not installed (it is an optional peer).
 */
export function eventEmitterProvider(): Provider {
  const EventEmitter2 = tryOptionalPeer<{ EventEmitter2: object }>('@nestjs/event-emitter')?.EventEmitter2;
  if (!EventEmitter2) return { provide: WEBMENTION_EVENT_EMITTER, useValue: null };
  return {
    provide: WEBMENTION_EVENT_EMITTER,
    useFactory: (emitter?: WebmentionEmitter) => emitter ?? null,
    inject: [{ token: EventEmitter2 as never, optional: true }],
  };
}
