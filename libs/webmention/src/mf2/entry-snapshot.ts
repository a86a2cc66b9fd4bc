import { capText, firstText, isItem, normalizeWhitespace, propValues, textOf } from './mf2-values';
import type { MicroformatProperty, MicroformatRoot } from './types';

/** Most values kept per snapshot property. */
export const MAX_SNAPSHOT_VALUES = 20;
/** Longest string kept in a snapshot. */
export const MAX_SNAPSHOT_STRING = 2000;
/** Upper bound on the JSON size of a whole snapshot, in UTF-8 bytes. */
export const MAX_SNAPSHOT_BYTES = 16 * 1024;

/** Entry properties copied into the snapshot, in this order (earlier ones survive the size cap). */
export const SNAPSHOT_PROPERTIES = [
  'url',
  'uid',
  'name',
  'summary',
  'in-reply-to',
  'like-of',
  'repost-of',
  'bookmark-of',
  'mention-of',
  'quotation-of',
  'rsvp',
  'category',
  'syndication',
  'photo',
  'video',
  'audio',
  'location',
] as const;

/** Dates as written on the page, with whether their time zone was assumed. */
export interface SnapshotDates {
  publishedRaw: string | null;
  publishedTimezoneAssumed: boolean;
  updatedRaw: string | null;
  updatedTimezoneAssumed: boolean;
}

/** A nested item reduced to strings. */
interface ReducedItem {
  type: string[];
  name?: string;
  url?: string;
  photo?: string;
}

function cap(text: string): string {
  return capText(normalizeWhitespace(text), MAX_SNAPSHOT_STRING);
}

function reduceItem(item: MicroformatRoot): ReducedItem | string | null {
  const type = (item.type ?? [])
    .filter((t) => typeof t === 'string')
    .slice(0, 5)
    .map(cap);
  const url = propValues(item, 'url')
    .map(textOf)
    .find((u): u is string => typeof u === 'string');
  // NOTE: a cited post (h-cite) is identified by its URL; only people and places keep a shape.
  if (type.includes('h-cite') || type.includes('h-entry')) {
    const ref = url ?? textOf(item.value);
    return ref === null ? null : cap(ref);
  }
  const out: ReducedItem = { type };
  const name = firstText(item, 'name') ?? (typeof item.value === 'string' ? item.value : null);
  if (name !== null) out.name = cap(name);
  if (url !== undefined) out.url = cap(url);
  const photo = propValues(item, 'photo')
    .map(textOf)
    .find((p): p is string => typeof p === 'string');
  if (photo !== undefined) out.photo = cap(photo);
  return out;
}

function reduceValue(value: MicroformatProperty): ReducedItem | string | null {
  if (isItem(value)) return reduceItem(value);
  const text = textOf(value);
  if (text === null) return null;
  const capped = cap(text);
  return capped === '' ? null : capped;
}

function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * A bounded, HTML-free JSON snapshot of an entry: its `type`, selected properties as strings
 * (nested h-cards as `{type, name, url, photo}`, cited posts as their URL) and raw dates.
 * At most MAX_SNAPSHOT_VALUES values per property and MAX_SNAPSHOT_STRING characters per string;
 * properties that would push it past MAX_SNAPSHOT_BYTES are left out and `truncated` is set.
 */
export function buildEntrySnapshot(entry: MicroformatRoot, dates: SnapshotDates): Record<string, unknown> {
  const snapshot: Record<string, unknown> = {
    type: (entry.type ?? [])
      .filter((t) => typeof t === 'string')
      .slice(0, 5)
      .map(cap),
  };
  if (dates.publishedRaw !== null) {
    snapshot.publishedRaw = cap(dates.publishedRaw);
    snapshot.publishedTimezoneAssumed = dates.publishedTimezoneAssumed;
  }
  if (dates.updatedRaw !== null) {
    snapshot.updatedRaw = cap(dates.updatedRaw);
    snapshot.updatedTimezoneAssumed = dates.updatedTimezoneAssumed;
  }
  // NOTE: reserve room for the `truncated` marker so setting it cannot break the bound.
  const budget = MAX_SNAPSHOT_BYTES - 32;
  let size = byteLength(snapshot);
  for (const property of SNAPSHOT_PROPERTIES) {
    const values = propValues(entry, property)
      .slice(0, MAX_SNAPSHOT_VALUES)
      .map(reduceValue)
      .filter((v): v is ReducedItem | string => v !== null);
    if (values.length === 0) continue;
    const added = byteLength({ [property]: values });
    if (size + added > budget) {
      snapshot.truncated = true;
      continue;
    }
    snapshot[property] = values;
    size += added;
  }
  return snapshot;
}
