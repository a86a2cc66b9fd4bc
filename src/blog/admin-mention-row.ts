import type { Webmention } from 'nestjs-webmention';
import type { AdminMentionRow } from './admin-templates';

/** What the admin page's buttons do, by the path segment they post to. */
export const ADMIN_ACTIONS = ['approve', 'reject', 'spam', 'not-spam', 'delete'] as const;
/** One moderation action of the admin page. */
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

const LABELS: Record<AdminAction, string> = {
  approve: 'Approve',
  reject: 'Reject',
  spam: 'Spam',
  'not-spam': 'Not spam',
  delete: 'Delete',
};

/** Longest excerpt of a mention's text shown on the admin page, in characters. */
export const EXCERPT_CHARS = 280;

/** The action named by a path segment, or null. */
export function adminActionOf(value: unknown): AdminAction | null {
  return ADMIN_ACTIONS.find((a) => a === value) ?? null;
}

/** `value` when it is an absolute http(s) URL, else null: the admin page links nothing else. */
export function httpHref(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
}

/** The buttons that make sense for a mention in its present state. */
export function actionsFor(m: Pick<Webmention, 'status' | 'moderation'>): AdminAction[] {
  const actions: AdminAction[] = [];
  if (m.status === 'spam') actions.push('not-spam');
  else {
    if (m.moderation !== 'approved') actions.push('approve');
    if (m.moderation !== 'rejected') actions.push('reject');
    actions.push('spam');
  }
  actions.push('delete');
  return actions;
}

function excerpt(m: Pick<Webmention, 'content' | 'title'>): string {
  const text = (m.content ?? m.title ?? '').replace(/\s+/g, ' ').trim();
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text;
}

function pathOf(url: string): string {
  try {
    const { pathname, search } = new URL(url);
    return `${pathname}${search}`;
  } catch {
    return url;
  }
}

/** A stored mention as a row of the admin page: plain text only (the templates escape it), http(s) links only. */
export function toAdminRow(m: Webmention): AdminMentionRow {
  const type = m.mentionType === 'rsvp' && m.rsvp ? `rsvp ${m.rsvp}` : m.mentionType;
  const received = new Date(m.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    id: m.id,
    type,
    status: m.status,
    moderation: m.moderation,
    authorName: m.authorName?.trim() || (httpHref(m.sourceUrl) ? new URL(m.sourceUrl).host : 'Someone'),
    authorUrl: httpHref(m.authorUrl),
    sourceUrl: m.sourceUrl,
    targetUrl: m.targetUrl,
    targetPath: pathOf(m.targetUrl),
    received,
    receivedText: `${received.slice(0, 10)} ${received.slice(11, 16)}`,
    excerpt: excerpt(m),
    actions: actionsFor(m).map((action) => ({ action, label: LABELS[action] })),
  };
}
