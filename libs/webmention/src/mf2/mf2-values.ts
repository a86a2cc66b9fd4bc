import { absoluteHttpUrl } from '../html/base-url';
import type { MicroformatProperty, MicroformatRoot } from './types';

// NOTE: one implementation, in the HTML toolkit; re-exported for the mf2 modules that read URLs from values.
export { absoluteHttpUrl };

/** Deepest item nesting that the item walk descends into. */
export const MAX_ITEM_DEPTH = 16;
/** Most items the item walk visits in one document. */
export const MAX_ITEM_COUNT = 2000;

/** True when a property value is itself a microformat item (nested h-card, h-cite, ...). */
export function isItem(value: unknown): value is MicroformatRoot {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; properties?: unknown };
  return Array.isArray(v.type) && typeof v.properties === 'object' && v.properties !== null;
}

/** True when the item has the given root class name (e.g. `h-entry`). */
export function hasType(item: MicroformatRoot, type: string): boolean {
  return Array.isArray(item.type) && item.type.includes(type);
}

/** Values of one property, or an empty list. */
export function propValues(item: MicroformatRoot, name: string): MicroformatProperty[] {
  const values = item.properties?.[name];
  return Array.isArray(values) ? values : [];
}

/** Plain-text reading of a property value: the string, or the `value` of an image, HTML or item value. */
export function textOf(value: MicroformatProperty | undefined): string | null {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return null;
  const inner = (value as { value?: unknown }).value;
  if (typeof inner === 'string') return inner;
  if (isItem(value)) return firstText(value, 'name');
  return null;
}

/** First non-empty plain-text value of a property, whitespace-normalised. */
export function firstText(item: MicroformatRoot, name: string): string | null {
  for (const v of propValues(item, name)) {
    const text = typeof v === 'string' ? v : isItem(v) ? textOf(v.value) : textOf(v);
    const normalised = text === null ? '' : normalizeWhitespace(text);
    if (normalised !== '') return normalised;
  }
  return null;
}

/** Collapses runs of whitespace to single spaces and trims. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts text to at most `max` characters without splitting a surrogate pair. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** First property value that reads as an absolute http(s) URL (strings, images and items' `url`). */
export function firstHttpUrl(item: MicroformatRoot, name: string): string | null {
  for (const v of propValues(item, name)) {
    const candidates = isItem(v) ? [...propValues(v, 'url').map(textOf), textOf(v.value)] : [textOf(v)];
    for (const c of candidates) {
      const url = absoluteHttpUrl(c);
      if (url !== null) return url;
    }
  }
  return null;
}

/**
 * The element ids a URL's `#fragment` can name: as written and percent-decoded (browsers try both, in that order);
 * empty when it has none or is not a URL.
 */
export function fragmentIds(url: string): string[] {
  let hash: string;
  try {
    hash = new URL(url).hash.slice(1);
  } catch {
    return [];
  }
  if (hash === '') return [];
  try {
    const decoded = decodeURIComponent(hash);
    return decoded === hash ? [hash] : [hash, decoded];
  } catch {
    return [hash];
  }
}

/** Items nested directly in an item: its `children` and item-valued property values (properties first). */
export function nestedItems(item: MicroformatRoot): MicroformatRoot[] {
  const out: MicroformatRoot[] = [];
  for (const values of Object.values(item.properties ?? {})) {
    if (!Array.isArray(values)) continue;
    for (const v of values) if (isItem(v)) out.push(v);
  }
  for (const child of item.children ?? []) if (isItem(child)) out.push(child);
  return out;
}

/**
 * Every item reachable from `roots`, depth-first in pre-order, with bounded depth and count.
 * NOTE: the caps keep hostile documents with huge or deeply nested item trees cheap to walk.
 */
export function walkItems(
  roots: readonly MicroformatRoot[],
  maxDepth: number = MAX_ITEM_DEPTH,
  maxCount: number = MAX_ITEM_COUNT,
): MicroformatRoot[] {
  const out: MicroformatRoot[] = [];
  const seen = new Set<MicroformatRoot>();
  const visit = (item: MicroformatRoot, depth: number): void => {
    if (out.length >= maxCount || depth > maxDepth || seen.has(item)) return;
    seen.add(item);
    out.push(item);
    for (const nested of nestedItems(item)) visit(nested, depth + 1);
  };
  for (const root of roots) if (isItem(root)) visit(root, 1);
  return out;
}
