import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, IsNull, Repository } from 'typeorm';
import { OutgoingSource } from '../entities/outgoing-source.entity';
import { sourceHashOf } from './webmention-keys';

/** What was last sent for a page. */
export type SentContent = { kind: 'never' } | { kind: 'deleted' } | { kind: 'content'; hash: string };

/** Reads and writes the content last sent for, per source page. */
@Injectable()
export class OutgoingSourceStore {
  constructor(@InjectRepository(OutgoingSource) private readonly repository: Repository<OutgoingSource>) {}

  /** What was last sent for `sourceUrl`: nothing yet, its deletion, or content with this hash. */
  async lastSent(sourceUrl: string): Promise<SentContent> {
    const row = await this.repository.findOneBy({ sourceHash: sourceHashOf(sourceUrl) });
    if (!row) return { kind: 'never' };
    return row.contentHash === null ? { kind: 'deleted' } : { kind: 'content', hash: row.contentHash };
  }

  /** Records that `sourceUrl` was sent for with content of this hash, or as deleted (null). */
  async record(sourceUrl: string, contentHash: string | null): Promise<void> {
    const sourceHash = sourceHashOf(sourceUrl);
    // NOTE: insert-or-ignore then update, portable across PostgreSQL and SQLite; updatedAt is set by hand because
    // query-builder updates on SQLite do not bump it.
    await this.repository
      .createQueryBuilder()
      .insert()
      .into(OutgoingSource)
      .values({ sourceUrl, sourceHash, contentHash })
      .orIgnore()
      .execute();
    await this.repository.update({ sourceHash }, { sourceUrl, contentHash, updatedAt: new Date() });
  }

  /** Pages whose last send was of content (not a deletion), their URL starting with `prefix`, oldest first. */
  async livePagesUnder(prefix: string): Promise<string[]> {
    const rows = await this.repository.find({
      select: { sourceUrl: true },
      where: { contentHash: Not(IsNull()) },
      order: { id: 'ASC' },
    });
    return rows.map((r) => r.sourceUrl).filter((url) => url.startsWith(prefix));
  }
}
