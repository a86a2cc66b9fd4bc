/** Reading microformats2 from source documents: entry choice, post type, content, author, dates. */
export { interpretMention, chooseEntry, refersToTarget, nameRepeatsContent } from './mention-content';
export { representativeHCard, resolveAuthor, hCardToAuthor, findHCardForUrl } from './author';
export type { ResolvedAuthor } from './author';
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
  MentionType,
  MicroformatProperty,
  MicroformatRoot,
  ParsedDocument,
  RsvpValue,
} from './types';
