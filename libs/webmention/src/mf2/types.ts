import type { mf2 } from 'microformats-parser';
import type { HtmlDocument } from '../html';

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
  /** `html` already parsed (parseHtml, scripting on), so it is not parsed again; rewritten in place by the reading. */
  document?: HtmlDocument;
}
