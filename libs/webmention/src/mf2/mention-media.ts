/** Which remote media a stored mention shows: its author photo and the images of its content. */
import { attr, parseHtmlFragment, walkElements } from '../html';
import { mediaUrlForm } from '../url/media-key';

/** Most media URLs recorded for one mention; images past it are not proxied. */
export const MAX_MEDIA_PER_MENTION = 50;
/** Longest media URL recorded (the column's length). */
export const MAX_MEDIA_URL_LENGTH = 2048;
/** Most nodes inspected in one content fragment. */
const MAX_NODES = 20_000;

/** The fields of a stored mention that name media. */
export interface MentionMediaFields {
  authorPhoto?: string | null;
  /** The entry's own photos (`u-photo`), as URLs or `{ url }` objects. */
  photos?: ReadonlyArray<string | { url: string }> | null;
  contentHtml?: string | null;
}

/**
 * The absolute http(s) URLs of the author photo, the entry's photos and every `<img src>` in the (sanitised) content
 * HTML, in that order, serialised, without duplicates, at most {@link MAX_MEDIA_PER_MENTION}.
 * NOTE: relative sources are skipped: stored content HTML was sanitised with its URLs resolved, and a relative one
 * here would resolve against our own origin, not the source's.
 */
export function mentionMediaUrls(fields: MentionMediaFields): string[] {
  const urls = new Set<string>();
  const add = (value: string | null | undefined): void => {
    const url = mediaUrlForm(value);
    if (url !== null && url.length <= MAX_MEDIA_URL_LENGTH && urls.size < MAX_MEDIA_PER_MENTION) urls.add(url);
  };
  add(fields.authorPhoto);
  for (const photo of fields.photos ?? []) add(typeof photo === 'string' ? photo : photo?.url);
  const html = fields.contentHtml;
  if (typeof html === 'string' && /<img/i.test(html)) {
    for (const el of walkElements(parseHtmlFragment(html), { maxNodes: MAX_NODES })) {
      if (el.tagName === 'img') add(attr(el, 'src'));
    }
  }
  return [...urls];
}
