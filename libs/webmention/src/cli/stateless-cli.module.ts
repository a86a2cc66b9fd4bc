import { Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { WebmentionEventPublisher } from '../events/webmention-event.publisher';
import { WebmentionMetrics } from '../events/webmention-metrics';
import { HostLimiter } from '../http/host-limiter';
import { SafeFetcher } from '../http/safe-fetcher';
import { WebmentionQueue } from '../queue/webmention-queue';
import { resolveOptions } from '../resolve-options';
import { SendPlanner } from '../send/send-planner';
import { TargetSender } from '../send/target-sender.service';
import { WebmentionSender } from '../send/webmention-sender.service';
import { OutgoingWebmentionStore } from '../storage/outgoing-webmention.store';
import {
  WEBMENTION_EVENT_EMITTER,
  WEBMENTION_FETCHER,
  WEBMENTION_HOST_LIMITER,
  WEBMENTION_RESOLVED_OPTIONS,
} from '../webmention.constants';

/** The commands that work without the host's module: they read the web, never the database. */
export const STATELESS_COMMANDS = ['discover', 'send --dry-run'] as const;

/** A history with nothing in it: a dry run reads it (earlier targets) and never writes. */
const NO_HISTORY: Pick<OutgoingWebmentionStore, 'listForSource'> = { listForSource: () => Promise.resolve([]) };

/** Refuses every job: nothing is queued without the host's module. */
const NO_QUEUE: Pick<WebmentionQueue, 'enqueue'> = {
  enqueue: () => Promise.reject(new Error('no queue without the host module (--module)')),
};

/**
 * What the `webmention` bin runs on when it finds no host module: discovery and `send --dry-run` over the safe
 * client, with the options from `BASE_URL` and `WEBMENTION_ALLOW_PRIVATE_ADDRESSES`, and no database.
 */
@Module({
  providers: [
    {
      provide: WEBMENTION_RESOLVED_OPTIONS,
      useFactory: () =>
        resolveOptions({
          baseUrl: process.env.BASE_URL ?? 'http://localhost',
          http: {
            allowPrivateAddresses: /^(1|true|yes|on)$/i.test(process.env.WEBMENTION_ALLOW_PRIVATE_ADDRESSES ?? ''),
          },
        }),
    },
    {
      provide: WEBMENTION_FETCHER,
      useFactory: (options: ReturnType<typeof resolveOptions>) => new SafeFetcher(options.http),
      inject: [WEBMENTION_RESOLVED_OPTIONS],
    },
    {
      provide: WEBMENTION_HOST_LIMITER,
      useFactory: (options: ReturnType<typeof resolveOptions>) => new HostLimiter(options.send.perHostConcurrency),
      inject: [WEBMENTION_RESOLVED_OPTIONS],
    },
    { provide: WEBMENTION_EVENT_EMITTER, useValue: null },
    // NOTE: a one-shot command serves no metrics.
    { provide: WebmentionMetrics, useValue: new WebmentionMetrics({ metricsPath: false }) },
    { provide: OutgoingWebmentionStore, useValue: NO_HISTORY },
    { provide: WebmentionQueue, useValue: NO_QUEUE },
    WebmentionEventPublisher,
    SendPlanner,
    TargetSender,
    WebmentionSender,
  ],
  exports: [WebmentionSender],
})
export class StatelessCliModule implements OnApplicationShutdown {
  constructor(@Inject(WEBMENTION_FETCHER) private readonly fetcher: SafeFetcher) {}

  async onApplicationShutdown(): Promise<void> {
    await this.fetcher.close();
  }
}

/**
 * Why `args` cannot run without the host's module, or null when they can (help, version, `discover`,
 * `send --dry-run`).
 */
export function needsHostModule(args: string[]): string | null {
  const command = args.find((arg) => !arg.startsWith('-'));
  if (!command || command === 'help' || command === 'discover') return null;
  if (command === 'send' && args.includes('--dry-run')) return null;
  const what = command === 'send' ? 'send (without --dry-run)' : command;
  return (
    `webmention ${what} needs your app's database and options. Point the CLI at your root module: ` +
    `--module ./dist/app.module.js, or WEBMENTION_MODULE=./dist/app.module.js, or a webmention.config.js in this ` +
    `folder that exports it (module.exports = AppModule). Without one, only ${STATELESS_COMMANDS.join(' and ')} work.`
  );
}
