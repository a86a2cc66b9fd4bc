/** Reading microformats2 from source documents: entry choice, post type, content, media, author, dates. */
export {
  interpretMention,
  interpretDocument,
  htmlPageView,
  nameRepeatsContent,
  readParsedPage,
} from './mention-content';
export type { InterpretContext, PageView } from './mention-content';
export type { ParsedPage } from './types';
export { chooseEntry, refersToTarget, selectEntry } from './entry-choice';
export type { EntryChoice, EntryChoiceInput, EntryChoiceRule } from './entry-choice';
export { targetPlacement } from './target-placement';
export type { TargetPlacement } from './target-placement';
export { entryBody, readHtmlValue, MAX_CONTENT_TEXT } from './entry-content';
export type { EntryBody, EntryBodyOptions } from './entry-content';
export { emptyMedia, entryMedia, removePhotos, MAX_MEDIA_PER_KIND } from './entry-media';
export { interpretMf2Json, isMf2Json, mf2JsonAlternate, parseMf2Json, MF2_JSON_MEDIA_TYPE } from './mf2-json';
export { representativeHCard, resolveAuthor, hCardToAuthor, findHCardForUrl, sameProfileUrl } from './author';
export type { ResolvedAuthor } from './author';
export { authorPageToConfirm, authorshipCheck, withAuthorPageCard } from './authorship';
export type { AuthorshipVerdict } from './authorship';
export { sanitizeContentHtml, LINK_REL } from './sanitize-content-html';
export { parseMf2Date } from './mf2-date';
export type { Mf2Date } from './mf2-date';
export { parseMicroformats } from './parse-microformats';
export { discoverMentionType, rsvpValue, REFERENCE_PROPERTIES } from './post-type';
export { buildEntrySnapshot } from './entry-snapshot';
export type { SnapshotDates } from './entry-snapshot';
export type {
  InterpretMentionInput,
  MentionAuthor,
  MentionContent,
  MentionMedia,
  MentionPhoto,
  MentionType,
  MicroformatProperty,
  MicroformatRoot,
  ParsedDocument,
  RsvpValue,
} from './types';
