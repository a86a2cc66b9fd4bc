import type { mf2 } from 'microformats-parser';
import type { TargetPlacement } from './target-placement';

/** Parser output for one document (microformats-parser does not export the type by name). */
export type ParsedDocument = ReturnType<typeof mf2>;
/** One parsed microformat item (h-entry, h-card, ...). */
export type MicroformatRoot = ParsedDocument['items'][number];
/** One value of a microformat property: a string, an item, an image or an HTML value. */
export type MicroformatProperty = MicroformatRoot['properties'][string][number];

/** Kind of response a mention is, per IndieWeb Post Type Discovery. */
export type MentionType = 'mention' | 'reply' | 'like' | 'repost' | 'bookmark' | 'rsvp';

/** Valid `p-rsvp` values. */
export type RsvpValue = 'yes' | 'no' | 'maybe' | 'interested';

/** Who wrote the mention, as far as the source page says. */
export interface MentionAuthor {
  name: string | null;
  url: string | null;
  photo: string | null;
}

/** A photo of an entry: an absolute http(s) URL and its alternative text. */
export interface MentionPhoto {
  url: string;
  alt: string | null;
}

/** The entry's own media (`u-photo`, `u-video`, `u-audio`) as absolute http(s) URLs, each list capped. */
export interface MentionMedia {
  photo: MentionPhoto[];
  video: string[];
  audio: string[];
}

/** Everything displayable that a source document says about its mention of the target. */
export interface MentionContent {
  mentionType: MentionType;
  rsvp: RsvpValue | null;
  /** Entry name, dropped when it only repeats the start of the content; `<title>`/og:title when no entry. */
  title: string | null;
  /** Plain text as a reader sees it (blank lines between blocks, image alt once); null when there is none. */
  content: string | null;
  /** Sanitised HTML, without images that are also the entry's photo; null when nothing visible is left. */
  contentHtml: string | null;
  /** The entry's photos, videos and audio. */
  media: MentionMedia;
  /** Entry `u-url` (absolute http(s)), else null. */
  url: string | null;
  published: Date | null;
  updated: Date | null;
  author: MentionAuthor;
  /** Set when the author chain ended with an author URL and no h-card; the caller may fetch it. */
  authorPageToFetch: string | null;
  /** Bounded, HTML-free JSON snapshot of the chosen entry. */
  entry: Record<string, unknown> | null;
  hasMicroformats: boolean;
}

/** Input of `interpretMention`: the fetched source document and the URLs involved. */
export interface InterpretMentionInput {
  html: string;
  /** Final fetched URL, used to resolve relative URLs. */
  baseUrl: string;
  sourceUrl: string;
  targetUrl: string;
  /** What was read of `html` already parsed (`readParsedPage`), so it is not parsed again. */
  page?: ParsedPage;
}

/** Dates of mf1 entries, keyed by the marker the parser carries back as an `author` value. */
export interface Mf1DateMarks {
  prefix: string;
  dates: Map<string, { published: string | null; updated: string | null }>;
}

/** What microformats-parser is given: the page's HTML, the base URL to parse it against, the mf1 dates to put back. */
export interface ParserInput {
  html: string;
  baseUrl: string;
  marks: Mf1DateMarks | null;
}

/** What `readParsedPage` reads of a parsed page for `interpretMention`. */
export interface ParsedPage {
  title: string | null;
  placement: TargetPlacement;
  /** The repaired page for the microformats parser, when it needs one. */
  parserInput?: ParserInput;
}
