import { siteKey } from '../url/host';
import type { MentionType } from '../entities/webmention.entity';
import { matchKey } from '../url/url-match';
import { RSVP_ORDER, contentFields, isDisplayable, mentionKind, toFaceViewModel } from './view-model';
import type { RenderableWebmention, RsvpValue, ViewModelOptions, WebmentionViewModel } from './view-model';

/** Mention kinds accepted by the `type` filter. */
export const WEBMENTION_KINDS: readonly MentionType[] = ['reply', 'mention', 'like', 'repost', 'bookmark', 'rsvp'];

/** Default of {@link WebmentionsViewOptions.facepileLimit}. */
export const DEFAULT_FACEPILE_LIMIT = 12;
/** Default of {@link WebmentionsViewOptions.maxComments}. */
export const DEFAULT_MAX_COMMENTS = 50;

/** Options of {@link buildWebmentionsView}. */
export interface WebmentionsViewOptions extends ViewModelOptions {
  /** Only these kinds: a list or a comma-separated string such as "like,repost". @default all kinds */
  type?: string | readonly string[] | null;
  /** Most faces shown per facepile; the rest become "+N more". @default 12 */
  facepileLimit?: number;
  /** Most replies and mentions shown; the rest become "N more responses". @default 50 */
  maxComments?: number;
  /** Where "+N more" and "N more responses" link (http(s) or a relative URL). @default none (plain text) */
  moreUrl?: string | null;
  /** Newest first instead of oldest first. @default false */
  newestFirst?: boolean;
}

/** One facepile (likes, reposts, bookmarks, or one RSVP answer). */
export interface FacepileView {
  kind: MentionType;
  rsvp: RsvpValue | null;
  count: number;
  single: boolean;
  faces: WebmentionViewModel[];
  more: number;
  moreUrl: string | null;
}

/** RSVPs grouped by answer, each group null when empty. */
export interface RsvpView {
  count: number;
  single: boolean;
  yes: FacepileView | null;
  maybe: FacepileView | null;
  interested: FacepileView | null;
  no: FacepileView | null;
}

/** Replies and mentions, as a list of comments. */
export interface CommentsView {
  count: number;
  single: boolean;
  items: WebmentionViewModel[];
  more: number;
  moreSingle: boolean;
  moreUrl: string | null;
}

/** Everything the wrapper template gets; sections are null when empty. */
export interface WebmentionsView {
  count: number;
  empty: boolean;
  likes: FacepileView | null;
  reposts: FacepileView | null;
  bookmarks: FacepileView | null;
  rsvps: RsvpView | null;
  comments: CommentsView | null;
}

/** The kinds a `type` filter names, or null for all; throws a TypeError on an unknown kind. */
export function parseTypeFilter(type: WebmentionsViewOptions['type']): ReadonlySet<MentionType> | null {
  if (type === undefined || type === null) return null;
  const names = (typeof type === 'string' ? type.split(',') : [...type]).map((t) => String(t).trim().toLowerCase());
  const wanted = names.filter((t) => t !== '');
  if (wanted.length === 0) return null;
  const kinds = new Set<MentionType>();
  for (const name of wanted) {
    const kind = WEBMENTION_KINDS.find((k) => k === name);
    if (kind === undefined)
      throw new TypeError(`Unknown webmention type "${name}"; expected ${WEBMENTION_KINDS.join(', ')}`);
    kinds.add(kind);
  }
  return kinds;
}

/** Mentions that are displayable and of a wanted kind. */
export function selectMentions(mentions: unknown, type?: WebmentionsViewOptions['type']): RenderableWebmention[] {
  if (!Array.isArray(mentions)) return [];
  const kinds = parseTypeFilter(type);
  return mentions.filter(
    (m): m is RenderableWebmention =>
      isDisplayable(m as RenderableWebmention) && (kinds === null || kinds.has(mentionKind(m))),
  );
}

/** Number of displayable mentions, of the given kinds when `type` is set. */
export function countWebmentions(mentions: unknown, type?: WebmentionsViewOptions['type']): number {
  return selectMentions(mentions, type).length;
}

function safeMoreUrl(url: string | null | undefined): string | null {
  if (typeof url !== 'string' || url.trim() === '') return null;
  try {
    const protocol = new URL(url.trim(), 'https://relative.invalid/').protocol;
    return protocol === 'http:' || protocol === 'https:' ? url.trim() : null;
  } catch {
    return null;
  }
}

/**
 * The author-and-target identity of a mention for relating a reply to a like by the same person.
 * NOTE: `matchKey` is the policy behind `urlsMatch`, as a map key; without an author URL, the name on the same source host.
 */
function relationKey(vm: WebmentionViewModel): string | null {
  const target = vm.targetUrl === null ? '' : (matchKey(vm.targetUrl) ?? vm.targetUrl);
  let author: string | null = null;
  if (vm.authorUrl !== null) author = matchKey(vm.authorUrl);
  else if (vm.authorName !== null && vm.sourceUrl !== null) {
    author = `name:${vm.authorName.replace(/\s+/g, ' ').toLowerCase()}@${siteKey(vm.sourceUrl)}`;
  }
  return author === null ? null : JSON.stringify([target, author]);
}

const MARKS: Partial<Record<MentionType, 'alsoLiked' | 'alsoReposted' | 'alsoBookmarked'>> = {
  like: 'alsoLiked',
  repost: 'alsoReposted',
  bookmark: 'alsoBookmarked',
};

/** Marks replies whose author also liked, reposted or bookmarked the same target; returns the items left to show. */
export function relateMentions(items: readonly WebmentionViewModel[]): WebmentionViewModel[] {
  const replies = new Map<string, WebmentionViewModel>();
  for (const vm of items) {
    const key = vm.isReply ? relationKey(vm) : null;
    if (key !== null && !replies.has(key)) replies.set(key, vm);
  }
  if (replies.size === 0) return [...items];
  return items.filter((vm) => {
    const mark = MARKS[vm.kind];
    const key = mark === undefined ? null : relationKey(vm);
    const reply = key === null ? undefined : replies.get(key);
    if (mark === undefined || reply === undefined) return true;
    reply[mark] = true;
    reply.hasAlso = true;
    return false;
  });
}

function byDate(newestFirst: boolean) {
  return (a: WebmentionViewModel, b: WebmentionViewModel): number => {
    if (a.timestamp === null || b.timestamp === null)
      return (a.timestamp === null ? 1 : 0) - (b.timestamp === null ? 1 : 0);
    return newestFirst ? b.timestamp - a.timestamp : a.timestamp - b.timestamp;
  };
}

function facepile(
  items: WebmentionViewModel[],
  kind: MentionType,
  limit: number,
  moreUrl: string | null,
  rsvp: RsvpValue | null = null,
): FacepileView | null {
  if (items.length === 0) return null;
  const faces = items.slice(0, limit);
  return {
    kind,
    rsvp,
    count: items.length,
    single: items.length === 1,
    faces,
    more: items.length - faces.length,
    moreUrl,
  };
}

/** Normalises, filters, orders, relates and groups mentions into what the wrapper template renders. */
export function buildWebmentionsView(mentions: unknown, options: WebmentionsViewOptions = {}): WebmentionsView {
  const limit = Math.max(0, Math.floor(options.facepileLimit ?? DEFAULT_FACEPILE_LIMIT));
  const maxComments = Math.max(0, Math.floor(options.maxComments ?? DEFAULT_MAX_COMMENTS));
  const moreUrl = safeMoreUrl(options.moreUrl);
  const sources = new Map<WebmentionViewModel, RenderableWebmention>();
  const sorted = selectMentions(mentions, options.type)
    .map((m) => {
      const vm = toFaceViewModel(m, options);
      sources.set(vm, m);
      return vm;
    })
    .sort(byDate(options.newestFirst === true));
  const items = relateMentions(sorted);
  const of = (kind: MentionType) => items.filter((vm) => vm.kind === kind);

  const rsvpItems = of('rsvp');
  const group = (value: RsvpValue) =>
    facepile(
      rsvpItems.filter((vm) => vm.rsvp === value),
      'rsvp',
      limit,
      moreUrl,
      value,
    );
  const [yes, maybe, interested, no] = RSVP_ORDER.map(group);
  const rsvps: RsvpView | null =
    rsvpItems.length === 0
      ? null
      : { count: rsvpItems.length, single: rsvpItems.length === 1, yes, maybe, interested, no };

  const commentItems = items.filter((vm) => vm.kind === 'reply' || vm.kind === 'mention');
  const shown = commentItems.slice(0, maxComments);
  // NOTE: content (sanitising) is the costly part, so only the comments actually shown get it.
  for (const vm of shown) Object.assign(vm, contentFields(sources.get(vm) as RenderableWebmention, options));
  const more = commentItems.length - shown.length;
  const comments: CommentsView | null =
    commentItems.length === 0
      ? null
      : {
          count: commentItems.length,
          single: commentItems.length === 1,
          items: shown,
          more,
          moreSingle: more === 1,
          moreUrl,
        };

  return {
    count: items.length,
    empty: items.length === 0,
    likes: facepile(of('like'), 'like', limit, moreUrl),
    reposts: facepile(of('repost'), 'repost', limit, moreUrl),
    bookmarks: facepile(of('bookmark'), 'bookmark', limit, moreUrl),
    rsvps,
    comments,
  };
}
