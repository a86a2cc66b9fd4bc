import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, Repository } from 'typeorm';
import { Webmention } from '../entities/webmention.entity';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import type { ResolvedWebmentionOptions } from '../webmention-options';
import { verifyJob } from './verify-jobs';
import { WebmentionQueue } from './webmention-queue';

const SWEEP_BATCH = 500;

/**
 * Re-queues `pending` mentions that have no job: at start-up (the in-process queue forgets its jobs when the
 * process stops) and then periodically (a job lost while Redis was unreachable). Runs in processor processes only.
 */
@Injectable()
export class PendingSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WebmentionSweeper');
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    @InjectRepository(Webmention) private readonly repo: Repository<Webmention>,
    private readonly queue: WebmentionQueue,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep(0);
    if (this.options.sweepIntervalMs > 0) {
      this.timer = setInterval(() => void this.sweep(this.options.sweepIntervalMs), this.options.sweepIntervalMs);
      this.timer.unref();
    }
  }

  /** Queues every pending mention last touched more than `minAgeMs` ago; resolves how many were queued. */
  sweep(minAgeMs = 0): Promise<number> {
    this.sweeping ??= this.sweepOnce(minAgeMs).finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(minAgeMs: number): Promise<number> {
    let queued = 0;
    try {
      const before = new Date(Date.now() - minAgeMs + 1);
      for (let lastId = 0; ; ) {
        const rows = await this.repo.find({
          select: { id: true },
          where: { status: 'pending', updatedAt: LessThan(before), id: MoreThan(lastId) },
          order: { id: 'ASC' },
          take: SWEEP_BATCH,
        });
        for (const row of rows) {
          const result = await this.queue.enqueue(verifyJob(row.id, this.options));
          if (result === 'unavailable') return queued; // the queue is down: try again at the next sweep
          if (result === 'queued') queued++;
        }
        if (rows.length < SWEEP_BATCH) break;
        lastId = rows[rows.length - 1].id;
      }
    } catch (error) {
      this.logger.warn(`Sweep of pending webmentions failed: ${(error as Error).message}`);
    } finally {
      if (queued > 0) this.logger.log(`Queued ${queued} pending webmention(s)`);
    }
    return queued;
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
