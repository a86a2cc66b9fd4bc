import { urlsMatch } from '../url/url-match';
import {
  absoluteHttpUrl,
  capText,
  firstHttpUrl,
  firstText,
  fragmentIds,
  hasType,
  isItem,
  normalizeWhitespace,
  propValues,
  textOf,
  walkItems,
} from './mf2-values';
import { parseMicroformats } from './parse-microformats';
import type { MentionAuthor, MicroformatRoot, ParsedDocument } from './types';

/** Longest author name kept. */
export const MAX_AUTHOR_NAME = 200;

/** What the author chain found: the author and, possibly, an author page worth fetching. */
export interface ResolvedAuthor {
  author: MentionAuthor;
  authorPageToFetch: string | null;
}

const EMPTY_AUTHOR: MentionAuthor = { name: null, url: null, photo: null };

function cleanName(value: string | null): string | null {
  if (value === null) return null;
  const name = capText(normalizeWhitespace(value), MAX_AUTHOR_NAME);
  return name === '' ? null : name;
}

/** Reads name, url and photo of an h-card; the photo may be an `{value, alt}` image. */
export function hCardToAuthor(card: MicroformatRoot): MentionAuthor {
  const value = typeof card.value === 'string' ? card.value : null;
  const url = firstHttpUrl(card, 'url');
  const name = cleanName(firstText(card, 'name') ?? (value !== null && absoluteHttpUrl(value) === null ? value : null));
  return { name, url, photo: firstHttpUrl(card, 'photo') };
}

function hCardUrls(card: MicroformatRoot): string[] {
  return propValues(card, 'url')
    .map(textOf)
    .filter((u): u is string => typeof u === 'string');
}

/**
 * The same-page h-card an author URL points at: by HTML `id` for a `#fragment` on this page,
 * else by `url` under the URL matching policy (preferring a card with a name or photo).
 * Searched through the whole item tree.
 */
export function findHCardForUrl(
  items: readonly MicroformatRoot[],
  authorUrl: string,
  pageUrls: readonly string[],
): MicroformatRoot | null {
  const cards = walkItems(items).filter((i) => hasType(i, 'h-card'));
  const ids = fragmentIds(authorUrl);
  if (ids.length > 0 && pageUrls.some((p) => urlsMatch(p, authorUrl))) {
    const byId = ids.map((id) => cards.find((c) => c.id === id)).find((c) => c !== undefined);
    if (byId) return byId;
  }
  const matches = cards.filter((c) => hCardUrls(c).some((u) => urlsMatch(u, authorUrl)));
  // NOTE: a bare linked h-card (`<a class="p-author h-card" href>`) matches itself; prefer a card that says more.
  return matches.find((c) => hasIdentity(hCardToAuthor(c))) ?? matches[0] ?? null;
}

/**
 * Page-level h-cards outside the entry: top-level h-cards and h-cards that are children or the
 * `author` of a top-level h-feed. Cards naming the same `url` count once.
 */
function pageLevelHCards(items: readonly MicroformatRoot[], entry: MicroformatRoot): MicroformatRoot[] {
  const own = new Set(walkItems([entry]));
  const candidates: MicroformatRoot[] = [];
  for (const item of items) {
    if (hasType(item, 'h-card')) candidates.push(item);
    if (hasType(item, 'h-feed')) {
      for (const v of propValues(item, 'author')) if (isItem(v) && hasType(v, 'h-card')) candidates.push(v);
      for (const child of item.children ?? []) if (hasType(child, 'h-card')) candidates.push(child);
    }
  }
  const unique: MicroformatRoot[] = [];
  for (const card of candidates) {
    if (own.has(card) || unique.includes(card)) continue;
    const urls = hCardUrls(card);
    const duplicate = unique.some((u) => hCardUrls(u).some((a) => urls.some((b) => urlsMatch(a, b))));
    if (!duplicate) unique.push(card);
  }
  return unique;
}

function hasIdentity(author: MentionAuthor): boolean {
  return author.name !== null || author.photo !== null;
}

/**
 * Author of the chosen entry, by this chain (first hit wins):
 * 1. an h-card as the entry's `author`;
 * 2. a URL-valued `author` → the same-page h-card with that `url` or `#id`;
 * 3. no explicit author → `rel=author` links matched to a same-page h-card the same way;
 * 4. a single, unambiguous page-level h-card outside the entry (several → no guess);
 * 5. a URL-valued `author` without a matching h-card → the URL as url and name, to be fetched;
 *    likewise the first `rel=author` link when there was no explicit author;
 * 6. a plain-string `author` → that name.
 */
export function resolveAuthor(
  doc: ParsedDocument,
  entry: MicroformatRoot,
  baseUrl: string,
  sourceUrl: string,
): ResolvedAuthor {
  const pageUrls = [baseUrl, sourceUrl];
  const authorValues = propValues(entry, 'author');
  let authorUrl: string | null = null;
  let authorName: string | null = null;

  for (const v of authorValues) {
    if (isItem(v)) {
      const fromCard = hCardToAuthor(v);
      if (hasIdentity(fromCard)) return { author: fromCard, authorPageToFetch: null };
      authorUrl ??= fromCard.url;
      continue;
    }
    const text = textOf(v);
    if (text === null || text.trim() === '') continue;
    const asUrl = /^(https?:)?\/\/|^[/#?]/i.test(text.trim()) ? absoluteHttpUrl(text, baseUrl) : null;
    if (asUrl !== null) authorUrl ??= asUrl;
    else authorName ??= cleanName(text);
  }

  if (authorUrl !== null) {
    const card = findHCardForUrl(doc.items, authorUrl, pageUrls);
    if (card) return { author: withUrl(hCardToAuthor(card), authorUrl), authorPageToFetch: null };
  }

  const relAuthors = authorValues.length === 0 ? relAuthorUrls(doc, baseUrl) : [];
  for (const rel of relAuthors) {
    const card = findHCardForUrl(doc.items, rel, pageUrls);
    if (card) return { author: withUrl(hCardToAuthor(card), rel), authorPageToFetch: null };
  }

  const pageCards = pageLevelHCards(doc.items, entry);
  if (pageCards.length === 1) {
    const fromCard = hCardToAuthor(pageCards[0]);
    if (hasIdentity(fromCard) || fromCard.url !== null) return { author: fromCard, authorPageToFetch: null };
  }

  const fetchable = authorUrl ?? relAuthors[0] ?? null;
  if (fetchable !== null) {
    return {
      author: { name: capText(fetchable, MAX_AUTHOR_NAME), url: fetchable, photo: null },
      authorPageToFetch: fetchable,
    };
  }
  if (authorName !== null) return { author: { ...EMPTY_AUTHOR, name: authorName }, authorPageToFetch: null };
  return { author: { ...EMPTY_AUTHOR }, authorPageToFetch: null };
}

function withUrl(author: MentionAuthor, fallbackUrl: string): MentionAuthor {
  return author.url !== null ? author : { ...author, url: absoluteHttpUrl(fallbackUrl) };
}

function relAuthorUrls(doc: ParsedDocument, baseUrl: string): string[] {
  const rels = doc.rels?.author;
  if (!Array.isArray(rels)) return [];
  return rels.map((r) => absoluteHttpUrl(r, baseUrl)).filter((u): u is string => u !== null);
}

/**
 * True when two profile URLs are the same: http(s) URLs under the URL matching policy, any other scheme (`xmpp:`,
 * `mailto:`, `acct:`) exactly as written, whitespace trimmed.
 */
export function sameProfileUrl(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const x = a.trim();
  const y = b.trim();
  if (x === '' || y === '') return false;
  const http = /^https?:/i;
  return http.test(x) && http.test(y) ? urlsMatch(x, y) : x === y;
}

/**
 * The representative h-card of an author page (IndieWeb authorship): the h-card whose `url` and
 * `uid` both match the page URL; else one whose `url` is a `rel=me` link of the page (non-http links such as
 * `xmpp:` compared exactly); else the only h-card whose `url` matches the page URL; else null.
 */
export function representativeHCard(input: { html: string; pageUrl: string }): MentionAuthor | null {
  const doc = parseMicroformats(input.html, input.pageUrl);
  if (doc === null) return null;
  const cards = walkItems(doc.items).filter((i) => hasType(i, 'h-card'));
  const matchesPage = (card: MicroformatRoot, prop: string): boolean =>
    propValues(card, prop)
      .map(textOf)
      .some((u) => typeof u === 'string' && urlsMatch(u, input.pageUrl));

  const byUid = cards.find((c) => matchesPage(c, 'url') && matchesPage(c, 'uid'));
  if (byUid) return hCardToAuthor(byUid);

  const relMe = Array.isArray(doc.rels?.me) ? doc.rels.me : [];
  const byRelMe = cards.find((c) => hCardUrls(c).some((u) => relMe.some((m) => sameProfileUrl(u, m))));
  if (byRelMe) return hCardToAuthor(byRelMe);

  const byUrl = cards.filter((c) => matchesPage(c, 'url'));
  return byUrl.length === 1 ? hCardToAuthor(byUrl[0]) : null;
}
