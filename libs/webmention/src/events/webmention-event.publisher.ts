import { Inject, Injectable, Logger } from '@nestjs/common';
import { WEBMENTION_EVENT_EMITTER } from '../webmention.constants';
import type { WebmentionEmitter } from './event-emitter.provider';
import type { WebmentionEventPayloads } from './webmention.events';

/**
 * Emits the library's events through `EventEmitter2` when the host app has `EventEmitterModule.forRoot()`, and does
 * nothing otherwise. A listener that throws is logged; it never fails the work that emitted the event.
 */
@Injectable()
export class WebmentionEventPublisher {
  private readonly logger = new Logger('WebmentionEvents');

  constructor(@Inject(WEBMENTION_EVENT_EMITTER) private readonly emitter: WebmentionEmitter | null) {}

  /** Emits `name` with `payload` and waits for async listeners. */
  async emit<K extends keyof WebmentionEventPayloads>(name: K, payload: WebmentionEventPayloads[K]): Promise<void> {
    if (!this.emitter) return;
    try {
      await this.emitter.emitAsync(name, payload);
    } catch (error) {
      this.logger.error(`A listener of ${name} failed: ${(error as Error).message}`);
    }
  }
}
