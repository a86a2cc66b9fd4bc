import { FindOptionsOrder, FindOptionsWhere, LessThan, MoreThan, Repository } from 'typeorm';

/** What a pending-row scan needs of a row. */
interface PendingRow {
  id: number;
  status: string;
  updatedAt: Date;
}

/** Rows read per query while scanning. */
const PENDING_BATCH = 500;

/**
 * Every `pending` row last touched before `before`, by id, in batches. A row may have been finished since its batch
 * was read: the sweeper asks {@link isPendingRow} again once the queue has no job for it.
 */
export async function* pendingRows<T extends PendingRow>(repo: Repository<T>, before: Date): AsyncGenerator<T> {
  for (let lastId = 0; ;) {
    const where = { status: 'pending', updatedAt: LessThan(before), id: MoreThan(lastId) } as FindOptionsWhere<T>;
    const rows = await repo.find({ where, order: { id: 'ASC' } as FindOptionsOrder<T>, take: PENDING_BATCH });
    yield* rows;
    if (rows.length < PENDING_BATCH) return;
    lastId = rows[rows.length - 1].id;
  }
}

/** Whether the row `where` selects is `pending` now. */
export function isPendingRow<T extends PendingRow>(repo: Repository<T>, where: FindOptionsWhere<T>): Promise<boolean> {
  return repo.exists({ where: { ...where, status: 'pending' } as FindOptionsWhere<T> });
}
