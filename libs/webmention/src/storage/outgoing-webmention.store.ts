import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { OutgoingWebmention } from '../entities/outgoing-webmention.entity';
import { isPendingRow, pendingRows } from './pending-rows';
import { pairHashOf, sourceHashOf } from './webmention-keys';

/** Reads and writes the history of sent Webmentions. */
@Injectable()
export class OutgoingWebmentionStore {
  constructor(@InjectRepository(OutgoingWebmention) private readonly repository: Repository<OutgoingWebmention>) {}

  /** Every pair ever recorded for this source, oldest first. */
  listForSource(sourceUrl: string): Promise<OutgoingWebmention[]> {
    return this.repository.find({ where: { sourceHash: sourceHashOf(sourceUrl) }, order: { id: 'ASC' } });
  }

  /** The row of a pair, creating it when missing; race-safe on the unique `pairHash`. */
  async ensure(sourceUrl: string, targetUrl: string): Promise<OutgoingWebmention> {
    const pairHash = pairHashOf(sourceUrl, targetUrl);
    const existing = await this.repository.findOneBy({ pairHash });
    if (existing) return existing;
    await this.repository
      .createQueryBuilder()
      .insert()
      .into(OutgoingWebmention)
      .values({ sourceUrl, targetUrl, pairHash, sourceHash: sourceHashOf(sourceUrl), status: 'pending' })
      .orIgnore()
      .execute();
    return this.repository.findOneByOrFail({ pairHash });
  }

  /** Updates a pair's row (creating it first when needed) and returns it as stored. */
  async record(
    sourceUrl: string,
    targetUrl: string,
    fields: Partial<OutgoingWebmention>,
    options: { countAttempt?: boolean } = {},
  ): Promise<OutgoingWebmention> {
    const row = await this.ensure(sourceUrl, targetUrl);
    const updatedAt = new Date();
    // NOTE: one UPDATE, so a reader never sees an outcome whose attempt is not counted yet; updatedAt is set by
    // hand because query-builder updates on SQLite do not bump it.
    await this.repository
      .createQueryBuilder()
      .update(OutgoingWebmention)
      .set({
        ...fields,
        ...(options.countAttempt ? { attempts: () => '"attempts" + 1' } : {}),
        updatedAt,
      } as never)
      .where('id = :id', { id: row.id })
      .execute();
    // NOTE: the row as the UPDATE left it, without reading it again: the count is the database's, one more than read.
    return Object.assign(row, fields, { updatedAt, attempts: row.attempts + (options.countAttempt ? 1 : 0) });
  }

  /** `pending` pairs last touched before `before` (their job may have been lost), by id. */
  pending(before: Date): AsyncGenerator<OutgoingWebmention> {
    return pendingRows(this.repository, before);
  }

  /** Whether the pair is `pending` now. */
  isPending(sourceUrl: string, targetUrl: string): Promise<boolean> {
    return isPendingRow(this.repository, { pairHash: pairHashOf(sourceUrl, targetUrl) });
  }
}
