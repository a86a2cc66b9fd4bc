/**
 * Classic microformats (`hentry`) dates the parser leaves out: microformats-parser 2.0 maps mf1 `updated` but not
 * `published`. The dates are read from the page and put on the parsed entries.
 */
import { randomUUID } from 'crypto';
import { defaultTreeAdapter, html as parse5Html } from 'parse5';
import { attr, textContent, walkElements, type HtmlElement, type HtmlParentNode } from '../html';
import { hasType, propValues, walkItems } from './mf2-values';
import type { Mf1DateMarks, ParsedDocument } from './types';

export type { Mf1DateMarks } from './types';

/** Most mf1 entries whose dates are read in one document. */
export const MAX_MF1_ENTRIES = 200;
/** Longest date text read. */
const MAX_DATE_TEXT = 64;
/** Most nodes inspected below one entry. */
const MAX_NODES = 20_000;

// NOTE: a date of a nested microformat (a cited post, an event) is not the entry's.
const MF1_ROOTS: ReadonlySet<string> = new Set([
  'hentry',
  'hfeed',
  'vcard',
  'vevent',
  'hreview',
  'hreview-aggregate',
  'hproduct',
  'hrecipe',
  'hresume',
  'hnews',
  'adr',
  'geo',
]);
const TABLE_PARTS: ReadonlySet<string> = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'colgroup', 'select']);

function classes(el: HtmlElement): string[] {
  const value = attr(el, 'class');
  return value === undefined ? [] : value.split(/[\t\n\f\r ]+/).filter((c) => c !== '');
}

function isRoot(cls: readonly string[]): boolean {
  return cls.some((c) => MF1_ROOTS.has(c) || /^h-[a-z0-9]+(-[a-z0-9]+)*$/.test(c));
}

/** The value of one date element: value-class parts, else `<abbr title>`, `<time datetime>`, `<data value>`, text. */
function dateText(el: HtmlElement): string | null {
  const parts: string[] = [];
  for (const child of walkElements(el, { maxNodes: MAX_NODES })) {
    if (classes(child).includes('value')) parts.push(ownValue(child));
  }
  const text = (parts.length > 0 ? parts.join(' ') : ownValue(el)).replace(/\s+/g, ' ').trim();
  return text === '' || text.length > MAX_DATE_TEXT ? null : text;
}

function ownValue(el: HtmlElement): string {
  const tag = el.tagName;
  const fromAttr =
    tag === 'abbr'
      ? attr(el, 'title')
      : tag === 'time' || tag === 'ins' || tag === 'del'
        ? attr(el, 'datetime')
        : tag === 'data' || tag === 'input'
          ? attr(el, 'value')
          : undefined;
  return fromAttr ?? textContent(el).slice(0, MAX_DATE_TEXT * 4);
}

/** The first `.published` and `.updated` below an mf1 entry, not entering nested microformats. */
function entryDates(root: HtmlElement): { published: string | null; updated: string | null } {
  const found: { published: string | null; updated: string | null } = { published: null, updated: null };
  const stack: HtmlElement[] = [...root.childNodes].filter((c): c is HtmlElement => 'tagName' in c).reverse();
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_NODES) {
    const el = stack.pop()!;
    const cls = classes(el);
    if (isRoot(cls)) continue;
    if (found.published === null && cls.includes('published')) found.published = dateText(el);
    if (found.updated === null && cls.includes('updated')) found.updated = dateText(el);
    if (found.published !== null && found.updated !== null) break;
    for (let i = el.childNodes.length - 1; i >= 0; i--) {
      const child = el.childNodes[i];
      if ('tagName' in child) stack.push(child);
    }
  }
  return found;
}

/** Where a marker can go inside the root without the HTML parser moving it out (not directly in a table part). */
function markerParent(root: HtmlElement): HtmlElement | null {
  if (!TABLE_PARTS.has(root.tagName)) return root;
  for (const el of walkElements(root, { maxNodes: MAX_NODES })) {
    if (el.tagName === 'td' || el.tagName === 'th' || el.tagName === 'caption') return el;
  }
  return null;
}

/**
 * Reads the `published`/`updated` of every mf1 `hentry` (an element with `hentry` and no mf2 root class) and marks
 * the entry with a hidden `<data class="author">` carrying a one-off key, which the parser returns as an `author`
 * value of that entry. Mutates `document`; null when there is nothing to mark.
 * NOTE: the parser reports no position or id for mf1 items, so the marker is how a date finds its parsed entry.
 */
export function markMf1Dates(document: HtmlParentNode): Mf1DateMarks | null {
  const marks: Mf1DateMarks = { prefix: `urn:x-webmention-mf1:${randomUUID()}:`, dates: new Map() };
  for (const el of walkElements(document, { skipOpaque: true })) {
    const cls = classes(el);
    if (!cls.includes('hentry') || cls.some((c) => c.startsWith('h-'))) continue;
    const dates = entryDates(el);
    if (dates.published === null && dates.updated === null) continue;
    const parent = markerParent(el);
    if (parent === null) continue;
    const key = `${marks.prefix}${marks.dates.size}`;
    const data = defaultTreeAdapter.createElement('data', parse5Html.NS.HTML, [
      { name: 'class', value: 'author' },
      { name: 'value', value: key },
    ]);
    defaultTreeAdapter.appendChild(parent, data);
    marks.dates.set(key, dates);
    if (marks.dates.size >= MAX_MF1_ENTRIES) break;
  }
  return marks.dates.size === 0 ? null : marks;
}

/**
 * Takes the markers of {@link markMf1Dates} back out of the parsed entries' `author` values and sets each entry's
 * `published`/`updated` from the page where the parser left them out. Mutates `doc`.
 */
export function applyMf1Dates(doc: ParsedDocument, marks: Mf1DateMarks): void {
  // NOTE: every item, not just the capped walk's: no marker may survive into what other readers of the parse see.
  for (const item of walkItems(doc.items, Infinity, Infinity)) {
    if (!hasType(item, 'h-entry')) continue;
    const authors = propValues(item, 'author');
    const key = authors.find((v): v is string => typeof v === 'string' && v.startsWith(marks.prefix));
    if (key === undefined) continue;
    const rest = authors.filter((v) => !(typeof v === 'string' && v.startsWith(marks.prefix)));
    if (rest.length > 0) item.properties.author = rest;
    else delete item.properties.author;
    const dates = marks.dates.get(key);
    if (dates === undefined) continue;
    if (dates.published !== null && propValues(item, 'published').length === 0) {
      item.properties.published = [dates.published];
    }
    if (dates.updated !== null && propValues(item, 'updated').length === 0) item.properties.updated = [dates.updated];
  }
}
