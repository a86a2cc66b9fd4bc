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
    return this.update(await this.ensure(sourceUrl, targetUrl), fields, options);
  }

  /**
   * Like {@link record}, given the pair's row as read before (`known`, or undefined when there was none) and so in
   * one statement: the UPDATE, or an INSERT of the whole row. An INSERT that finds the pair there (another process
   * recorded it meanwhile) falls back to {@link record}.
   */
  async recordKnown(
    known: OutgoingWebmention | undefined,
    sourceUrl: string,
    targetUrl: string,
    fields: Partial<OutgoingWebmention>,
    options: { countAttempt?: boolean } = {},
  ): Promise<OutgoingWebmention> {
    if (known) return this.update(known, fields, options);
    const now = new Date();
    const row = this.repository.create({
      sourceUrl,
      targetUrl,
      pairHash: pairHashOf(sourceUrl, targetUrl),
      sourceHash: sourceHashOf(sourceUrl),
      status: 'pending',
      endpoint: null,
      httpStatus: null,
      location: null,
      lastError: null,
      stillLinked: true,
      lastAttemptAt: null,
      sentAt: null,
      createdAt: now,
      updatedAt: now,
      ...fields,
      attempts: options.countAttempt ? 1 : 0,
    });
    // NOTE: the id comes back with the INSERT (RETURNING on PostgreSQL, the last row id on SQLite); TypeORM's own
    // insert would read the row again for its default columns, which are all set here.
    const insert = this.repository
      .createQueryBuilder()
      .insert()
      .into(OutgoingWebmention)
      .values(row)
      .updateEntity(false);
    let raw: unknown;
    try {
      const returning = this.repository.manager.connection.driver.isReturningSqlSupported('insert');
      raw = (await (returning ? insert.returning(['id']) : insert).execute()).raw;
    } catch {
      return this.record(sourceUrl, targetUrl, fields, options);
    }
    const id = Number(Array.isArray(raw) ? (raw[0] as { id?: unknown } | undefined)?.id : raw);
    row.id = Number.isSafeInteger(id) ? id : (await this.repository.findOneByOrFail({ pairHash: row.pairHash })).id;
    return row;
  }

  private async update(
    row: OutgoingWebmention,
    fields: Partial<OutgoingWebmention>,
    options: { countAttempt?: boolean },
  ): Promise<OutgoingWebmention> {
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
