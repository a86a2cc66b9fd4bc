import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { FindOptionsWhere, In, MoreThan, Repository } from 'typeorm';
import { WebmentionMedia } from '../entities/webmention-media.entity';
import {
  FailureReason,
  MENTION_TYPES,
  MentionType,
  ModerationStatus,
  Webmention,
  WebmentionStatus,
} from '../entities/webmention.entity';
import { hostOf } from '../url/host';
import { decodeCursor, encodeCursor } from './page-cursor';
import { isPendingRow, pendingRows } from './pending-rows';
import { applyWebmentionFilter, WebmentionFilter } from './webmention-filter';
import { pairHashOf, targetMatchHashOf } from './webmention-keys';

/** Filter of {@link WebmentionStore.listForTarget}. */
export interface TargetListQuery {
  target: string;
  status?: WebmentionStatus;
  moderation?: ModerationStatus;
  limit?: number;
  offset?: number;
}

/** Which mentions {@link WebmentionStore.selectIds} returns; several criteria narrow the selection. */
export interface WebmentionSelection {
  id?: number;
  /** Every mention of this target (canonical matching). */
  target?: string;
  status?: WebmentionStatus;
}

/** What a moderator may change on a mention with {@link WebmentionStore.moderate}. */
export type ModerationFields = Partial<Pick<Webmention, 'status' | 'moderation' | 'verifiedAt' | 'spamCheckResult'>>;

/** One page of a list, newest first, and the cursor of the next page (null on the last). */
export interface WebmentionPage {
  items: Webmention[];
  next: string | null;
}

/** A submitted pair and the moderation state its row starts in, for {@link WebmentionStore.upsertPairs}. */
export interface PairSubmission {
  sourceUrl: string;
  targetUrl: string;
  moderation: ModerationStatus;
}

/** Ids read per query by {@link WebmentionStore.selectIds}. */
const SELECT_BATCH = 500;

/** Reads and writes {@link Webmention} rows; the one place that knows the keys and the upsert. */
@Injectable()
export class WebmentionStore {
  constructor(@InjectRepository(Webmention) private readonly repository: Repository<Webmention>) {}

  /**
   * Stores a submitted pair: a new row is `pending`; an existing row is left as it is until it is verified again.
   * Safe under concurrent submissions of the same pair in any spelling: the unique `pairHash` admits one insert.
   */
  async upsertPair(
    sourceUrl: string,
    targetUrl: string,
    moderation: ModerationStatus,
  ): Promise<{ webmention: Webmention; created: boolean }> {
    const [stored] = await this.upsertPairs([{ sourceUrl, targetUrl, moderation }]);
    return stored;
  }

  /**
   * {@link upsertPair} for many pairs in two statements (a multi-row insert-or-ignore, then one read by the unique
   * keys), answered in the order given. A pair given twice is one row, `created` for its first submission only.
   */
  async upsertPairs(pairs: PairSubmission[]): Promise<{ webmention: Webmention; created: boolean }[]> {
    const submitted = pairs.map((pair) => ({
      ...pair,
      pairHash: pairHashOf(pair.sourceUrl, pair.targetUrl),
      statusToken: randomBytes(24).toString('base64url'),
    }));
    const firsts = new Map(submitted.map((pair) => [pair.pairHash, pair] as const).reverse());
    // NOTE: insert-or-ignore, then read back by the unique key: whoever's token is on the row made it. No window in
    // which concurrent submissions could make two rows; the insert does not read back (updateEntity off).
    await this.repository
      .createQueryBuilder()
      .insert()
      .into(Webmention)
      .values(
        [...firsts.values()].map(({ sourceUrl, targetUrl, pairHash, moderation, statusToken }) => ({
          sourceUrl,
          targetUrl,
          pairHash,
          targetMatchHash: targetMatchHashOf(targetUrl),
          sourceHost: hostOf(sourceUrl),
          status: 'pending' as const,
          moderation,
          statusToken,
        })),
      )
      .orIgnore()
      .updateEntity(false)
      .execute();
    const rows = await this.repository.findBy({ pairHash: In([...firsts.keys()]) });
    const byHash = new Map(rows.map((row) => [row.pairHash, row]));
    return submitted.map(({ pairHash, statusToken }) => {
      const webmention = byHash.get(pairHash);
      // NOTE: cannot happen while rows are never deleted between the insert and the read; said loudly if it does.
      if (!webmention) throw new Error(`the stored row of pair ${pairHash} was not found`);
      return { webmention, created: webmention.statusToken === statusToken };
    });
  }

  /**
   * Writes a verification result unless a fetch that started later has already written one, and returns the row
   * as it now is (or `null` when this result was older and discarded).
   */
  async applyResult(
    id: number,
    fetchStartedAt: number,
    fields: Partial<Webmention>,
    options: { firstVerifiedAt?: Date } = {},
  ): Promise<Webmention | null> {
    // NOTE: one conditional UPDATE, so two workers racing on one pair cannot both win; updatedAt is set by hand
    // because query-builder updates on SQLite do not bump it. firstVerifiedAt is only ever filled, never replaced.
    const first = options.firstVerifiedAt
      ? { firstVerifiedAt: () => 'COALESCE("firstVerifiedAt", :firstVerifiedAt)' }
      : {};
    const result = await this.repository
      .createQueryBuilder()
      .update(Webmention)
      .set({ ...fields, ...first, fetchStartedAt, updatedAt: new Date() } as never)
      .setParameter('firstVerifiedAt', options.firstVerifiedAt ? this.sqlDate(options.firstVerifiedAt) : null)
      .where('id = :id', { id })
      .andWhere('("fetchStartedAt" IS NULL OR "fetchStartedAt" <= :fetchStartedAt)', { fetchStartedAt })
      .execute();
    if (!result.affected) return null;
    return this.repository.findOneBy({ id });
  }

  /** A date as a bound parameter of raw SQL: ISO with zone on PostgreSQL, TypeORM's UTC text form on SQLite. */
  private sqlDate(date: Date): string {
    const iso = date.toISOString();
    return this.repository.manager.connection.options.type === 'postgres'
      ? iso
      : iso.replace('T', ' ').replace('Z', '');
  }

  /** Records a transient failure of attempt `attempts` and when the next attempt is due (the row stays pending). */
  async recordRetry(id: number, attempts: number, retryReason: FailureReason, nextAttemptAt: Date): Promise<void> {
    await this.repository.update({ id }, { attempts, retryReason, nextAttemptAt });
  }

  /** The row behind a status token, or null. */
  findByToken(statusToken: string): Promise<Webmention | null> {
    return this.repository.findOneBy({ statusToken });
  }

  /** The row with this id, or null. */
  findById(id: number): Promise<Webmention | null> {
    return this.repository.findOneBy({ id });
  }

  /** Mentions of a target under the canonical matching policy, newest first. */
  listForTarget(query: TargetListQuery): Promise<Webmention[]> {
    return this.repository.find({
      where: {
        targetMatchHash: targetMatchHashOf(query.target),
        ...(query.status ? { status: query.status } : {}),
        ...(query.moderation ? { moderation: query.moderation } : {}),
      },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: query.limit ?? 100,
      skip: query.offset ?? 0,
    });
  }

  /** Ids of the selected mentions in ascending order, read in batches. */
  async *selectIds(selection: WebmentionSelection): AsyncGenerator<number> {
    const where: FindOptionsWhere<Webmention> = {
      ...(selection.id !== undefined ? { id: selection.id } : {}),
      ...(selection.target !== undefined ? { targetMatchHash: targetMatchHashOf(selection.target) } : {}),
      ...(selection.status !== undefined ? { status: selection.status } : {}),
    };
    for (let lastId = 0; ;) {
      const rows = await this.repository.find({
        select: { id: true },
        where: { ...where, id: where.id ?? MoreThan(lastId) },
        order: { id: 'ASC' },
        take: SELECT_BATCH,
      });
      for (const row of rows) yield row.id;
      if (rows.length < SELECT_BATCH || where.id !== undefined) return;
      lastId = rows[rows.length - 1].id;
    }
  }

  /** `pending` mentions last touched before `before` (their job may have been lost), by id. */
  pending(before: Date): AsyncGenerator<Webmention> {
    return pendingRows(this.repository, before);
  }

  /** Whether mention `id` is `pending` now. */
  isPending(id: number): Promise<boolean> {
    return isPendingRow(this.repository, { id });
  }

  /**
   * One page of the mentions the filter selects, newest (highest id) first, after `cursor` when given; throws
   * `InvalidCursorError` for a cursor this store did not make.
   */
  async list(filter: WebmentionFilter, page: { limit: number; cursor?: string | null }): Promise<WebmentionPage> {
    const query = applyWebmentionFilter(this.repository.createQueryBuilder('w'), filter, (d) => this.sqlDate(d));
    if (page.cursor) query.andWhere('w.id < :before', { before: decodeCursor(page.cursor) });
    const rows = await query
      .orderBy('w.id', 'DESC')
      .take(page.limit + 1)
      .getMany();
    const items = rows.slice(0, page.limit);
    return { items, next: rows.length > page.limit ? encodeCursor(items[items.length - 1].id) : null };
  }

  /** How many mentions the filter selects, in all and by type. */
  async countByType(filter: WebmentionFilter): Promise<{ count: number; type: Record<MentionType, number> }> {
    const rows: { type: MentionType; n: string | number }[] = await applyWebmentionFilter(
      this.repository.createQueryBuilder('w'),
      filter,
      (d) => this.sqlDate(d),
    )
      .select('w.mentionType', 'type')
      .addSelect('COUNT(*)', 'n')
      .groupBy('w.mentionType')
      .getRawMany();
    const type = Object.fromEntries(MENTION_TYPES.map((t) => [t, 0])) as Record<MentionType, number>;
    for (const row of rows) if (row.type in type) type[row.type] = Number(row.n);
    return { count: Object.values(type).reduce((a, b) => a + b, 0), type };
  }

  /** Every mention the filter selects, oldest first, read in batches (for bulk changes). */
  async *each(filter: WebmentionFilter): AsyncGenerator<Webmention> {
    for (let after = 0; ;) {
      const query = applyWebmentionFilter(this.repository.createQueryBuilder('w'), filter, (d) => this.sqlDate(d));
      const rows = await query.andWhere('w.id > :after', { after }).orderBy('w.id', 'ASC').take(SELECT_BATCH).getMany();
      for (const row of rows) yield row;
      if (rows.length < SELECT_BATCH) return;
      after = rows[rows.length - 1].id;
    }
  }

  /** Sets a mention's moderation decision and returns the row as it now is (null when it no longer exists). */
  async setModeration(id: number, moderation: ModerationStatus): Promise<Webmention | null> {
    await this.repository.update({ id }, { moderation, updatedAt: new Date() });
    return this.findById(id);
  }

  /**
   * Writes a moderator's change if the row still has the `expected` status and moderation (compare-and-set: of two
   * moderators changing one row at once, each learns whether their write was the one that changed it), and returns
   * the row as it now is; null when it had changed meanwhile or no longer exists. With `supersedeFetches`, results of
   * verifications whose fetch started before this write are discarded, as if this were the newest fetch.
   */
  async moderate(
    id: number,
    expected: Pick<Webmention, 'status' | 'moderation'>,
    fields: ModerationFields,
    options: { supersedeFetches?: boolean } = {},
  ): Promise<Webmention | null> {
    const now = new Date();
    const result = await this.repository.update(
      { id, status: expected.status, moderation: expected.moderation },
      // NOTE: TypeORM's deep-partial type refuses a JSON column's Record value; ModerationFields types the fields.
      { ...fields, updatedAt: now, ...(options.supersedeFetches ? { fetchStartedAt: now.getTime() } : {}) } as never,
    );
    return result.affected ? this.findById(id) : null;
  }

  /** Deletes a mention and the media recorded for it; resolves whether there was one. */
  async remove(id: number): Promise<boolean> {
    // NOTE: no foreign-key cascade (not portable here), so the media rows are deleted explicitly.
    await this.repository.manager.delete(WebmentionMedia, { webmentionId: id });
    const result = await this.repository.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
