/** Which entry of a parsed document is the response to the target. */
import { domainToUnicode } from 'url';
import { hostOf } from '../url/host';
import { urlsMatch } from '../url/url-match';
import { linkHrefs } from './html-text';
import { absoluteHttpUrl, fragmentIds, hasType, propValues, textOf, walkItems } from './mf2-values';
import { REFERENCE_PROPERTIES, propertyRefersTo } from './post-type';
import type { TargetPlacement } from './target-placement';
import type { InterpretMentionInput, MicroformatRoot, ParsedDocument } from './types';

/** The URLs an entry choice looks at, and optionally where the page's own links to the target are. */
export interface EntryChoiceInput extends Pick<InterpretMentionInput, 'baseUrl' | 'sourceUrl' | 'targetUrl'> {
  /** Asked only when no entry refers to the target; HTML sources answer it from the page (mf2 JSON cannot). */
  placement?: () => TargetPlacement;
}

/** How the entry was chosen; `outside` and `none` come with no entry. */
export type EntryChoiceRule = 'fragment' | 'source-url' | 'refers' | 'first' | 'outside' | 'none';

/** The chosen entry and the rule that chose it. */
export interface EntryChoice {
  entry: MicroformatRoot | null;
  rule: EntryChoiceRule;
}

function isEntry(item: MicroformatRoot): boolean {
  return hasType(item, 'h-entry');
}

function isEntryOrCite(item: MicroformatRoot): boolean {
  return hasType(item, 'h-entry') || hasType(item, 'h-cite');
}

/**
 * Lower-case host spellings (ASCII and Unicode, without `www.`) one of which an href matching the
 * target must contain; empty when the target has no parseable host.
 */
function targetHostNeedles(targetUrl: string): string[] {
  const host = hostOf(targetUrl);
  if (host === null) return [];
  const bare = host.startsWith('www.') ? host.slice(4) : host;
  return [...new Set([bare, domainToUnicode(bare).toLowerCase()])].filter((h) => h !== '');
}

function contentLinksTo(
  item: MicroformatRoot,
  targetUrl: string,
  baseUrl: string,
  needles: readonly string[],
): boolean {
  for (const v of propValues(item, 'content')) {
    const html = typeof v === 'object' && v !== null && 'html' in v ? v.html : null;
    if (typeof html !== 'string' || !/<a\s/i.test(html)) continue;
    // NOTE: the parser leaves hrefs absolute, so content never naming the target host is not parsed.
    const lower = html.toLowerCase();
    if (needles.length > 0 && !needles.some((n) => lower.includes(n))) continue;
    if (linkHrefs(html).some((href) => urlsMatch(absoluteHttpUrl(href, baseUrl) ?? '', targetUrl))) return true;
  }
  return false;
}

/** True when the item refers to the target through a reference property or a link in its content. */
export function refersToTarget(
  item: MicroformatRoot,
  targetUrl: string,
  baseUrl: string,
  needles: readonly string[] = targetHostNeedles(targetUrl),
): boolean {
  return (
    REFERENCE_PROPERTIES.some((p) => propertyRefersTo(item, p, targetUrl)) ||
    contentLinksTo(item, targetUrl, baseUrl, needles)
  );
}

function namesUrl(item: MicroformatRoot, property: string, url: string): boolean {
  return propValues(item, property).some((u) => {
    const text = textOf(u);
    return text !== null && urlsMatch(text.trim(), url);
  });
}

/**
 * Chooses the entry that is the response, walking items depth-first (bounded), in this order:
 * 0. when no entry or h-cite refers to the target (reference property or content link) and the page's links to it
 *    are all outside every entry (`placement`), none: the page itself mentions the target (`outside`);
 * 1. the h-entry or h-cite whose `id` is the source URL's fragment (`…/post#comment-1000`);
 * 2. the h-entry whose `url` or `uid` is the source URL;
 * 3. the first h-entry or h-cite referring to the target;
 * 4. the first h-entry.
 */
export function selectEntry(doc: ParsedDocument, input: EntryChoiceInput): EntryChoice {
  const items = walkItems(doc.items);
  const entries = items.filter(isEntry);
  const needles = targetHostNeedles(input.targetUrl);
  const referring = items.find((i) => isEntryOrCite(i) && refersToTarget(i, input.targetUrl, input.baseUrl, needles));
  if (!referring && entries.length === 0) return { entry: null, rule: 'none' };
  if (!referring && input.placement?.() === 'outside-entries') return { entry: null, rule: 'outside' };

  const byId = fragmentIds(input.sourceUrl)
    .map((id) => items.find((i) => isEntryOrCite(i) && i.id === id))
    .find((i) => i !== undefined);
  if (byId) return { entry: byId, rule: 'fragment' };
  const bySource = entries.find((e) => namesUrl(e, 'url', input.sourceUrl) || namesUrl(e, 'uid', input.sourceUrl));
  if (bySource) return { entry: bySource, rule: 'source-url' };
  if (referring) return { entry: referring, rule: 'refers' };
  return { entry: entries[0], rule: 'first' };
}

/** The entry {@link selectEntry} chooses, or null. */
export function chooseEntry(doc: ParsedDocument, input: EntryChoiceInput): MicroformatRoot | null {
  return selectEntry(doc, input).entry;
}
