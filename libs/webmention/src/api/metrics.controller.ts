import { Controller, Get, Injectable, Res, Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebmentionMetrics } from '../events/webmention-metrics';
import { WebmentionQueue } from '../queue/webmention-queue';

/** How long a scrape waits for the queue's backlog (Redis), in milliseconds; past it the backlog is left out. */
const BACKLOG_TIMEOUT_MS = 1000;

/** `GET {metricsPath}`: the module's Prometheus metrics, with the queue's backlog read at scrape time. */
@Injectable()
export class WebmentionMetricsRoutes {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: WebmentionMetrics,
    private readonly queue: WebmentionQueue,
  ) {}

  @Get()
  async scrape(@Res() res: unknown): Promise<void> {
    const adapter = this.adapterHost.httpAdapter;
    const health = await this.queue.health(BACKLOG_TIMEOUT_MS);
    const scraped = await this.metrics.scrape(health.up ? health.backlog : null);
    adapter.setHeader(res, 'Cache-Control', 'no-store');
    if (!scraped) return void adapter.reply(res, 'metrics are off\n', 404);
    adapter.setHeader(res, 'Content-Type', scraped.contentType);
    adapter.reply(res, scraped.body, 200);
  }
}

/** The metrics controller mounted at `path`. */
export function createMetricsController(path: string): Type<WebmentionMetricsRoutes> {
  @Controller(path)
  class WebmentionMetricsController extends WebmentionMetricsRoutes {}
  return WebmentionMetricsController;
}
