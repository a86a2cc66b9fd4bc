import type { Webmention, WebmentionPhoto } from '../entities/webmention.entity';

/** The fields of a mention that may be shown to anyone (no tokens, hashes or spam details). */
export interface PublicWebmention {
  id: number;
  sourceUrl: string;
  targetUrl: string;
  status: Webmention['status'];
  moderation: Webmention['moderation'];
  mentionType: Webmention['mentionType'];
  rsvp: string | null;
  authorName: string | null;
  authorUrl: string | null;
  authorPhoto: string | null;
  title: string | null;
  content: string | null;
  contentHtml: string | null;
  /** The entry's photos, with their alternative text (original URLs, like `authorPhoto`). */
  photo: WebmentionPhoto[];
  /** The entry's videos. */
  video: string[];
  /** The entry's audio. */
  audio: string[];
  url: string | null;
  published: string | null;
  updated: string | null;
  verifiedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** The stored photos of a mention; none for rows stored before the column existed. */
export function storedPhotos(w: Pick<Webmention, 'photos'>): WebmentionPhoto[] {
  if (!Array.isArray(w.photos)) return [];
  return w.photos
    .filter((p) => p !== null && typeof p === 'object' && typeof p.url === 'string')
    .map((p) => ({ url: p.url, alt: typeof p.alt === 'string' ? p.alt : null }));
}

/** Stored media URLs of a mention (`videos`, `audios`); none for rows stored before the columns existed. */
export function storedUrls(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((u): u is string => typeof u === 'string') : [];
}

/** A mention as the JSON API and templates show it. */
export function toPublicWebmention(w: Webmention): PublicWebmention {
  return {
    id: w.id,
    sourceUrl: w.sourceUrl,
    targetUrl: w.targetUrl,
    status: w.status,
    moderation: w.moderation,
    mentionType: w.mentionType,
    rsvp: w.rsvp,
    authorName: w.authorName,
    authorUrl: w.authorUrl,
    authorPhoto: w.authorPhoto,
    title: w.title,
    content: w.content,
    contentHtml: w.contentHtml,
    photo: storedPhotos(w),
    video: storedUrls(w.videos),
    audio: storedUrls(w.audios),
    url: w.url,
    published: iso(w.published),
    updated: iso(w.updated),
    verifiedAt: iso(w.verifiedAt),
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}
