import type { Webmention } from '../entities/webmention.entity';

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
  url: string | null;
  published: string | null;
  updated: string | null;
  verifiedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

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
    url: w.url,
    published: iso(w.published),
    updated: iso(w.updated),
    verifiedAt: iso(w.verifiedAt),
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}
