import { Inject, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import type { JobContext } from './job';
import { JOB_HANDLER_METADATA, JobHandlerMetadata } from './job-handler.decorator';
import type { JobHandler } from './job-handler.interface';
import { RetryLaterError } from './retry';

/** A discovered handler with its name and concurrency. */
export interface RegisteredJobHandler {
  name: string;
  concurrency: number;
  handler: JobHandler;
}

/**
 * The job handlers of this application, found at boot among the providers decorated with `@WebmentionJobHandler`
 * (as nestjs/bull finds `@Process()` methods), so the queue runs capabilities it does not import.
 */
@Injectable()
export class JobHandlerRegistry {
  private readonly logger = new Logger('WebmentionQueue');
  private handlers?: Map<string, RegisteredJobHandler>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  /** Every handler, in the order the module declares them. */
  all(): RegisteredJobHandler[] {
    return [...this.discover().values()];
  }

  /** Jobs of `name` allowed to run at once per process. */
  concurrency(name: string): number {
    return this.discover().get(name)?.concurrency ?? this.options.concurrency;
  }

  /**
   * Runs a job by its handler. Rethrows `RetryLaterError`; turns any other error into one (after logging it), so an
   * unexpected failure (database down, a bug) is retried with the job's backoff like a transient one.
   */
  async run(name: string, data: unknown, ctx: JobContext): Promise<void> {
    const entry = this.discover().get(name);
    if (!entry) {
      this.logger.warn(`Dropping job of unknown name "${name}"`);
      return;
    }
    try {
      await entry.handler.handle(data as object, ctx);
    } catch (error) {
      if (error instanceof RetryLaterError) throw error;
      this.logger.error(
        `Job ${name} failed (attempt ${ctx.attempt} of ${ctx.attempts}): ${(error as Error).stack ?? String(error)}`,
      );
      throw new RetryLaterError((error as Error).message);
    }
  }

  private discover(): Map<string, RegisteredJobHandler> {
    if (this.handlers) return this.handlers;
    const found = new Map<string, RegisteredJobHandler>();
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype;
      const instance = wrapper.instance as JobHandler | undefined;
      if (!type || !instance || typeof instance.handle !== 'function') continue;
      const meta = this.reflector.get<JobHandlerMetadata | undefined>(JOB_HANDLER_METADATA, type);
      if (!meta) continue;
      if (found.has(meta.name)) throw new Error(`Two handlers for Webmention job "${meta.name}"`);
      found.set(meta.name, {
        name: meta.name,
        concurrency: meta.concurrency ?? this.options.concurrency,
        handler: instance,
      });
    }
    this.handlers = found;
    return found;
  }
}
