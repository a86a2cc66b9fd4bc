/** Which mentions a list, count or bulk change covers, and how that becomes SQL. */
import { Brackets, SelectQueryBuilder } from 'typeorm';
import type { MentionType, ModerationStatus, Webmention, WebmentionStatus } from '../entities/webmention.entity';
import { normalizeHost } from '../url/host';
import { targetMatchHashOf } from './webmention-keys';

/** Criteria on mentions; every given criterion narrows the selection, lists within one criterion widen it. */
export interface WebmentionFilter {
  ids?: readonly number[];
  /** Mentions of any of these targets (canonical matching). */
  targets?: readonly string[];
  /** Mentions whose source is on this host (exactly; not its subdomains). */
  sourceHost?: string;
  status?: readonly WebmentionStatus[];
  moderation?: readonly ModerationStatus[];
  types?: readonly MentionType[];
  /** Received after this time. */
  since?: Date;
  /** Words found (case-insensitively) in the author's name, the title, the content or the source URL. */
  search?: string;
}

/** Escapes `%`, `_` and the escape character itself for a LIKE pattern (ESCAPE '\'). */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Adds the filter's conditions to a query whose alias for the mention is `w`; `sqlDate` turns a date into the bound
 * parameter the driver expects.
 */
export function applyWebmentionFilter(
  query: SelectQueryBuilder<Webmention>,
  filter: WebmentionFilter,
  sqlDate: (date: Date) => string,
): SelectQueryBuilder<Webmention> {
  if (filter.ids) query.andWhere('w.id IN (:...ids)', { ids: filter.ids.length > 0 ? [...filter.ids] : [-1] });
  if (filter.targets) {
    const hashes = filter.targets.map((t) => targetMatchHashOf(t));
    query.andWhere('w.targetMatchHash IN (:...targetHashes)', { targetHashes: hashes.length > 0 ? hashes : [''] });
  }
  if (filter.sourceHost !== undefined)
    query.andWhere('w.sourceHost = :sourceHost', { sourceHost: normalizeHost(filter.sourceHost) });
  if (filter.status?.length) query.andWhere('w.status IN (:...status)', { status: [...filter.status] });
  if (filter.moderation?.length)
    query.andWhere('w.moderation IN (:...moderation)', { moderation: [...filter.moderation] });
  if (filter.types?.length) query.andWhere('w.mentionType IN (:...types)', { types: [...filter.types] });
  if (filter.since) query.andWhere('w.createdAt > :since', { since: sqlDate(filter.since) });
  const words = (filter.search ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  words.forEach((word, i) => {
    const param = `search${i}`;
    query.andWhere(
      new Brackets((q) => {
        for (const column of ['authorName', 'title', 'content', 'sourceUrl']) {
          q.orWhere(`LOWER(w.${column}) LIKE :${param} ESCAPE '\\'`);
        }
      }),
      { [param]: `%${likeEscape(word)}%` },
    );
  });
  return query;
}
