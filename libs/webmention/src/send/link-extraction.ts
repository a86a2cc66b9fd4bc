/** Finds the URLs a source document mentions, i.e. the targets to send Webmentions to. */
import { attr, documentBaseUrl, parseHtml, resolveUrl, walkElements } from '../html';
import { parseMicroformats } from '../mf2/parse-microformats';
import { siteKey } from '../url/host';
import { matchKey, urlsMatch } from '../url/url-match';

/** Options for {@link extractTargets}. */
export interface ExtractTargetsOptions {
  /** Also keep links to the source's own host (default false). */
  sendToOwnHost?: boolean;
  /** Most targets returned; the rest are reported in `overflow` (default 100). */
  maxTargets?: number;
}

/** Targets found in a source document, plus those beyond the limit. */
export interface ExtractedTargets {
  targets: string[];
  overflow: string[];
}

/** Default cap on targets per source document. */
export const DEFAULT_MAX_TARGETS = 100;

/** Microformats properties naming the post a source responds to. */
export const REPLY_CONTEXT_PROPERTIES: readonly string[] = ['in-reply-to', 'like-of', 'repost-of', 'bookmark-of'];

/** Text any reply-context property needs in the page, whatever its spelling (a class, or a rel in backcompat). */
const REPLY_CONTEXT_TEXT = new RegExp(REPLY_CONTEXT_PROPERTIES.join('|'), 'i');

/** URLs of the reply-context properties of every microformat in the document, nested ones included. */
function replyContextUrls(html: string, sourceUrl: string): string[] {
  // NOTE: a page that never names a reply-context property has none: no second parse of it for microformats.
  if (!REPLY_CONTEXT_TEXT.test(html)) return [];
  // NOTE: the one parser entry point, with its crash repair and the shared `<base>` rule; a page it cannot read simply
  // has no microformats.
  const items: unknown[] = parseMicroformats(html, sourceUrl)?.items ?? [];
  const found: string[] = [];
  const seen = new Set<unknown>();
  const visitItem = (item: unknown, depth: number): void => {
    if (depth > 64 || !item || typeof item !== 'object' || seen.has(item)) return;
    seen.add(item);
    const { properties, children } = item as { properties?: Record<string, unknown>; children?: unknown };
    if (properties && typeof properties === 'object') {
      for (const name of REPLY_CONTEXT_PROPERTIES) {
        const values = properties[name];
        if (!Array.isArray(values)) continue;
        for (const value of values) {
          if (typeof value === 'string') found.push(value);
          // NOTE: an embedded h-cite's own `url` is the post it cites.
          else if (value && typeof value === 'object' && 'properties' in value) {
            found.push(...stringValues((value as { properties: Record<string, unknown> }).properties?.url));
          }
        }
      }
    }
    // NOTE: only child microformats (a feed's entries) count; items embedded as other properties, such as quoted
    // comments, are someone else's posts and their contexts are not ours to notify.
    if (Array.isArray(children)) for (const child of children) visitItem(child, depth + 1);
  };
  for (const item of items) visitItem(item, 0);
  return found;
}

/** String members of a property value array. */
function stringValues(values: unknown): string[] {
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The http(s) URLs a source document links to (`a[href]`, in document order) plus the reply-context URLs of its
 * microformats, resolved, without fragments, deduplicated, minus the source itself and, unless `sendToOwnHost`,
 * its own host. Targets beyond `maxTargets` are returned in `overflow`.
 */
export function extractTargets(html: string, sourceUrl: string, opts: ExtractTargetsOptions = {}): ExtractedTargets {
  const sendToOwnHost = opts.sendToOwnHost ?? false;
  const max = Math.max(0, Math.floor(opts.maxTargets ?? DEFAULT_MAX_TARGETS));
  let source: URL;
  try {
    source = new URL(sourceUrl);
  } catch {
    return { targets: [], overflow: [] };
  }
  const text = typeof html === 'string' ? html : '';
  const document = parseHtml(text);
  const base = documentBaseUrl(document, source.href);
  const sourceSite = siteKey(source);

  const ordered: string[] = [];
  const contextKeys = new Set<string>();
  const seenKeys = new Set<string>();
  const consider = (raw: string, isContext: boolean): void => {
    const resolved = resolveUrl(raw, base);
    if (resolved === null) return;
    const url = new URL(resolved);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    url.hash = '';
    const href = url.href;
    if (urlsMatch(href, source.href)) return;
    if (!sendToOwnHost && siteKey(url) === sourceSite) return;
    const key = matchKey(href);
    if (key === null) return;
    if (isContext) contextKeys.add(key);
    if (seenKeys.has(key)) return;
    seenKeys.add(key);
    ordered.push(href);
  };

  for (const el of walkElements(document)) {
    if (el.tagName !== 'a') continue;
    const href = attr(el, 'href');
    // NOTE: a fragment-only link points inside the source itself.
    if (href === undefined || href.trim().startsWith('#')) continue;
    consider(href, false);
  }
  for (const url of replyContextUrls(text, source.href)) consider(url, true);

  if (ordered.length <= max) return { targets: ordered, overflow: [] };
  // NOTE: reply contexts are what the post is about, so they take the first slots; document order is kept otherwise.
  const kept = new Set<string>();
  for (const href of ordered) if (kept.size < max && contextKeys.has(matchKey(href)!)) kept.add(href);
  for (const href of ordered) if (kept.size < max) kept.add(href);
  return {
    targets: ordered.filter((h) => kept.has(h)),
    overflow: ordered.filter((h) => !kept.has(h)),
  };
}
