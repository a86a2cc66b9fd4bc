/**
 * Authorship spoofing: an entry may name anyone as its author. A claim of an author on another site is believed only
 * when that author's own page confirms it (IndieWeb authorship; the check of the archived Nucleus webmention plugin:
 * fetch the claimed author URL's h-card, flag the mention when there is none or its name does not match).
 */
import { siteKey } from '../url/host';
import { capText, normalizeWhitespace } from './mf2-values';
import type { MentionAuthor } from './types';

/** The outcome of {@link authorshipCheck}: `reason` says why a claim is not believed, null when it is. */
export interface AuthorshipVerdict {
  verified: boolean;
  reason: string | null;
}

const VERIFIED: AuthorshipVerdict = { verified: true, reason: null };

/** Longest reason kept. */
export const MAX_AUTHORSHIP_REASON = 500;

function comparableName(name: string | null): string | null {
  if (name === null) return null;
  const text = normalizeWhitespace(name.normalize('NFKC')).toLowerCase();
  // NOTE: the author chain names a bare author URL after itself (capped); that is no name to confirm.
  if (text === '' || /^https?:\/\//.test(text)) return null;
  return text;
}

function refused(reason: string): AuthorshipVerdict {
  return { verified: false, reason: capText(reason, MAX_AUTHORSHIP_REASON) };
}

/**
 * The author page that must confirm the claimed author: the claimed `url` when it is on another site than the source
 * (host without `www.`, port included), else null (a site speaks for itself; a name without a URL claims no page).
 */
export function authorPageToConfirm(claimed: MentionAuthor, sourceUrl: string): string | null {
  if (claimed.url === null) return null;
  const source = siteKey(sourceUrl);
  return source !== null && siteKey(claimed.url) === source ? null : claimed.url;
}

/**
 * Whether the claimed author is believed. Verified when the claim names no URL, or a URL on the source's own site;
 * otherwise only when `authorPageCard` (the representative h-card of the fetched author page, null when there is none
 * or the page could not be fetched) exists and carries the claimed name (compared case- and whitespace-insensitively;
 * a claim without a name of its own is confirmed by any representative h-card).
 */
export function authorshipCheck(
  claimed: MentionAuthor,
  sourceUrl: string,
  authorPageCard: MentionAuthor | null,
): AuthorshipVerdict {
  const page = authorPageToConfirm(claimed, sourceUrl);
  if (page === null) return VERIFIED;
  if (siteKey(page) === null) return refused(`the author URL ${page} is not an http(s) URL`);
  if (authorPageCard === null) return refused(`the author page ${page} has no representative h-card`);
  const wanted = comparableName(claimed.name);
  if (wanted === null) return VERIFIED;
  const found = comparableName(authorPageCard.name);
  if (found === null) return refused(`the representative h-card on ${page} has no name to confirm "${claimed.name}"`);
  if (found !== wanted) return refused(`the author page ${page} names "${authorPageCard.name}", not "${claimed.name}"`);
  return VERIFIED;
}

/**
 * The author completed from the representative h-card of its page: the card's name, URL and photo win where it has
 * them (the author's own page is the better source), the claimed values fill the gaps. Unchanged without a card.
 */
export function withAuthorPageCard(author: MentionAuthor, card: MentionAuthor | null): MentionAuthor {
  if (card === null) return author;
  return { name: card.name ?? author.name, url: card.url ?? author.url, photo: card.photo ?? author.photo };
}
