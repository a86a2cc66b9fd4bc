import { domainToUnicode } from 'url';
import { hostOf } from '../url/host';
import { urlsMatch } from '../url/url-match';
import { resolveAuthor } from './author';
import { buildEntrySnapshot } from './entry-snapshot';
import { linkHrefs, pageTitle } from './html-text';
import { parseMf2Date } from './mf2-date';
import type { Mf2Date } from './mf2-date';
import {
  absoluteHttpUrl,
  capText,
  firstHttpUrl,
  firstText,
  hasType,
  isItem,
  normalizeWhitespace,
  propValues,
  walkItems,
} from './mf2-values';
import { parseMicroformats } from './parse-microformats';
import { REFERENCE_PROPERTIES, discoverMentionType, propertyRefersTo } from './post-type';
import { sanitizeContentHtml } from './sanitize-content-html';
import type {
  InterpretMentionInput,
  MentionContent,
  MicroformatProperty,
  MicroformatRoot,
  ParsedDocument,
} from './types';

/** Longest plain-text content kept. */
export const MAX_CONTENT_TEXT = 32 * 1024;
/** Longest entry title kept. */
export const MAX_ENTRY_TITLE = 500;

function isEntry(item: MicroformatRoot): boolean {
  return hasType(item, 'h-entry');
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

/**
 * Chooses the entry that speaks about the target, walking items depth-first (bounded):
 * the first h-entry or h-cite referring to the target (reference properties or a content link),
 * else the h-entry whose `url` is the source, else the first h-entry; null when there is none.
 */
export function chooseEntry(
  doc: ParsedDocument,
  input: Pick<InterpretMentionInput, 'baseUrl' | 'sourceUrl' | 'targetUrl'>,
): MicroformatRoot | null {
  const items = walkItems(doc.items);
  const needles = targetHostNeedles(input.targetUrl);
  const referring = items.find(
    (i) => (isEntry(i) || hasType(i, 'h-cite')) && refersToTarget(i, input.targetUrl, input.baseUrl, needles),
  );
  if (referring) return referring;
  const entries = items.filter(isEntry);
  const bySource = entries.find((e) =>
    propValues(e, 'url').some((u) => typeof u === 'string' && urlsMatch(u, input.sourceUrl)),
  );
  return bySource ?? entries[0] ?? null;
}

interface TextAndHtml {
  text: string | null;
  html: string | null;
}

function readTextAndHtml(value: MicroformatProperty, baseUrl: string): TextAndHtml {
  if (typeof value === 'string') return { text: cleanText(value), html: null };
  if (typeof value !== 'object' || value === null) return { text: null, html: null };
  const raw = value as { html?: unknown; value?: unknown };
  const text = typeof raw.value === 'string' ? cleanText(raw.value) : null;
  const sanitised = typeof raw.html === 'string' ? sanitizeContentHtml(raw.html, baseUrl) : '';
  return { text, html: sanitised === '' ? null : sanitised };
}

function cleanText(text: string): string | null {
  const trimmed = capText(text.trim(), MAX_CONTENT_TEXT);
  return trimmed === '' ? null : trimmed;
}

/** First usable `content`, else `summary`, else `name`; HTML only from `content`/`summary` HTML values. */
function entryContent(entry: MicroformatRoot, baseUrl: string): TextAndHtml & { fromName: boolean } {
  for (const property of ['content', 'summary']) {
    for (const v of propValues(entry, property)) {
      if (isItem(v) && typeof (v as { html?: unknown }).html !== 'string') continue;
      const read = readTextAndHtml(v, baseUrl);
      if (read.text !== null || read.html !== null) return { ...read, fromName: false };
    }
  }
  const name = firstText(entry, 'name');
  return { text: name === null ? null : cleanText(name), html: null, fromName: name !== null };
}

/**
 * True when the name only repeats the start of the content (whitespace-normalised prefix),
 * which is how notes get an implied or generated name. A trailing ellipsis on the name is ignored.
 */
export function nameRepeatsContent(name: string, content: string): boolean {
  const n = normalizeWhitespace(name).replace(/\s*(…|\.\.\.)$/, '');
  return n === '' || normalizeWhitespace(content).startsWith(n);
}

function readDate(entry: MicroformatRoot, property: string): { raw: string | null; parsed: Mf2Date | null } {
  const raw = firstText(entry, property);
  return { raw, parsed: raw === null ? null : parseMf2Date(raw) };
}

function withoutEntry(input: InterpretMentionInput, doc: ParsedDocument | null): MentionContent {
  return {
    mentionType: 'mention',
    rsvp: null,
    title: input.html.trim() === '' ? null : pageTitle(input.html),
    content: null,
    contentHtml: null,
    url: null,
    published: null,
    updated: null,
    author: { name: hostOf(input.sourceUrl) ?? hostOf(input.baseUrl), url: null, photo: null },
    authorPageToFetch: null,
    entry: null,
    hasMicroformats: doc !== null && doc.items.length > 0,
  };
}

/**
 * Reads what a fetched source document says about its mention of the target: the chosen entry's
 * type (Post Type Discovery), text and sanitised HTML, title, URL, dates, author and a snapshot.
 * Pages without microformats (or without an entry) become a plain `mention` titled from the page.
 */
export function interpretMention(input: InterpretMentionInput): MentionContent {
  const html = typeof input.html === 'string' ? input.html : '';
  const safeInput = { ...input, html };
  const doc = parseMicroformats(html, input.baseUrl);
  const entry = doc === null ? null : chooseEntry(doc, input);
  if (doc === null || entry === null) return withoutEntry(safeInput, doc);

  const { mentionType, rsvp } = discoverMentionType(entry, input.targetUrl);
  const body = entryContent(entry, input.baseUrl);
  const name = firstText(entry, 'name');
  const title =
    name === null || body.fromName || (body.text !== null && nameRepeatsContent(name, body.text))
      ? null
      : capText(name, MAX_ENTRY_TITLE);
  const published = readDate(entry, 'published');
  const updated = readDate(entry, 'updated');
  const { author, authorPageToFetch } = resolveAuthor(doc, entry, input.baseUrl, input.sourceUrl);

  return {
    mentionType,
    rsvp,
    title,
    content: body.text,
    contentHtml: body.html,
    url: firstHttpUrl(entry, 'url'),
    published: published.parsed?.date ?? null,
    updated: updated.parsed?.date ?? null,
    author,
    authorPageToFetch,
    entry: buildEntrySnapshot(entry, {
      publishedRaw: published.raw,
      publishedTimezoneAssumed: published.parsed?.timezoneAssumed ?? false,
      updatedRaw: updated.raw,
      updatedTimezoneAssumed: updated.parsed?.timezoneAssumed ?? false,
    }),
    hasMicroformats: true,
  };
}
