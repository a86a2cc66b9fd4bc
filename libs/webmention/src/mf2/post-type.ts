import { urlsMatch } from '../url/url-match';
import { isItem, propValues, textOf } from './mf2-values';
import type { MentionType, MicroformatProperty, MicroformatRoot, RsvpValue } from './types';

/** Properties through which an entry can refer to another post. */
export const REFERENCE_PROPERTIES = [
  'in-reply-to',
  'like-of',
  'repost-of',
  'bookmark-of',
  'mention-of',
  'quotation-of',
] as const;

const RSVP_VALUES: readonly RsvpValue[] = ['yes', 'no', 'maybe', 'interested'];

/** URLs a property value names: the string itself, or a nested item's `url` values and `value`. */
export function referencedUrls(value: MicroformatProperty): string[] {
  if (isItem(value)) {
    const urls = propValues(value, 'url')
      .map(textOf)
      .filter((u): u is string => typeof u === 'string');
    const own = textOf(value.value);
    return own !== null ? [...urls, own] : urls;
  }
  const text = textOf(value);
  return text === null ? [] : [text.trim()];
}

/** True when any value of the entry's property refers to the target under the URL matching policy. */
export function propertyRefersTo(entry: MicroformatRoot, property: string, targetUrl: string): boolean {
  return propValues(entry, property).some((v) => referencedUrls(v).some((u) => urlsMatch(u, targetUrl)));
}

/** The entry's `rsvp` value when it is one of yes/no/maybe/interested (case-insensitive), else null. */
export function rsvpValue(entry: MicroformatRoot): RsvpValue | null {
  for (const v of propValues(entry, 'rsvp')) {
    const text = textOf(v)?.trim().toLowerCase();
    const valid = RSVP_VALUES.find((r) => r === text);
    if (valid) return valid;
  }
  return null;
}

/**
 * Classifies an entry's relation to the target, in IndieWeb Post Type Discovery order, each
 * step counting only when its property refers to the target under the URL matching policy:
 * 1. `rsvp` with a valid value (yes/no/maybe/interested) and `in-reply-to` the target → rsvp;
 * 2. `repost-of` → repost;
 * 3. `like-of` → like;
 * 4. `in-reply-to` → reply;
 * 5. `bookmark-of` → bookmark;
 * 6. otherwise → mention.
 */
export function discoverMentionType(
  entry: MicroformatRoot,
  targetUrl: string,
): { mentionType: MentionType; rsvp: RsvpValue | null } {
  const inReplyTo = propertyRefersTo(entry, 'in-reply-to', targetUrl);
  const rsvp = rsvpValue(entry);
  if (rsvp !== null && inReplyTo) return { mentionType: 'rsvp', rsvp };
  if (propertyRefersTo(entry, 'repost-of', targetUrl)) return { mentionType: 'repost', rsvp: null };
  if (propertyRefersTo(entry, 'like-of', targetUrl)) return { mentionType: 'like', rsvp: null };
  if (inReplyTo) return { mentionType: 'reply', rsvp: null };
  if (propertyRefersTo(entry, 'bookmark-of', targetUrl)) return { mentionType: 'bookmark', rsvp: null };
  return { mentionType: 'mention', rsvp: null };
}
