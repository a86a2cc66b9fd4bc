/**
 * Changes to what a page shows, for live updates: a mention to add (verified and approved) or to remove. In one
 * process through an emitter; across processes (web and worker) through Redis publish/subscribe.
 */
import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { Webmention } from '../entities/webmention.entity';
import type { WebmentionEventPayloads } from './webmention.events';

/** One change: `add` a mention now shown, `remove` one no longer shown. */
export interface LiveMessage {
  kind: 'add' | 'remove';
  id: number;
  target: string;
}

/** Carries {@link LiveMessage}s to the processes that serve live connections. Also the injection token. */
export abstract class LiveBus {
  abstract publish(message: LiveMessage): Promise<void>;
  /** Calls `listener` for every message from now on; returns the way to stop. */
  abstract subscribe(listener: (message: LiveMessage) => void): () => void;
  /** Lets go of connections. */
  async close(): Promise<void> {}
}

/** The live message an event means, or null when it changes nothing shown. */
export function liveMessageOf<K extends keyof WebmentionEventPayloads>(
  name: K,
  payload: WebmentionEventPayloads[K],
): LiveMessage | null {
  const webmention = (payload as { webmention?: Webmention }).webmention;
  if (!webmention) return null;
  const message = (kind: LiveMessage['kind']) => ({ kind, id: webmention.id, target: webmention.targetUrl });
  switch (name) {
    case 'webmention.verified':
    case 'webmention.approved':
      return webmention.status === 'verified' && webmention.moderation === 'approved' ? message('add') : null;
    case 'webmention.deleted':
    case 'webmention.rejected':
    case 'webmention.spam':
    case 'webmention.failed':
      return message('remove');
    default:
      return null;
  }
}

/** The bus within one process. */
export class InProcessLiveBus extends LiveBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(message: LiveMessage): Promise<void> {
    this.emitter.emit('message', message);
  }

  subscribe(listener: (message: LiveMessage) => void): () => void {
    this.emitter.on('message', listener);
    return () => this.emitter.off('message', listener);
  }
}

/** The little of an ioredis client the Redis bus uses (Bull's own client is one). */
export interface RedisPubSubClient {
  publish(channel: string, message: string): Promise<unknown>;
  duplicate(): RedisPubSubClient;
  subscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  quit(): Promise<unknown>;
}

/** Longest wait for Redis to take a live message. */
const PUBLISH_TIMEOUT_MS = 2000;

/** The bus across processes: Redis publish/subscribe on one channel, one subscribing connection per process. */
export class RedisLiveBus extends LiveBus {
  private readonly logger = new Logger('WebmentionLive');
  private readonly local = new InProcessLiveBus();
  private subscriber: RedisPubSubClient | null = null;

  constructor(
    private readonly client: RedisPubSubClient,
    private readonly channel: string,
  ) {
    super();
  }

  async publish(message: LiveMessage): Promise<void> {
    // NOTE: with Redis away ioredis holds commands until it is back; live updates are not worth waiting for.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not take it within 2 s')), PUBLISH_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.client.publish(this.channel, JSON.stringify(message)), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  subscribe(listener: (message: LiveMessage) => void): () => void {
    if (!this.subscriber) {
      // NOTE: a connection in subscriber mode can do nothing else, so it is a copy of the client, made on first use.
      const subscriber = this.client.duplicate();
      this.subscriber = subscriber;
      subscriber.on('message', (channel, text) => {
        if (channel !== this.channel) return;
        try {
          void this.local.publish(JSON.parse(text) as LiveMessage);
        } catch {
          this.logger.warn(`ignored a live message that is not JSON on ${channel}`);
        }
      });
      void subscriber.subscribe(this.channel).catch((error: Error) => this.logger.error(error.message));
    }
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    await subscriber?.quit().catch(() => undefined);
  }
}
