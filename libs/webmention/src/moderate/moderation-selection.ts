/** Which mentions a moderation action covers, how a selection is checked, and how it becomes a store filter. */
import { MENTION_TYPES, MODERATION_STATUSES, WEBMENTION_STATUSES } from '../entities/webmention.entity';
import type { WebmentionFilter } from '../storage/webmention-filter';
import { normalizeHost } from '../url/host';
import { parseHttpUrl } from '../url/url-validate';
import { MODERATION_ACTIONS } from './moderation-change';

/** The mentions an action applies to: these ids, or every mention the filter selects (both: the ids it selects). */
export interface ModerationSelection {
  ids?: number[];
  filter?: WebmentionFilter;
}

/** Thrown by `ModerationService.apply` for an invalid action or selection; the message says what to fix. */
export class ModerationSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModerationSelectionError';
  }
}

/** Most ids one selection may name; larger sets are chosen with a filter. */
export const MAX_SELECTION_IDS = 1000;
/** Longest search text of a filter. */
const MAX_SEARCH_LENGTH = 200;

const FILTER_KEYS = ['ids', 'targets', 'sourceHost', 'status', 'moderation', 'types', 'since', 'search'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** A value as it appears in a message. */
function shown(value: unknown): string {
  return typeof value === 'number' || typeof value === 'bigint'
    ? String(value)
    : (JSON.stringify(value) ?? String(value));
}

/** A problem with a list of ids, or null. */
function idsProblem(name: string, ids: unknown): string | null {
  if (!Array.isArray(ids)) return `${name} must be a list of mention ids`;
  if (ids.length === 0) return `${name} must not be empty: give at least one mention id`;
  if (ids.length > MAX_SELECTION_IDS)
    return `${name} may name at most ${MAX_SELECTION_IDS} mentions (got ${ids.length}); choose more with a filter`;
  const bad = ids.findIndex((id) => !Number.isSafeInteger(id) || (id as number) < 1);
  return bad < 0 ? null : `${name} must be positive whole numbers (got ${shown(ids[bad])})`;
}

/** A problem with a non-empty list whose entries must be among `allowed`, or null. */
function oneOfProblem(name: string, value: unknown, allowed: readonly string[]): string | null {
  const hint = `one or more of ${allowed.join(', ')}`;
  if (!Array.isArray(value) || value.length === 0) return `filter.${name} must be a list of ${hint}`;
  const bad = value.findIndex((v) => !allowed.includes(v as string));
  return bad < 0 ? null : `filter.${name} must be ${hint} (got ${shown(value[bad])})`;
}

/** Checks one given criterion of a filter; returns a problem, or null. */
function criterionProblem(key: FilterKey, value: unknown): string | null {
  switch (key) {
    case 'ids':
      return idsProblem('filter.ids', value);
    case 'targets': {
      if (!Array.isArray(value) || value.length === 0) return 'filter.targets must be a list of target URLs';
      const bad = value.findIndex((t) => typeof t !== 'string' || !parseHttpUrl(t).ok);
      return bad < 0 ? null : `filter.targets must be absolute http(s) URLs (got ${shown(value[bad])})`;
    }
    case 'sourceHost':
      return typeof value === 'string' && normalizeHost(value) !== ''
        ? null
        : `filter.sourceHost must be a host name such as example.com (got ${shown(value)})`;
    case 'status':
      return oneOfProblem('status', value, WEBMENTION_STATUSES);
    case 'moderation':
      return oneOfProblem('moderation', value, MODERATION_STATUSES);
    case 'types':
      return oneOfProblem('types', value, MENTION_TYPES);
    case 'since':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? null : 'filter.since must be a valid date';
    case 'search':
      if (typeof value !== 'string' || value.trim() === '') return 'filter.search must be some words to look for';
      return value.length > MAX_SEARCH_LENGTH ? `filter.search must be at most ${MAX_SEARCH_LENGTH} characters` : null;
  }
}

/**
 * Checks an action and a selection; returns a message saying what to fix, or null. A selection must name ids or give
 * a filter with at least one criterion, so that nothing selects every mention by accident.
 */
export function moderationProblem(action: unknown, selection: ModerationSelection): string | null {
  if (typeof action !== 'string' || !(MODERATION_ACTIONS as readonly string[]).includes(action)) {
    return `action must be one of ${MODERATION_ACTIONS.join(', ')} (got ${shown(action)})`;
  }
  if (typeof selection !== 'object' || selection === null)
    return 'choose the mentions: give ids, or a filter with at least one criterion';
  const { ids, filter } = selection;
  if (ids !== undefined) {
    const problem = idsProblem('ids', ids);
    if (problem) return problem;
  }
  let criteria = 0;
  if (filter !== undefined) {
    if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) return 'filter must be an object';
    for (const [key, value] of Object.entries(filter)) {
      if (value === undefined) continue;
      // NOTE: an unknown (misspelt) criterion would silently select more than meant.
      if (!(FILTER_KEYS as readonly string[]).includes(key))
        return `filter has an unknown criterion "${key}"; use ${FILTER_KEYS.join(', ')}`;
      const problem = criterionProblem(key as FilterKey, value);
      if (problem) return problem;
      criteria++;
    }
  }
  if (ids === undefined && criteria === 0) {
    return `choose the mentions: give ids, or a filter with at least one criterion (${FILTER_KEYS.join(', ')})`;
  }
  return null;
}

/** The store filter of a valid selection: the filter's given criteria, narrowed to the ids when both are given. */
export function selectionFilter(selection: ModerationSelection): WebmentionFilter {
  const given = Object.fromEntries(
    Object.entries(selection.filter ?? {}).filter(([, value]) => value !== undefined),
  ) as WebmentionFilter;
  if (selection.ids === undefined) return given;
  const ids = [...new Set(selection.ids)];
  return { ...given, ids: given.ids ? ids.filter((id) => given.ids!.includes(id)) : ids };
}
