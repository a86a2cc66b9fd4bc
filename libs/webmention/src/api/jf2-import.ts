/**
 * A jf2 feed in the shape webmention.io's `mentions.jf2` exports (and this API's `format=jf2` writes) read back into
 * mentions: each child checked, its content sanitised like any received content, and every child that cannot be
 * imported reported with its index and why.
 */
import type { MentionType } from '../entities/webmention.entity';
import { htmlToText } from '../html/plain-text';
import { capMentionContent } from '../mf2/cap-content';
import { parseMf2Date } from '../mf2/mf2-date';
import { sanitizeContentHtml } from '../mf2/sanitize-content-html';
import type { ImportedFields } from '../storage/webmention-import.store';
import { parseHttpUrl } from '../url/url-validate';
import { JF2_PROPERTY, Jf2Property } from './jf2';

/**
 * One mention read from a feed, ready to store: the row fields an import fills, but for `entry`, which the import
 * makes from `wmId`.
 */
export interface ImportedMention extends Omit<ImportedFields, 'entry'> {
  /** When the mention was received (`wm-received`), kept as the row's creation time. */
  receivedAt: Date;
  /** webmention.io's id of the mention (`wm-id`), or null. */
  wmId: number | null;
  private: boolean;
}

/** A child left out, by its index in `children`. */
export interface SkippedChild {
  index: number;
  reason: string;
}

/** What a feed gave. */
export interface Jf2ImportPlan {
  mentions: ImportedMention[];
  skipped: SkippedChild[];
}

/** Options of {@link readJf2Feed}. */
export interface Jf2ReadOptions {
  /** Import entries marked `wm-private: true` (they are skipped, and reported, otherwise). @default false */
  includePrivate?: boolean;
  /** Most characters of text kept, plain and HTML each (the `content.maxChars` option). */
  maxChars: number;
  /** Longest URL accepted. @default 2048 */
  maxUrlLength?: number;
}

/** Thrown when the whole document is not a jf2 feed; says what was expected. */
export class Jf2FeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Jf2FeedError';
  }
}

/** The mention type of each `wm-property`: the export's mapping read backwards. */
const TYPES = Object.fromEntries(Object.entries(JF2_PROPERTY).map(([type, property]) => [property, type])) as Readonly<
  Record<Jf2Property, MentionType>
>;
const RSVP_VALUES = new Set(['yes', 'no', 'maybe', 'interested']);
const MAX_MEDIA = 10;

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** A non-empty trimmed string, else null. */
const textOf = (value: unknown, max = 1024): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null;

/** Why one child cannot be imported, or the mention it gives. */
function readChild(child: unknown, options: Jf2ReadOptions): ImportedMention | string {
  if (!isObject(child)) return 'not an object';
  if (child.type !== undefined && child.type !== 'entry') return `type is ${JSON.stringify(child.type)}, not "entry"`;
  const url = (name: string, value: unknown): URL | string => {
    const parsed = parseHttpUrl(typeof value === 'string' ? value : '', {
      label: name,
      maxLength: options.maxUrlLength,
    });
    return parsed.ok ? parsed.url : value === undefined ? `${name} is missing` : `${name}: ${parsed.message}`;
  };
  const optionalUrl = (value: unknown): string | null => {
    const parsed = typeof value === 'string' && value !== '' ? url('url', value) : null;
    return parsed instanceof URL ? parsed.href : null;
  };
  const source = url('wm-source', child['wm-source']);
  if (typeof source === 'string') return source;
  const target = url('wm-target', child['wm-target']);
  if (typeof target === 'string') return target;
  if (child['wm-private'] === true && !options.includePrivate)
    return 'private (wm-private: true); --private imports it';
  const property = child['wm-property'] ?? (typeof child.rsvp === 'string' ? 'rsvp' : 'mention-of');
  if (typeof property !== 'string' || !(property in TYPES)) {
    return `wm-property ${JSON.stringify(property)} is none of ${Object.keys(TYPES).join(', ')}`;
  }
  const rsvp = typeof child.rsvp === 'string' ? child.rsvp.trim().toLowerCase() : null;
  if (rsvp !== null && !RSVP_VALUES.has(rsvp))
    return `rsvp ${JSON.stringify(child.rsvp)} is none of yes, no, maybe, interested`;
  let mentionType = TYPES[property as Jf2Property];
  if (mentionType === 'reply' && rsvp !== null) mentionType = 'rsvp';

  const date = (name: string, value: unknown): Date | null | string => {
    if (value === undefined || value === null || value === '') return null;
    const parsed = typeof value === 'string' ? parseMf2Date(value) : null;
    return parsed ? parsed.date : `${name} ${JSON.stringify(value)} is not a date`;
  };
  const published = date('published', child.published);
  if (typeof published === 'string') return published;
  const received = date('wm-received', child['wm-received']);
  if (typeof received === 'string') return received;

  const author = isObject(child.author) ? child.author : {};
  const content = isObject(child.content)
    ? child.content
    : typeof child.content === 'string'
      ? { text: child.content }
      : {};
  const base = source.href;
  const html =
    typeof content.html === 'string' && content.html.trim() !== '' ? sanitizeContentHtml(content.html, base) : '';
  const text = textOf(content.text, 1_000_000) ?? (html ? textOf(htmlToText(html), 1_000_000) : null);
  const entryUrl = optionalUrl(child.url);
  const capped = capMentionContent(
    { content: text, contentHtml: html || null },
    { maxChars: options.maxChars, readMoreUrl: entryUrl ?? base, baseUrl: base },
  );
  const urls = (value: unknown): string[] =>
    (Array.isArray(value) ? value : value === undefined ? [] : [value])
      .map((v) => optionalUrl(isObject(v) ? v.value : v))
      .filter((v): v is string => v !== null)
      .slice(0, MAX_MEDIA);
  const photos = urls(child.photo).map((u) => ({ url: u, alt: null }));
  const videos = urls(child.video);
  const audios = urls(child.audio);
  const wmId = child['wm-id'];
  return {
    sourceUrl: source.href,
    targetUrl: target.href,
    mentionType,
    rsvp: mentionType === 'rsvp' ? rsvp : null,
    authorName: textOf(author.name, 512),
    authorUrl: optionalUrl(author.url),
    authorPhoto: optionalUrl(author.photo),
    title: textOf(child.name),
    content: capped.content,
    contentHtml: capped.contentHtml,
    url: entryUrl,
    published,
    receivedAt: received ?? new Date(),
    wmId: typeof wmId === 'number' && Number.isSafeInteger(wmId) ? wmId : null,
    photos: photos.length > 0 ? photos : null,
    videos: videos.length > 0 ? videos : null,
    audios: audios.length > 0 ? audios : null,
    private: child['wm-private'] === true,
  };
}

/** Reads a parsed jf2 document: its children as mentions, and the children it skipped with the reason. */
export function readJf2Feed(document: unknown, options: Jf2ReadOptions): Jf2ImportPlan {
  // NOTE: webmention.io's export is a feed; a bare list of entries (as some tools save it) is read the same.
  const children = Array.isArray(document) ? document : isObject(document) ? document.children : undefined;
  if (!Array.isArray(children)) {
    throw new Jf2FeedError(
      'not a jf2 feed: expected { "type": "feed", "children": [ … ] } as webmention.io exports it (mentions.jf2)',
    );
  }
  const plan: Jf2ImportPlan = { mentions: [], skipped: [] };
  children.forEach((child, index) => {
    const read = readChild(child, options);
    if (typeof read === 'string') plan.skipped.push({ index, reason: read });
    else plan.mentions.push(read);
  });
  return plan;
}
