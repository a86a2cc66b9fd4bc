/** An entry's own media (`u-photo`, `u-video`, `u-audio`), and keeping its photos out of its content. */
import { defaultTreeAdapter } from 'parse5';
import { attr, resolveUrl, walkElements, type HtmlElement, type HtmlParentNode } from '../html';
import { absoluteHttpUrl, capText, isItem, normalizeWhitespace, propValues, textOf } from './mf2-values';
import type { MentionMedia, MentionPhoto, MicroformatProperty, MicroformatRoot } from './types';

/** Most photos, videos and audio files kept per entry (each). */
export const MAX_MEDIA_PER_KIND = 10;
/** Longest media URL kept. */
export const MAX_MEDIA_URL = 2048;
/** Longest photo alternative text kept. */
export const MAX_PHOTO_ALT = 500;
/** Most nodes inspected when removing photos from one content fragment. */
const MAX_NODES = 50_000;
/** Elements that only wrap an image and go with it when nothing else is left in them. */
const WRAPPERS: ReadonlySet<string> = new Set(['a', 'figure', 'picture', 'p', 'span', 'div']);
/** Most images removed from one fragment. */
const MAX_REMOVED = 100;
const VISIBLE_MEDIA: ReadonlySet<string> = new Set(['img', 'video', 'audio']);

/** A media list with nothing in it. */
export function emptyMedia(): MentionMedia {
  return { photo: [], video: [], audio: [] };
}

/** The URL of a media value (a string, an `{value, alt}` image, or a nested item's value), if http(s) and short. */
function mediaUrl(value: MicroformatProperty): string | null {
  const text = isItem(value) ? textOf(value.value) : textOf(value);
  const url = absoluteHttpUrl(text);
  return url !== null && url.length <= MAX_MEDIA_URL ? url : null;
}

function altOf(value: MicroformatProperty): string | null {
  if (typeof value !== 'object' || value === null || isItem(value)) return null;
  const alt = (value as { alt?: unknown }).alt;
  if (typeof alt !== 'string') return null;
  const text = capText(normalizeWhitespace(alt), MAX_PHOTO_ALT);
  return text === '' ? null : text;
}

function urls(entry: MicroformatRoot, property: string): string[] {
  const out = new Set<string>();
  for (const v of propValues(entry, property)) {
    if (out.size >= MAX_MEDIA_PER_KIND) break;
    const url = mediaUrl(v);
    if (url !== null) out.add(url);
  }
  return [...out];
}

/**
 * The entry's `photo` (with `alt`), `video` and `audio` values as absolute http(s) URLs, in page order, each URL
 * once, at most {@link MAX_MEDIA_PER_KIND} of each; anything else (relative, `data:`, `javascript:`) is left out.
 */
export function entryMedia(entry: MicroformatRoot): MentionMedia {
  const photo: MentionPhoto[] = [];
  for (const v of propValues(entry, 'photo')) {
    if (photo.length >= MAX_MEDIA_PER_KIND) break;
    const url = mediaUrl(v);
    if (url === null) continue;
    const alt = altOf(v);
    const seen = photo.find((p) => p.url === url);
    if (seen) seen.alt ??= alt;
    else photo.push({ url, alt });
  }
  return { photo, video: urls(entry, 'video'), audio: urls(entry, 'audio') };
}

function hasVisibleContent(element: HtmlElement): boolean {
  const stack = [...element.childNodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeName === '#text' && 'value' in node && node.value.trim() !== '') return true;
    if (!('tagName' in node)) continue;
    if (VISIBLE_MEDIA.has(node.tagName)) return true;
    stack.push(...node.childNodes);
  }
  return false;
}

/**
 * Removes from a parsed content fragment every `<img>` whose source (resolved against `baseUrl`) is one of
 * `photoUrls`, with the link, figure or paragraph that held only it. Returns how many images were removed.
 * NOTE: a photo post's picture is shown once, as media; repeated inline it would show twice and its alt would be
 * read twice.
 */
export function removePhotos(fragment: HtmlParentNode, photoUrls: ReadonlySet<string>, baseUrl: string): number {
  if (photoUrls.size === 0) return 0;
  const doomed: HtmlElement[] = [];
  for (const el of walkElements(fragment, { maxNodes: MAX_NODES })) {
    if (el.tagName !== 'img') continue;
    const src = attr(el, 'src');
    const resolved = src === undefined ? null : resolveUrl(src.trim(), baseUrl);
    if (resolved !== null && photoUrls.has(resolved)) doomed.push(el);
    if (doomed.length >= MAX_REMOVED) break;
  }
  for (const img of doomed) {
    let node: HtmlElement = img;
    let parent = node.parentNode;
    defaultTreeAdapter.detachNode(node);
    while (parent && parent !== fragment && 'tagName' in parent && WRAPPERS.has(parent.tagName)) {
      if (hasVisibleContent(parent)) break;
      node = parent;
      parent = node.parentNode;
      defaultTreeAdapter.detachNode(node);
    }
  }
  return doomed.length;
}
