/** Where on a page its links to the target sit: inside an entry, or only outside every entry (nav, sidebar). */
import {
  attr,
  documentBaseUrl,
  linkRefs,
  resolveUrl,
  walkElements,
  type HtmlElement,
  type HtmlParentNode,
} from '../html';
import { matchKey } from '../url/url-match';

/**
 * `in-entry`: some link to the target is inside an h-entry, h-cite or mf1 hentry element; `outside-entries`: the page
 * links to the target, but only outside them; `unknown`: no link found (the target may be named only in data or a
 * `<link>`), or the scan was cut short.
 */
export type TargetPlacement = 'in-entry' | 'outside-entries' | 'unknown';

/** Most nodes inspected in one document. */
const MAX_NODES = 200_000;
/** Root class names of the elements that count as an entry. */
const ENTRY_CLASSES: ReadonlySet<string> = new Set(['h-entry', 'h-cite', 'hentry']);

function isEntryElement(el: HtmlElement): boolean {
  const classes = attr(el, 'class');
  return classes !== undefined && classes.split(/[\t\n\f\r ]+/).some((c) => ENTRY_CLASSES.has(c));
}

function insideEntry(el: HtmlElement): boolean {
  for (let node: HtmlParentNode | null = el; node && 'tagName' in node; node = node.parentNode) {
    if (isEntryElement(node)) return true;
  }
  return false;
}

/**
 * Where the parsed page links to `targetUrl` (canonical matching, `<base>` by the shared rule): `in-entry` as soon as
 * one such link is inside an entry element, `outside-entries` when all of them are outside, else `unknown`.
 */
export function targetPlacement(document: HtmlParentNode, baseUrl: string, targetUrl: string): TargetPlacement {
  const targetKey = matchKey(targetUrl);
  if (targetKey === null) return 'unknown';
  let base: string | null | undefined;
  let outside = false;
  let visited = 0;
  for (const el of walkElements(document, { foreign: true, skipOpaque: true })) {
    if (++visited > MAX_NODES) return 'unknown';
    for (const ref of linkRefs(el)) {
      if (base === undefined) base = documentBaseUrl(document, baseUrl);
      if (matchKey(resolveUrl(ref, base) ?? '') !== targetKey) continue;
      if (insideEntry(el)) return 'in-entry';
      outside = true;
    }
  }
  return outside ? 'outside-entries' : 'unknown';
}
