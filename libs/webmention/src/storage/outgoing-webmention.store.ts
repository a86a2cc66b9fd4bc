import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { OutgoingWebmention } from '../entities/outgoing-webmention.entity';
import { pairHashOf, sourceHashOf } from './webmention-keys';

/** Reads and writes the history of sent Webmentions. */
@Injectable()
export class OutgoingWebmentionStore {
  constructor(@InjectRepository(OutgoingWebmention) readonly repository: Repository<OutgoingWebmention>) {}

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
  async record(sourceUrl: string, targetUrl: string, fields: Partial<OutgoingWebmention>): Promise<OutgoingWebmention> {
    const row = await this.ensure(sourceUrl, targetUrl);
    // NOTE: updatedAt is set by hand: TypeORM's update() does not bump it on SQLite.
    await this.repository.update({ id: row.id }, { ...fields, updatedAt: new Date() });
    return this.repository.findOneByOrFail({ id: row.id });
  }

  /** Counts one more attempt of a pair. */
  async countAttempt(id: number): Promise<void> {
    await this.repository.increment({ id }, 'attempts', 1);
  }
}
