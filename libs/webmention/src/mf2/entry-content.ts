/** An entry's displayable body: plain text and sanitised HTML from `content`, `summary` or `name`. */
import { parseHtmlFragment, serializeHtml } from '../html';
import { htmlToText } from '../html/plain-text';
import { removePhotos } from './entry-media';
import { capText, firstText, isItem, propValues } from './mf2-values';
import { MAX_CONTENT_HTML_INPUT, sanitizeContentHtml } from './sanitize-content-html';
import type { MicroformatProperty, MicroformatRoot } from './types';

/** Longest plain-text content kept. */
export const MAX_CONTENT_TEXT = 32 * 1024;

/** What an entry's body reads as. */
export interface EntryBody {
  /** Plain text as a reader sees it, or null. */
  text: string | null;
  /** Sanitised HTML, or null. */
  html: string | null;
  /** The parser's own text value of the property the body came from (the spelling an implied name repeats). */
  parserText: string | null;
  /** True when the body is the entry's name (no content or summary). */
  fromName: boolean;
}

/** Options for {@link entryBody}. */
export interface EntryBodyOptions {
  /** URL relative references in the HTML resolve against. */
  baseUrl: string;
  /** The entry's photo URLs: images showing them are left out of the HTML and the text. */
  photoUrls?: ReadonlySet<string>;
}

function cleanText(text: string): string | null {
  const trimmed = capText(text.trim(), MAX_CONTENT_TEXT);
  return trimmed === '' ? null : trimmed;
}

/**
 * Text and sanitised HTML of one HTML-valued property. Null for both when nothing visible survives: no text and no
 * image once sanitised (an `e-content` holding only an empty link is no content).
 */
export function readHtmlValue(raw: string, options: EntryBodyOptions): { text: string | null; html: string | null } {
  const input = raw.slice(0, MAX_CONTENT_HTML_INPUT);
  const fragment = parseHtmlFragment(input);
  const removed = removePhotos(fragment, options.photoUrls ?? new Set(), options.baseUrl);
  const text = cleanText(htmlToText(fragment));
  // NOTE: re-serialised only when a photo went, so untouched content is sanitised exactly as written.
  const sanitised = sanitizeContentHtml(removed > 0 ? serializeHtml(fragment) : input, options.baseUrl);
  // NOTE: the sanitiser escapes text, so `<img` in its output is always a real image.
  const hasImage = /<img\b/i.test(sanitised);
  if (text === null && !hasImage) return { text: null, html: null };
  return { text, html: sanitised === '' ? null : sanitised };
}

function readValue(value: MicroformatProperty, options: EntryBodyOptions): EntryBody | null {
  if (typeof value === 'string') {
    const text = cleanText(value);
    return text === null ? null : { text, html: null, parserText: value, fromName: false };
  }
  if (typeof value !== 'object' || value === null) return null;
  const raw = value as { html?: unknown; value?: unknown };
  const parserText = typeof raw.value === 'string' ? raw.value : null;
  if (typeof raw.html === 'string') {
    const read = readHtmlValue(raw.html, options);
    return read.text === null && read.html === null ? null : { ...read, parserText, fromName: false };
  }
  // NOTE: a nested item as `content` (no html) is not the entry's own words.
  if (isItem(value) || parserText === null) return null;
  const text = cleanText(parserText);
  return text === null ? null : { text, html: null, parserText, fromName: false };
}

/** The first usable `content`, else `summary`, else `name`; HTML only from HTML values of `content`/`summary`. */
export function entryBody(entry: MicroformatRoot, options: EntryBodyOptions): EntryBody {
  for (const property of ['content', 'summary']) {
    for (const v of propValues(entry, property)) {
      const read = readValue(v, options);
      if (read !== null) return read;
    }
  }
  const name = firstText(entry, 'name');
  const text = name === null ? null : cleanText(name);
  return { text, html: null, parserText: name, fromName: text !== null };
}
