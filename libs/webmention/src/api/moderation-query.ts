/** The moderation API's inputs: the list's query parameters, the action in a path, and the bulk request body. */
import { MENTION_TYPES, MODERATION_STATUSES, WEBMENTION_STATUSES } from '../entities/webmention.entity';
import { MODERATION_ACTIONS, ModerationAction, ModerationSelection } from '../moderate/moderation.service';
import type { WebmentionFilter } from '../storage/webmention-filter';
import { normalizeHost } from '../url/host';
import {
  enumList,
  parseIsoDateTime,
  QueryResult,
  RawQuery,
  refuse,
  sinceParam,
  singleValue,
  urlList,
} from './query-values';
import { pageParams, READ_LIMITS } from './read-query';

/** What `GET {moderationPath}` was asked for. */
export interface ModerationListQuery {
  filter: WebmentionFilter;
  limit: number;
  cursor: string | null;
}

/** A bulk request: the action, the mentions it covers, and whether to only report what it would do. */
export interface BulkRequest {
  action: ModerationAction;
  selection: ModerationSelection;
  dryRun: boolean;
}

/** Longest `q` accepted, in characters. */
const MAX_SEARCH_LENGTH = 200;

/**
 * Parses `GET {moderationPath}`: `status`, `moderation`, `type` (lists), `target` (repeatable), `source_host`, `q`,
 * `since`, `limit`, `cursor`. Every mention is listed when no filter is given.
 */
export function parseModerationListQuery(query: RawQuery, maxUrlLength: number): QueryResult<ModerationListQuery> {
  const status = enumList(query, 'status', WEBMENTION_STATUSES, 'invalid_status');
  if (!status.ok) return status;
  const moderation = enumList(query, 'moderation', MODERATION_STATUSES, 'invalid_moderation');
  if (!moderation.ok) return moderation;
  const types = enumList(query, 'type', MENTION_TYPES, 'invalid_type');
  if (!types.ok) return types;
  const targets = urlList(query, 'target', {
    max: READ_LIMITS.maxTargets,
    maxLength: maxUrlLength,
    missing: null,
    invalid: 'invalid_target',
  });
  if (!targets.ok) return targets;
  const host = singleValue(query, 'source_host', 'invalid_source_host');
  if (!host.ok) return host;
  if (host.value !== undefined && normalizeHost(host.value) === '') {
    return refuse('invalid_source_host', 'source_host must be a host name such as example.com');
  }
  const q = singleValue(query, 'q', 'invalid_q');
  if (!q.ok) return q;
  if (q.value !== undefined && q.value.length > MAX_SEARCH_LENGTH) {
    return refuse('invalid_q', `q must be at most ${MAX_SEARCH_LENGTH} characters`);
  }
  const since = sinceParam(query);
  if (!since.ok) return since;
  const page = pageParams(query);
  if (!page.ok) return page;
  const filter: WebmentionFilter = {
    ...(status.value.length ? { status: status.value } : {}),
    ...(moderation.value.length ? { moderation: moderation.value } : {}),
    ...(types.value.length ? { types: types.value } : {}),
    ...(targets.value.length ? { targets: targets.value } : {}),
    ...(host.value !== undefined ? { sourceHost: host.value } : {}),
    ...(q.value !== undefined && q.value.trim() !== '' ? { search: q.value } : {}),
    ...(since.value ? { since: since.value } : {}),
  };
  return { ok: true, value: { filter, ...page.value } };
}

/** The action named in a path (`not-spam` or `not_spam`), or null. */
export function actionOf(segment: unknown): ModerationAction | null {
  const name = typeof segment === 'string' ? segment.replace(/-/g, '_') : '';
  return (MODERATION_ACTIONS as readonly string[]).includes(name) ? (name as ModerationAction) : null;
}

/** The route's `:id`: a positive whole number in plain digits, or null. */
export function idOf(segment: unknown): number | null {
  if (typeof segment !== 'string' || !/^[1-9]\d{0,14}$/.test(segment)) return null;
  const id = Number(segment);
  return Number.isSafeInteger(id) ? id : null;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses the JSON body of `POST {moderationPath}/bulk`: `{ action, ids?, filter?, dryRun? }`. The filter's `since`
 * is an ISO 8601 string; everything else is checked by `ModerationService.validate` afterwards.
 */
export function parseBulkBody(body: unknown): QueryResult<BulkRequest> {
  if (!isObject(body)) {
    return refuse(
      'invalid_request',
      'send a JSON object { action, ids?, filter?, dryRun? } with Content-Type: application/json',
    );
  }
  const unknown = Object.keys(body).find((k) => !['action', 'ids', 'filter', 'dryRun'].includes(k));
  if (unknown !== undefined) {
    return refuse('invalid_request', `unknown field "${unknown.slice(0, 40)}"; use action, ids, filter, dryRun`);
  }
  const action = actionOf(body.action);
  if (!action) return refuse('invalid_action', `action must be one of ${MODERATION_ACTIONS.join(', ')}`);
  if (body.dryRun !== undefined && typeof body.dryRun !== 'boolean') {
    return refuse('invalid_request', 'dryRun must be true or false');
  }
  const selection: ModerationSelection = {};
  if (body.ids !== undefined) selection.ids = body.ids as number[];
  if (body.filter !== undefined) {
    if (!isObject(body.filter)) return refuse('invalid_selection', 'filter must be an object');
    const { since, ...rest } = body.filter;
    const filter: Record<string, unknown> = { ...rest };
    if (since !== undefined) {
      const date = typeof since === 'string' ? parseIsoDateTime(since) : null;
      if (!date)
        return refuse('invalid_selection', 'filter.since must be an ISO 8601 date-time such as 2025-01-31T12:00:00Z');
      filter.since = date;
    }
    selection.filter = filter as WebmentionFilter;
  }
  return { ok: true, value: { action, selection, dryRun: body.dryRun === true } };
}

/** The query string of the list page after this one, from the parsed query (so equal requests make equal links). */
export function moderationNextParams(query: ModerationListQuery, cursor: string): URLSearchParams {
  const { filter } = query;
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status.join(','));
  if (filter.moderation) params.set('moderation', filter.moderation.join(','));
  if (filter.types) params.set('type', filter.types.join(','));
  for (const target of filter.targets ?? []) params.append('target', target);
  if (filter.sourceHost !== undefined) params.set('source_host', filter.sourceHost);
  if (filter.search !== undefined) params.set('q', filter.search);
  if (filter.since) params.set('since', filter.since.toISOString());
  params.set('limit', String(query.limit));
  params.set('cursor', cursor);
  return params;
}
