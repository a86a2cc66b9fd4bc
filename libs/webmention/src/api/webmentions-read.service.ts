import { Injectable } from '@nestjs/common';
import type { Webmention } from '../entities/webmention.entity';
import type { OutgoingStatus } from '../entities/outgoing-webmention.entity';
import { OutgoingWebmentionStore } from '../storage/outgoing-webmention.store';
import type { WebmentionFilter } from '../storage/webmention-filter';
import { WebmentionPageReader } from '../storage/webmention-page.reader';
import { WebmentionStore } from '../storage/webmention.store';
import type { CountQuery, ReadQuery } from './read-query';
import { authorHosts, relatedIds } from './related-mentions';

/** One page of the read API: mentions newest first, which of them go together, and the next page's cursor. */
export interface ReadPage {
  items: Webmention[];
  /** For each item's id, the ids of the other shown mentions of its target by the same author. */
  related: Map<number, number[]>;
  next: string | null;
}

/** One sent (or to-be-sent) Webmention as `GET {apiPath}/outgoing` shows it. */
export interface OutgoingHistoryItem {
  target: string;
  endpoint: string | null;
  status: OutgoingStatus;
  attempts: number;
  httpStatus: number | null;
  lastError: string | null;
  sentAt: string | null;
  updatedAt: string;
}

/** What anyone may read: verified mentions a moderator has not held back. */
const SHOWN: Pick<WebmentionFilter, 'status' | 'moderation'> = { status: ['verified'], moderation: ['approved'] };

/** Reads behind the public JSON API: pages of shown mentions, counts by type, and our sending history. */
@Injectable()
export class WebmentionsReadService {
  constructor(
    private readonly store: WebmentionStore,
    private readonly outgoing: OutgoingWebmentionStore,
    private readonly reader: WebmentionPageReader,
  ) {}

  /** The shown mentions the query selects, one page of them; `withRelated` also works out {@link ReadPage.related}. */
  async page(query: ReadQuery, withRelated: boolean): Promise<ReadPage> {
    const filter: WebmentionFilter = { ...SHOWN, targets: query.targets, types: query.types, since: query.since };
    let cursor = query.cursor;
    if (query.offset !== null && query.offset > 0) {
      cursor = await this.reader.cursorAtOffset(filter, query.offset);
      if (cursor === null) return { items: [], related: new Map(), next: null };
    }
    const page = await this.store.list(filter, { limit: query.limit, cursor });
    const related = withRelated ? await this.related(page.items, query.targets) : new Map<number, number[]>();
    return { items: page.items, related, next: page.next };
  }

  /** For each item, the other shown mentions of its target by its author (whatever their type or date). */
  private async related(items: Webmention[], targets: string[]): Promise<Map<number, number[]>> {
    const candidates = await this.reader.authorsOf({ ...SHOWN, targets }, authorHosts(items));
    return relatedIds(items, candidates);
  }

  /** How many shown mentions the query selects, in all and by type. */
  count(query: CountQuery): ReturnType<WebmentionStore['countByType']> {
    return this.store.countByType({ ...SHOWN, targets: query.targets, types: query.types, since: query.since });
  }

  /** Every Webmention sent (or being sent) for our page `source`, oldest first. */
  async outgoingHistory(source: string): Promise<OutgoingHistoryItem[]> {
    const rows = await this.outgoing.listForSource(source);
    return rows.map((r) => ({
      target: r.targetUrl,
      endpoint: r.endpoint,
      status: r.status,
      attempts: r.attempts,
      httpStatus: r.httpStatus,
      lastError: r.lastError,
      sentAt: r.sentAt ? r.sentAt.toISOString() : null,
      updatedAt: r.updatedAt.toISOString(),
    }));
  }
}
