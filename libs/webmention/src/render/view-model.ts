import type { MentionType } from '../entities/webmention.entity';
import { sanitizeContentHtml } from '../mf2/sanitize-content-html';
import { attr, parseHtmlFragment, walkElements } from '../html';
import { hostOf, siteKey } from '../url/host';
import { cutText, htmlText, httpUrl, humanDate, rewriteImageSources, tidyText, toDate } from './render-text';

/** An RSVP answer. */
export type RsvpValue = 'yes' | 'no' | 'maybe' | 'interested';

/** RSVP answers in display order. */
export const RSVP_ORDER: readonly RsvpValue[] = ['yes', 'maybe', 'interested', 'no'];

// NOTE: a local list, so the pure renderer never loads the TypeORM entity module at run time.
const KINDS: readonly MentionType[] = ['mention', 'reply', 'like', 'repost', 'bookmark', 'rsvp'];

/** A stored mention as the renderer accepts it: the entity, a PublicWebmention, or their JSON (dates as ISO strings). */
export interface RenderableWebmention {
  id?: number | string | null;
  sourceUrl: string;
  targetUrl?: string | null;
  status?: string | null;
  moderation?: string | null;
  mentionType?: string | null;
  rsvp?: string | null;
  authorName?: string | null;
  authorUrl?: string | null;
  authorPhoto?: string | null;
  title?: string | null;
  content?: string | null;
  contentHtml?: string | null;
  /** The entry's photos as the entity stores them (`{ url, alt }`; plain URLs are read too). */
  photos?: ReadonlyArray<StoredPhoto> | null;
  /** The same, as PublicWebmention (`{ url, alt }`) and jf2 (URLs) name them. */
  photo?: ReadonlyArray<StoredPhoto> | null;
  /** The entry's videos and audio (entity: `videos`/`audios`; PublicWebmention and jf2: `video`/`audio`). */
  videos?: ReadonlyArray<unknown> | null;
  video?: ReadonlyArray<unknown> | null;
  audios?: ReadonlyArray<unknown> | null;
  audio?: ReadonlyArray<unknown> | null;
  url?: string | null;
  published?: Date | string | null;
  verifiedAt?: Date | string | null;
  createdAt?: Date | string | null;
}

/** A stored photo: `{ url, alt }`, or a bare URL. */
export type StoredPhoto = { url?: unknown; alt?: unknown } | string | null;

/** A photo of the entry as the templates show it: an http(s) URL (after `mediaUrl`) and its alternative text. */
export interface PhotoView {
  url: string;
  alt: string;
}

/** Options of {@link toViewModel}. */
export interface ViewModelOptions {
  /** Longest content shown, in characters; longer content is cut and gets a "Read more" link. @default 2000 */
  maxContentChars?: number;
  /** Avatar width and height, in CSS pixels. @default 48 */
  avatarSize?: number;
  /** Width and height of the box a photo thumbnail is shown in, in CSS pixels. @default 160 */
  thumbnailSize?: number;
  /** Rewrites author photo and content image URLs (e.g. to a media proxy); must return an absolute http(s) URL. @default none */
  mediaUrl?: (url: string) => string;
}

/** What the templates get for one mention: normalised, escaped by Handlebars except the re-sanitised `contentHtml`. */
export interface WebmentionViewModel {
  id: string | null;
  kind: MentionType;
  isReply: boolean;
  rsvp: RsvpValue | null;
  authorName: string | null;
  /** The author's name, else the source host, else "Someone". */
  authorDisplayName: string;
  /** First letter of the display name, for a face without a photo. */
  authorInitial: string;
  authorUrl: string | null;
  /** The author photo, only when http(s) (after `mediaUrl`). */
  photo: string | null;
  avatarSize: number;
  sourceUrl: string | null;
  sourceHost: string | null;
  /** The entry's own http(s) URL, else the source. */
  entryUrl: string | null;
  /** Where a face links: the author, else the entry. */
  faceUrl: string | null;
  /** The source host when it differs from the entry URL's host (e.g. a Bridgy copy). */
  viaHost: string | null;
  targetUrl: string | null;
  /** Epoch milliseconds of the shown date, for ordering. */
  timestamp: number | null;
  isoDate: string | null;
  humanDate: string | null;
  /** The entry title, only when it does not merely repeat the content. */
  title: string | null;
  /** Content HTML sanitised again at render time; null when absent or too long. */
  contentHtml: string | null;
  /** Plain-text content (cut when too long); null when `contentHtml` is shown. */
  contentText: string | null;
  hasContent: boolean;
  /** The entry's photos shown as thumbnails: http(s) only, after `mediaUrl`, none already shown in `contentHtml`. */
  photos: PhotoView[];
  hasPhotos: boolean;
  /**
   * The entry's video and audio URLs (http(s) only), shown as links rather than players.
   * NOTE: a player would make every visitor's browser contact the stranger's server; a link does so only when followed.
   */
  videos: string[];
  audios: string[];
  hasAv: boolean;
  /** Thumbnail width and height, in CSS pixels. */
  thumbnailSize: number;
  truncated: boolean;
  alsoLiked: boolean;
  alsoReposted: boolean;
  alsoBookmarked: boolean;
  hasAlso: boolean;
}

/** Default of {@link ViewModelOptions.maxContentChars}. */
export const DEFAULT_MAX_CONTENT_CHARS = 2000;
/** Default of {@link ViewModelOptions.avatarSize}. */
export const DEFAULT_AVATAR_SIZE = 48;
/** Default of {@link ViewModelOptions.thumbnailSize}. */
export const DEFAULT_THUMBNAIL_SIZE = 160;
/** Most photo thumbnails shown for one mention. */
export const MAX_PHOTOS_SHOWN = 10;

/** The display kind of a mention: its type, with an RSVP lacking a known answer shown as a plain mention. */
export function mentionKind(m: RenderableWebmention): MentionType {
  const type = KINDS.find((k) => k === m.mentionType) ?? 'mention';
  return type === 'rsvp' && rsvpOf(m) === null ? 'mention' : type;
}

function rsvpOf(m: RenderableWebmention): RsvpValue | null {
  const value = typeof m.rsvp === 'string' ? m.rsvp.trim().toLowerCase() : '';
  return RSVP_ORDER.find((r) => r === value) ?? null;
}

/** False for a mention whose `status` or `moderation`, when given, is not `verified` / `approved`. */
export function isDisplayable(m: RenderableWebmention): boolean {
  if (m === null || typeof m !== 'object' || typeof m.sourceUrl !== 'string') return false;
  const statusOk = m.status === undefined || m.status === null || m.status === 'verified';
  const moderationOk = m.moderation === undefined || m.moderation === null || m.moderation === 'approved';
  return statusOk && moderationOk;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? tidyText(value) : null;
}

function photoUrl(raw: unknown, mediaUrl: ViewModelOptions['mediaUrl']): string | null {
  const photo = httpUrl(raw);
  return photo !== null && mediaUrl ? httpUrl(mediaUrl(photo)) : photo;
}

interface ContentView {
  contentHtml: string | null;
  contentText: string | null;
  truncated: boolean;
}

function contentView(
  m: RenderableWebmention,
  base: string,
  max: number,
  mediaUrl: ViewModelOptions['mediaUrl'],
): ContentView {
  const plain = text(m.content) ?? '';
  let html = typeof m.contentHtml === 'string' ? m.contentHtml : '';
  if (html.trim() !== '' && mediaUrl) html = rewriteImageSources(html, base, mediaUrl);
  // NOTE: stored HTML was sanitised at verification; sanitising again here keeps the output safe even if
  // the row was written by other code or the sanitiser's policy has tightened since.
  const clean = html.trim() === '' ? '' : sanitizeContentHtml(html, base);
  if (clean !== '') {
    const shown = htmlText(clean);
    if (shown.length <= max) return { contentHtml: clean, contentText: null, truncated: false };
    // NOTE: cutting HTML safely needs a tree walk; the cut plain text is simpler and cannot break markup.
    return { contentHtml: null, contentText: cutText(plain !== '' ? plain : shown, max).text, truncated: true };
  }
  if (plain === '') return { contentHtml: null, contentText: null, truncated: false };
  const cut = cutText(plain, max);
  return { contentHtml: null, contentText: cut.text, truncated: cut.truncated };
}

/** The `<img src>` values of sanitised content HTML. */
function imageSources(html: string): Set<string> {
  const sources = new Set<string>();
  if (!/<img/i.test(html)) return sources;
  for (const el of walkElements(parseHtmlFragment(html), { maxNodes: 20_000 })) {
    const src = el.tagName === 'img' ? attr(el, 'src') : undefined;
    if (src !== undefined) sources.add(src);
  }
  return sources;
}

/**
 * The entry's photos to show as thumbnails, each once, without those the shown content HTML already has.
 * NOTE: verification already keeps the entry's photo out of its content; this also holds for rows written otherwise.
 */
function photoViews(
  m: RenderableWebmention,
  shownHtml: string | null,
  mediaUrl: ViewModelOptions['mediaUrl'],
): PhotoView[] {
  const stored = m.photos ?? m.photo;
  if (!Array.isArray(stored)) return [];
  const inline = shownHtml === null ? new Set<string>() : imageSources(shownHtml);
  const views: PhotoView[] = [];
  for (const item of stored as readonly StoredPhoto[]) {
    if (views.length >= MAX_PHOTOS_SHOWN) break;
    const raw = typeof item === 'string' ? item : item?.url;
    const url = photoUrl(raw, mediaUrl);
    if (url === null || inline.has(url) || views.some((v) => v.url === url)) continue;
    const alt = typeof item === 'object' && item !== null ? text(item.alt) : null;
    views.push({ url, alt: alt ?? '' });
  }
  return views;
}

function squash(value: string): string {
  return value.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The content part of a view model: the costly one (HTML is sanitised again), so computed only for what is shown. */
export type ContentFields = Pick<
  WebmentionViewModel,
  | 'title'
  | 'contentHtml'
  | 'contentText'
  | 'hasContent'
  | 'truncated'
  | 'photos'
  | 'hasPhotos'
  | 'videos'
  | 'audios'
  | 'hasAv'
>;

const NO_CONTENT: Omit<ContentFields, 'photos' | 'videos' | 'audios'> = {
  title: null,
  contentHtml: null,
  contentText: null,
  hasContent: false,
  truncated: false,
  hasPhotos: false,
  hasAv: false,
};

/** Computes the content fields of a mention: re-sanitised HTML or (cut) text, and the title when it adds something. */
export function contentFields(m: RenderableWebmention, options: ViewModelOptions = {}): ContentFields {
  const max = Math.max(1, options.maxContentChars ?? DEFAULT_MAX_CONTENT_CHARS);
  const sourceUrl = httpUrl(m.sourceUrl);
  const content = contentView(m, sourceUrl ?? httpUrl(m.url) ?? '', max, options.mediaUrl);
  const title = text(m.title);
  const shownText = content.contentText ?? (content.contentHtml !== null ? htmlText(content.contentHtml) : '');
  const photos = photoViews(m, content.contentHtml, options.mediaUrl);
  const videos = mediaLinks(m.videos ?? m.video);
  const audios = mediaLinks(m.audios ?? m.audio);
  return {
    // NOTE: parsers imply a name from the content, so a title that only repeats the content is dropped.
    title: title !== null && !squash(shownText).startsWith(squash(title).replace(/…$/, '')) ? title : null,
    ...content,
    hasContent: content.contentHtml !== null || content.contentText !== null,
    photos,
    hasPhotos: photos.length > 0,
    videos,
    audios,
    hasAv: videos.length + audios.length > 0,
  };
}

/** The http(s) URLs of a stored list of video or audio URLs, each once, at most {@link MAX_PHOTOS_SHOWN}. */
function mediaLinks(stored: ReadonlyArray<unknown> | null | undefined): string[] {
  if (!Array.isArray(stored)) return [];
  const urls = stored.map((u) => httpUrl(u)).filter((u): u is string => u !== null);
  return [...new Set(urls)].slice(0, MAX_PHOTOS_SHOWN);
}

/** Normalises one mention without its content (content fields empty): all a facepile face needs. */
export function toFaceViewModel(m: RenderableWebmention, options: ViewModelOptions = {}): WebmentionViewModel {
  const kind = mentionKind(m);
  const sourceUrl = httpUrl(m.sourceUrl);
  const ownUrl = httpUrl(m.url);
  const entryUrl = ownUrl ?? sourceUrl;
  const sourceHost = sourceUrl === null ? null : hostOf(sourceUrl);
  const entrySite = ownUrl === null ? null : siteKey(ownUrl);
  const viaHost = sourceHost !== null && entrySite !== null && siteKey(sourceUrl!) !== entrySite ? sourceHost : null;
  const authorName = text(m.authorName);
  const authorDisplayName = authorName ?? sourceHost ?? 'Someone';
  const authorUrl = httpUrl(m.authorUrl);
  const date = toDate(m.published) ?? toDate(m.createdAt) ?? toDate(m.verifiedAt);
  return {
    id: m.id === undefined || m.id === null ? null : String(m.id),
    kind,
    isReply: kind === 'reply',
    rsvp: kind === 'rsvp' ? rsvpOf(m) : null,
    authorName,
    authorDisplayName,
    authorInitial: (Array.from(authorDisplayName)[0] ?? '?').toUpperCase(),
    authorUrl,
    photo: photoUrl(m.authorPhoto, options.mediaUrl),
    avatarSize: Math.max(1, Math.round(options.avatarSize ?? DEFAULT_AVATAR_SIZE)),
    thumbnailSize: Math.max(1, Math.round(options.thumbnailSize ?? DEFAULT_THUMBNAIL_SIZE)),
    sourceUrl,
    sourceHost,
    entryUrl,
    faceUrl: authorUrl ?? entryUrl,
    viaHost,
    targetUrl: text(m.targetUrl),
    timestamp: date === null ? null : date.getTime(),
    isoDate: date === null ? null : date.toISOString(),
    humanDate: date === null ? null : humanDate(date),
    ...NO_CONTENT,
    photos: [],
    videos: [],
    audios: [],
    alsoLiked: false,
    alsoReposted: false,
    alsoBookmarked: false,
    hasAlso: false,
  };
}

/** Normalises one mention for the templates, content included (no grouping: the `also*` marks start false). */
export function toViewModel(m: RenderableWebmention, options: ViewModelOptions = {}): WebmentionViewModel {
  return { ...toFaceViewModel(m, options), ...contentFields(m, options) };
}
