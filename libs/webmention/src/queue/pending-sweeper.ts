import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsOrder, FindOptionsWhere, LessThan, MoreThan, Repository } from 'typeorm';
import { OutgoingWebmention } from '../entities/outgoing-webmention.entity';
import { Webmention } from '../entities/webmention.entity';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import type { ResolvedWebmentionOptions } from '../webmention-options';
import { verifyJob } from './verify-jobs';
import { deliveryJob } from './send-jobs';
import { QueueJob, WebmentionQueue } from './webmention-queue';

/** What the sweeper needs of a row. */
interface PendingRow {
  id: number;
  status: string;
  updatedAt: Date;
}

const SWEEP_BATCH = 500;

/**
 * Re-queues `pending` received mentions and `pending` deliveries that have no job: at start-up (the in-process
 * queue forgets its jobs when the process stops) and then periodically (a job lost while Redis was unreachable).
 * Runs in processor processes only.
 */
@Injectable()
export class PendingSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WebmentionSweeper');
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    @InjectRepository(Webmention) private readonly repo: Repository<Webmention>,
    @InjectRepository(OutgoingWebmention) private readonly outgoing: Repository<OutgoingWebmention>,
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

  /** Queues every pending row last touched more than `minAgeMs` ago; resolves how many jobs were queued. */
  sweep(minAgeMs = 0): Promise<number> {
    this.sweeping ??= this.sweepOnce(minAgeMs).finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(minAgeMs: number): Promise<number> {
    const before = new Date(Date.now() - minAgeMs + 1);
    let queued = 0;
    try {
      const mentions = await this.sweepTable(this.repo, before, (row) => verifyJob(row.id, this.options));
      queued += mentions.queued;
      if (!mentions.stopped) {
        const sends = await this.sweepTable(this.outgoing, before, (row) =>
          deliveryJob({ source: row.sourceUrl, target: row.targetUrl, stillLinked: row.stillLinked }, this.options),
        );
        queued += sends.queued;
      }
    } catch (error) {
      this.logger.warn(`Sweep of pending jobs failed: ${(error as Error).message}`);
    } finally {
      if (queued > 0) this.logger.log(`Queued ${queued} pending job(s)`);
    }
    return queued;
  }

  /** Queues the job of every `pending` row of one table; stops early when the queue does not answer. */
  private async sweepTable<T extends PendingRow>(repo: Repository<T>, before: Date, jobFor: (row: T) => QueueJob): Promise<{ queued: number; stopped: boolean }> {
    let queued = 0;
    for (let lastId = 0; ; ) {
      const where = { status: 'pending', updatedAt: LessThan(before), id: MoreThan(lastId) } as FindOptionsWhere<T>;
      const rows = await repo.find({ where, order: { id: 'ASC' } as FindOptionsOrder<T>, take: SWEEP_BATCH });
      for (const row of rows) {
        // NOTE: a job may have finished the row since the batch was read; queuing it again would fetch twice.
        if (!(await repo.exists({ where: { id: row.id, status: 'pending' } as FindOptionsWhere<T> }))) continue;
        const result = await this.queue.enqueue(jobFor(row));
        if (result === 'unavailable') return { queued, stopped: true }; // the queue is down: next sweep
        if (result === 'queued') queued++;
      }
      if (rows.length < SWEEP_BATCH) return { queued, stopped: false };
      lastId = rows[rows.length - 1].id;
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
