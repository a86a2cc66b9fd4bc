/**
 * Mentions as a jf2 feed, field by field in the shape webmention.io's `GET /api/mentions.jf2` returns, so widgets and
 * static-site plugins written for that service read this API unchanged.
 */
import type { MentionType, Webmention } from '../entities/webmention.entity';
import { storedPhotos, storedUrls } from './public-webmention';

/** The jf2 property naming how an entry relates to the target (webmention.io's `wm-property`). */
export type Jf2Property = 'in-reply-to' | 'like-of' | 'repost-of' | 'bookmark-of' | 'mention-of' | 'rsvp';

/** The author of an entry: a jf2 card; unknown fields are empty strings, as webmention.io sends them. */
export interface Jf2Author {
  type: 'card';
  name: string;
  photo: string;
  url: string;
}

/** One mention as a jf2 entry. */
export interface Jf2Entry {
  type: 'entry';
  author: Jf2Author;
  /** The entry's own URL, else its source. */
  url: string;
  /** When the source says it was published (`YYYY-MM-DDTHH:MM:SS+00:00`), or null. */
  published: string | null;
  /** When it was received (`YYYY-MM-DDTHH:MM:SSZ`). */
  'wm-received': string;
  'wm-id': number;
  'wm-source': string;
  'wm-target': string;
  name?: string;
  /** The entry's photos, as URLs (webmention.io keeps no alternative text); only when there are some. */
  photo?: string[];
  /** The entry's videos; only when there are some. */
  video?: string[];
  /** The entry's audio; only when there are some. */
  audio?: string[];
  content?: { html?: string; text: string };
  /** `yes`, `no`, `maybe` or `interested` on RSVPs (which are also `in-reply-to` the target). */
  rsvp?: string;
  'in-reply-to'?: string;
  'like-of'?: string;
  'repost-of'?: string;
  'bookmark-of'?: string;
  'mention-of'?: string;
  'wm-property': Jf2Property;
  'wm-private': false;
}

/** A feed of entries, as `mentions.jf2` returns it. */
export interface Jf2Feed {
  type: 'feed';
  name: 'Webmentions';
  children: Jf2Entry[];
}

/** The relation property of each mention type; RSVPs are replies with an `rsvp` value. */
export const JF2_PROPERTY: Readonly<Record<MentionType, Jf2Property>> = {
  reply: 'in-reply-to',
  like: 'like-of',
  repost: 'repost-of',
  bookmark: 'bookmark-of',
  rsvp: 'rsvp',
  mention: 'mention-of',
};

/** `YYYY-MM-DDTHH:MM:SS` in UTC: webmention.io's dates carry no fractions. */
const seconds = (date: Date): string => date.toISOString().slice(0, 19);

/** A text field, or '' when empty. */
const text = (value: string | null | undefined): string => value ?? '';

/** The jf2 entry of one mention. */
export function toJf2Entry(w: Webmention): Jf2Entry {
  const property = JF2_PROPERTY[w.mentionType] ?? 'mention-of';
  // NOTE: fields are set in webmention.io's order, `wm-property` and `wm-private` last, so entries serialise alike.
  const entry: Omit<Jf2Entry, 'wm-property' | 'wm-private'> = {
    type: 'entry',
    author: { type: 'card', name: text(w.authorName), photo: text(w.authorPhoto), url: text(w.authorUrl) },
    url: w.url || w.sourceUrl,
    published: w.published ? `${seconds(w.published)}+00:00` : null,
    'wm-received': `${seconds(w.createdAt)}Z`,
    'wm-id': w.id,
    'wm-source': w.sourceUrl,
    'wm-target': w.targetUrl,
  };
  if (w.title && w.title.trim() !== '') entry.name = w.title;
  const photo = storedPhotos(w).map((p) => p.url);
  const video = storedUrls(w.videos);
  const audio = storedUrls(w.audios);
  if (photo.length > 0) entry.photo = photo;
  if (video.length > 0) entry.video = video;
  if (audio.length > 0) entry.audio = audio;
  if (w.contentHtml) entry.content = { html: w.contentHtml, text: text(w.content) };
  else if (w.content) entry.content = { text: w.content };
  if (property === 'rsvp') {
    if (w.rsvp) entry.rsvp = w.rsvp;
    entry['in-reply-to'] = w.targetUrl;
  } else {
    entry[property] = w.targetUrl;
  }
  return { ...entry, 'wm-property': property, 'wm-private': false };
}

/** The jf2 feed of these mentions, in the order given. */
export function toJf2Feed(mentions: readonly Webmention[]): Jf2Feed {
  return { type: 'feed', name: 'Webmentions', children: mentions.map(toJf2Entry) };
}
