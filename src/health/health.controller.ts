import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { QueueHealthIndicator } from './queue-health.indicator';

/** Longest the readiness check waits for the database, in milliseconds. */
const DATABASE_CHECK_TIMEOUT_MS = 1000;

/** Waiting jobs above which the blog reports itself not ready (the workers are not keeping up). */
export const MAX_WAITING_JOBS = 10_000;

/**
 * `GET /health/live`: the process answers (restart it when this fails). `GET /health/ready`: the database and the
 * queue answer within a second and the backlog is bounded (send it traffic only then). 503 with the details when not.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly queue: QueueHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: DATABASE_CHECK_TIMEOUT_MS }),
      () => this.queue.check('queue', MAX_WAITING_JOBS),
    ]);
  }
}
