import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { WebmentionQueue } from 'nestjs-webmention';

/** Longest a readiness check waits for Redis, in milliseconds. */
export const QUEUE_CHECK_TIMEOUT_MS = 1000;

/**
 * The Webmention queue as a Terminus indicator: up when its store answers in time (Redis PING with Bull) and the
 * backlog of waiting jobs is under `maxWaiting`; the backlog is reported either way.
 */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly queue: WebmentionQueue,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key: string, maxWaiting: number) {
    const indicator = this.health.check(key);
    const found = await this.queue.health(QUEUE_CHECK_TIMEOUT_MS);
    if (!found.up) return indicator.down({ message: found.reason });
    if (found.backlog.waiting > maxWaiting) {
      return indicator.down({
        message: `${found.backlog.waiting} jobs waiting (over ${maxWaiting})`,
        ...found.backlog,
      });
    }
    return indicator.up({ ...found.backlog });
  }
}
