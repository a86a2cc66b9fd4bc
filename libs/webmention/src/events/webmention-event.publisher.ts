import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { WEBMENTION_EVENT_EMITTER } from '../webmention.constants';
import type { WebmentionEmitter } from './event-emitter.provider';
import { LiveBus, liveMessageOf } from './live-bus';
import { WebmentionMetrics } from './webmention-metrics';
import type { WebmentionEventPayloads } from './webmention.events';

/**
 * Emits the library's events through `EventEmitter2` when the host app has `EventEmitterModule.forRoot()`, and does
 * nothing otherwise. A listener that throws is logged; it never fails the work that emitted the event.
 */
@Injectable()
export class WebmentionEventPublisher {
  private readonly logger = new Logger('WebmentionEvents');

  constructor(
    private readonly metrics: WebmentionMetrics,
    @Inject(WEBMENTION_EVENT_EMITTER) private readonly emitter: WebmentionEmitter | null,
    @Optional() private readonly live?: LiveBus,
  ) {}

  /** Counts the event in the metrics, emits `name` with `payload` and waits for async listeners. */
  async emit<K extends keyof WebmentionEventPayloads>(name: K, payload: WebmentionEventPayloads[K]): Promise<void> {
    this.metrics.observe(name, payload);
    await this.toLive(name, payload);
    if (!this.emitter) return;
    try {
      await this.emitter.emitAsync(name, payload);
    } catch (error) {
      this.logger.error(`A listener of ${name} failed: ${(error as Error).message}`);
    }
  }

  /** Tells live connections (`live` extra) what changed on a page; a bus that fails never fails the work. */
  private async toLive<K extends keyof WebmentionEventPayloads>(name: K, payload: WebmentionEventPayloads[K]) {
    const message = this.live ? liveMessageOf(name, payload) : null;
    if (!message) return;
    try {
      await this.live!.publish(message);
    } catch (error) {
      this.logger.warn(`Live update of ${name} not published: ${(error as Error).message}`);
    }
  }
}
