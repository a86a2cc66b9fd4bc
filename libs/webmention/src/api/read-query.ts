/** The read API's query parameters: every one checked, with a 400 reason for anything bad. */
import { MENTION_TYPES, MentionType } from '../entities/webmention.entity';
import {
  cursorParam,
  enumList,
  QueryResult,
  RawQuery,
  refuse,
  sinceParam,
  singleValue,
  urlList,
  wholeNumberParam,
} from './query-values';

/** Response formats of `GET {apiPath}`: the library's JSON, or a jf2 feed as webmention.io's `mentions.jf2`. */
export const READ_FORMATS = ['json', 'jf2'] as const;
/** One of {@link READ_FORMATS}. */
export type ReadFormat = (typeof READ_FORMATS)[number];

/** Limits of the read API's parameters. */
export const READ_LIMITS = {
  /** Page size when `limit` is not given. */
  defaultLimit: 20,
  maxLimit: 100,
  maxOffset: 100_000,
  /** Targets in one request. */
  maxTargets: 20,
} as const;

/** What `GET {apiPath}` was asked for. */
export interface ReadQuery {
  /** Canonical spellings (WHATWG href) of the targets; at least one. */
  targets: string[];
  /** Mention types to include; empty means every type. */
  types: MentionType[];
  /** Only mentions received after this time. */
  since?: Date;
  limit: number;
  /** Continue after this cursor (from a previous page's `next`). */
  cursor: string | null;
  /** Skip this many mentions instead (the older way of paging); never together with `cursor`. */
  offset: number | null;
  format: ReadFormat;
}

/** What `GET {apiPath}/count` was asked for. */
export type CountQuery = Pick<ReadQuery, 'targets' | 'types' | 'since'>;

/** The targets (`target`, repeatable), `type` and `since` filters shared by the list and the count. */
export function parseMentionFilter(query: RawQuery, maxUrlLength: number): QueryResult<CountQuery> {
  const targets = urlList(query, 'target', {
    max: READ_LIMITS.maxTargets,
    maxLength: maxUrlLength,
    missing: 'missing_target',
    invalid: 'invalid_target',
  });
  if (!targets.ok) return targets;
  const types = enumList(query, 'type', MENTION_TYPES, 'invalid_type');
  if (!types.ok) return types;
  const since = sinceParam(query);
  if (!since.ok) return since;
  return { ok: true, value: { targets: targets.value, types: types.value, since: since.value } };
}

/** The `limit` and `cursor` of a keyset page, shared by the read and moderation lists. */
export function pageParams(query: RawQuery): QueryResult<{ limit: number; cursor: string | null }> {
  const limit = wholeNumberParam(
    query,
    'limit',
    { min: 1, max: READ_LIMITS.maxLimit, fallback: READ_LIMITS.defaultLimit },
    'invalid_limit',
  );
  if (!limit.ok) return limit;
  const cursor = cursorParam(query);
  if (!cursor.ok) return cursor;
  return { ok: true, value: { limit: limit.value ?? READ_LIMITS.defaultLimit, cursor: cursor.value } };
}

/** Parses the query of `GET {apiPath}`; `maxUrlLength` is the module's `maxUrlLength` option. */
export function parseReadQuery(query: RawQuery, maxUrlLength: number): QueryResult<ReadQuery> {
  const filter = parseMentionFilter(query, maxUrlLength);
  if (!filter.ok) return filter;
  const page = pageParams(query);
  if (!page.ok) return page;
  const offset = wholeNumberParam(
    query,
    'offset',
    { min: 0, max: READ_LIMITS.maxOffset, fallback: null },
    'invalid_offset',
  );
  if (!offset.ok) return offset;
  if (offset.value !== null && page.value.cursor !== null) {
    return refuse('invalid_offset', 'give either cursor or offset, not both');
  }
  const format = singleValue(query, 'format', 'invalid_format');
  if (!format.ok) return format;
  const formatValue = format.value ?? 'json';
  if (!(READ_FORMATS as readonly string[]).includes(formatValue)) {
    return refuse('invalid_format', `format must be one of ${READ_FORMATS.join(', ')}`);
  }
  return {
    ok: true,
    value: {
      ...filter.value,
      ...page.value,
      offset: offset.value,
      format: formatValue as ReadFormat,
    },
  };
}

/** Parses the query of `GET {apiPath}/outgoing`: one `source` URL. */
export function parseOutgoingQuery(query: RawQuery, maxUrlLength: number): QueryResult<{ source: string }> {
  const source = urlList(query, 'source', {
    max: 1,
    maxLength: maxUrlLength,
    missing: 'missing_source',
    invalid: 'invalid_source',
  });
  if (!source.ok) return source;
  return { ok: true, value: { source: source.value[0] } };
}

/**
 * The query string of the page after this one: the same filters and size, the given cursor instead of any offset,
 * in a fixed order (so equal requests make equal links).
 */
export function nextPageParams(query: ReadQuery, cursor: string): URLSearchParams {
  const params = new URLSearchParams();
  for (const target of query.targets) params.append('target', target);
  if (query.types.length > 0) params.set('type', query.types.join(','));
  if (query.since) params.set('since', query.since.toISOString());
  params.set('limit', String(query.limit));
  if (query.format !== 'json') params.set('format', query.format);
  params.set('cursor', cursor);
  return params;
}
