import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, Repository } from 'typeorm';
import { WebmentionMedia } from '../entities/webmention-media.entity';
import { Webmention } from '../entities/webmention.entity';
import { mediaKeyOf } from '../url/media-key';

/** Reads and writes {@link WebmentionMedia} rows: which remote media each mention shows. */
@Injectable()
export class WebmentionMediaStore {
  constructor(@InjectRepository(WebmentionMedia) private readonly repository: Repository<WebmentionMedia>) {}

  /**
   * Makes `urls` the media recorded for a mention: rows for other URLs go, missing ones are added.
   * NOTE: without a transaction (SQLite shares one connection between them); the unique (mention, key) index and
   * insert-or-ignore keep two verifications of one mention racing here from recording a URL twice.
   */
  async replaceFor(webmentionId: number, urls: readonly string[]): Promise<void> {
    const rows = urls.flatMap((url) => {
      const urlHash = mediaKeyOf(url);
      return urlHash === null ? [] : [{ webmentionId, urlHash, url }];
    });
    const keys = rows.map((r) => r.urlHash);
    await this.repository.delete(keys.length > 0 ? { webmentionId, urlHash: Not(In(keys)) } : { webmentionId });
    if (rows.length > 0) {
      await this.repository.createQueryBuilder().insert().into(WebmentionMedia).values(rows).orIgnore().execute();
    }
  }

  /** The URLs recorded for a mention. */
  async urlsFor(webmentionId: number): Promise<string[]> {
    const rows = await this.repository.find({ where: { webmentionId }, order: { id: 'ASC' } });
    return rows.map((r) => r.url);
  }

  /**
   * The remote URL behind a media key, when a mention that is shown (verified and approved) has it; else null.
   * NOTE: the join is the guard: media of a mention rejected, failed or deleted by any means serves nothing.
   */
  async findServableUrl(urlHash: string): Promise<string | null> {
    const row: { url: string } | undefined = await this.repository
      .createQueryBuilder('m')
      .innerJoin(Webmention, 'w', 'w.id = m.webmentionId')
      .select('m.url', 'url')
      .where('m.urlHash = :urlHash', { urlHash })
      .andWhere('w.status = :status', { status: 'verified' })
      .andWhere('w.moderation = :moderation', { moderation: 'approved' })
      .limit(1)
      .getRawOne();
    return row?.url ?? null;
  }

  /** Deletes the media rows of a mention. */
  async removeFor(webmentionId: number): Promise<void> {
    await this.repository.delete({ webmentionId });
  }
}
