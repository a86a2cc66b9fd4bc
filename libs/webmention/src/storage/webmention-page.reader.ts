import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { Webmention } from '../entities/webmention.entity';
import { encodeCursor } from './page-cursor';
import { applyWebmentionFilter, WebmentionFilter } from './webmention-filter';

/** What the read API needs of a mention to relate it to others by author. */
export interface MentionAuthorRow {
  id: number;
  targetMatchHash: string;
  authorUrl: string | null;
}

/** Most candidate rows read when relating one page of mentions. */
const MAX_AUTHOR_ROWS = 5000;

/** Escapes `%`, `_` and `\` for a LIKE pattern (ESCAPE '\'). */
const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Narrow reads behind the read API that {@link WebmentionStore.list} does not cover: where an offset page starts,
 * and the authors of mentions of some targets.
 */
@Injectable()
export class WebmentionPageReader {
  constructor(@InjectRepository(Webmention) private readonly repository: Repository<Webmention>) {}

  /** A date as a bound parameter: ISO with zone on PostgreSQL, TypeORM's UTC text form on SQLite. */
  private sqlDate(date: Date): string {
    const iso = date.toISOString();
    return this.repository.manager.connection.options.type === 'postgres'
      ? iso
      : iso.replace('T', ' ').replace('Z', '');
  }

  /**
   * The cursor of {@link WebmentionStore.list} whose page starts at the `offset`-th mention (newest first) the
   * filter selects, or null when there are not that many.
   */
  async cursorAtOffset(filter: WebmentionFilter, offset: number): Promise<string | null> {
    const row = await applyWebmentionFilter(this.repository.createQueryBuilder('w'), filter, (d) => this.sqlDate(d))
      .select('w.id', 'id')
      .orderBy('w.id', 'DESC')
      .offset(offset)
      .limit(1)
      .getRawOne<{ id: number | string }>();
    // NOTE: `list` continues below the cursor's id, so the row itself is included by starting one above it.
    return row ? encodeCursor(Number(row.id) + 1) : null;
  }

  /**
   * Id, target key and author URL of the mentions the filter selects whose author URL mentions one of `hosts`
   * (a pre-filter: callers match authors exactly), at most {@link MAX_AUTHOR_ROWS}.
   */
  async authorsOf(filter: WebmentionFilter, hosts: readonly string[]): Promise<MentionAuthorRow[]> {
    if (hosts.length === 0) return [];
    const query = applyWebmentionFilter(this.repository.createQueryBuilder('w'), filter, (d) => this.sqlDate(d))
      .select(['w.id', 'w.targetMatchHash', 'w.authorUrl'])
      .andWhere('w.authorUrl IS NOT NULL')
      .andWhere(
        new Brackets((q) => {
          hosts.forEach((host, i) => {
            q.orWhere(`LOWER(w.authorUrl) LIKE :authorHost${i} ESCAPE '\\'`, {
              [`authorHost${i}`]: `%${likeEscape(host)}%`,
            });
          });
        }),
      )
      .orderBy('w.id', 'DESC')
      .take(MAX_AUTHOR_ROWS);
    const rows = await query.getMany();
    return rows.map((r) => ({ id: r.id, targetMatchHash: r.targetMatchHash, authorUrl: r.authorUrl }));
  }
}
