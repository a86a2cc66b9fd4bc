import { parseHtml, type HtmlDocument } from '../html';
import { hostOf } from '../url/host';
import { resolveAuthor } from './author';
import { entryBody } from './entry-content';
import { selectEntry, type EntryChoiceInput } from './entry-choice';
import { emptyMedia, entryMedia } from './entry-media';
import { buildEntrySnapshot } from './entry-snapshot';
import { pageTitle } from './html-text';
import { parseMf2Date } from './mf2-date';
import type { Mf2Date } from './mf2-date';
import { capText, firstHttpUrl, firstText, normalizeWhitespace } from './mf2-values';
import { needsRepair, parseMicroformats, repairForParser } from './parse-microformats';
import { discoverMentionType } from './post-type';
import { targetPlacement } from './target-placement';
import type {
  InterpretMentionInput,
  MentionContent,
  MicroformatRoot,
  ParsedDocument,
  ParsedPage,
  ParserInput,
} from './types';

// NOTE: moved to their own files; re-exported so existing imports keep working.
export { chooseEntry, refersToTarget, selectEntry } from './entry-choice';
export { MAX_CONTENT_TEXT } from './entry-content';

/** Longest entry title kept. */
export const MAX_ENTRY_TITLE = 500;

/** The URLs an interpretation needs: where the document came from and what it should mention. */
export type InterpretContext = Pick<InterpretMentionInput, 'baseUrl' | 'sourceUrl' | 'targetUrl'>;

/** What the page around the microformats says, for HTML sources (mf2 JSON has no page). */
export interface PageView {
  /** The page's `<title>` or og:title. */
  title(): string | null;
  /** Where the page's links to the target are. */
  placement: NonNullable<EntryChoiceInput['placement']>;
}

/** A view of an HTML page, parsed once and only when something asks. */
export function htmlPageView(html: string, ctx: InterpretContext): PageView {
  let dom: HtmlDocument | undefined;
  const document = (): HtmlDocument => (dom ??= parseHtml(html));
  return {
    title: () => (html.trim() === '' ? null : pageTitle(document())),
    placement: () => targetPlacement(document(), ctx.baseUrl, ctx.targetUrl),
  };
}

/**
 * What is read of an already parsed page before the microformats parser runs: its title, where its links to the
 * target sit and, when it needs one, the repair the parser is given ({@link repairForParser}, which rewrites the
 * tree: so it comes last). Nothing of the tree is kept, so the caller can let it go before the parser builds its own.
 */
export function readParsedPage(document: HtmlDocument, html: string, ctx: InterpretContext): ParsedPage {
  const title = html.trim() === '' ? null : pageTitle(document);
  const placement = targetPlacement(document, ctx.baseUrl, ctx.targetUrl);
  let parserInput: ParserInput | undefined;
  try {
    parserInput = needsRepair(html) ? repairForParser(document, ctx.baseUrl) : undefined;
  } catch {
    // NOTE: parseMicroformats tries the repair again from the string, and gives up as it always did.
  }
  return { title, placement, parserInput };
}

/**
 * True when the name only repeats the start of the content (prefix, whitespace ignored), which is how notes get an
 * implied or generated name. A trailing ellipsis on the name is ignored.
 * NOTE: whitespace is ignored altogether because the parser's text glues blocks ("HelloWorld") that ours separates.
 */
export function nameRepeatsContent(name: string, content: string): boolean {
  const squash = (s: string) => normalizeWhitespace(s).replace(/\s+/g, '');
  const n = squash(name.trim().replace(/\s*(…|\.\.\.)$/, ''));
  return n === '' || squash(content).startsWith(n);
}

function readDate(entry: MicroformatRoot, property: string): { raw: string | null; parsed: Mf2Date | null } {
  const raw = firstText(entry, property);
  return { raw, parsed: raw === null ? null : parseMf2Date(raw) };
}

/** A plain mention from the page itself: its title, and its author when the page's microformats name one. */
function pageMention(doc: ParsedDocument | null, ctx: InterpretContext, page: PageView | null): MentionContent {
  const hostName = hostOf(ctx.sourceUrl) ?? hostOf(ctx.baseUrl);
  // NOTE: an entry-less item as the "entry" lets the author chain look at page-level h-cards and rel=author only.
  const fromPage =
    doc === null || doc.items.length === 0
      ? null
      : resolveAuthor(doc, { type: [], properties: {} }, ctx.baseUrl, ctx.sourceUrl);
  const found = fromPage !== null && (fromPage.author.name !== null || fromPage.author.url !== null);
  return {
    mentionType: 'mention',
    rsvp: null,
    title: page?.title() ?? null,
    content: null,
    contentHtml: null,
    media: emptyMedia(),
    url: null,
    published: null,
    updated: null,
    author: found ? fromPage.author : { name: hostName, url: null, photo: null },
    authorPageToFetch: found ? fromPage.authorPageToFetch : null,
    entry: null,
    hasMicroformats: doc !== null && doc.items.length > 0,
  };
}

/**
 * Reads what a parsed document says about its mention of the target: the chosen entry's type (Post Type Discovery),
 * text, sanitised HTML and media, title, URL, dates, author and a snapshot. Without an entry (no microformats, no
 * h-entry, or links to the target only outside every entry) it is a plain `mention` from the page.
 * This is the one interpretation; HTML and mf2 JSON sources differ only in how they are parsed.
 */
export function interpretDocument(
  doc: ParsedDocument | null,
  ctx: InterpretContext,
  page: PageView | null,
): MentionContent {
  const choice = doc === null ? null : selectEntry(doc, { ...ctx, placement: page?.placement });
  const entry = choice?.entry ?? null;
  if (doc === null || entry === null) return pageMention(doc, ctx, page);

  const { mentionType, rsvp } = discoverMentionType(entry, ctx.targetUrl);
  const media = entryMedia(entry);
  const body = entryBody(entry, { baseUrl: ctx.baseUrl, photoUrls: new Set(media.photo.map((p) => p.url)) });
  const name = firstText(entry, 'name');
  const repeats =
    name !== null &&
    ((body.text !== null && nameRepeatsContent(name, body.text)) ||
      (body.parserText !== null && nameRepeatsContent(name, body.parserText)));
  const title = name === null || body.fromName || repeats ? null : capText(name, MAX_ENTRY_TITLE);
  const published = readDate(entry, 'published');
  const updated = readDate(entry, 'updated');
  const { author, authorPageToFetch } = resolveAuthor(doc, entry, ctx.baseUrl, ctx.sourceUrl);

  return {
    mentionType,
    rsvp,
    title,
    content: body.text,
    contentHtml: body.html,
    media,
    url: firstHttpUrl(entry, 'url'),
    published: published.parsed?.date ?? null,
    updated: updated.parsed?.date ?? null,
    author,
    authorPageToFetch,
    entry: buildEntrySnapshot(entry, {
      publishedRaw: published.raw,
      publishedTimezoneAssumed: published.parsed?.timezoneAssumed ?? false,
      updatedRaw: updated.raw,
      updatedTimezoneAssumed: updated.parsed?.timezoneAssumed ?? false,
    }),
    hasMicroformats: true,
  };
}

/**
 * Reads what a fetched HTML source says about its mention of the target (see {@link interpretDocument}).
 * Pages without microformats (or without an entry that is the response) become a plain `mention` titled from the page.
 * With `input.page` ({@link readParsedPage} of the tree the link check parsed) the page is not parsed again by us.
 */
export function interpretMention(input: InterpretMentionInput): MentionContent {
  const html = typeof input.html === 'string' ? input.html : '';
  const ctx: InterpretContext = { baseUrl: input.baseUrl, sourceUrl: input.sourceUrl, targetUrl: input.targetUrl };
  const page = typeof input.html === 'string' ? input.page : undefined;
  const view: PageView = page ? { title: () => page.title, placement: () => page.placement } : htmlPageView(html, ctx);
  return interpretDocument(parseMicroformats(html, input.baseUrl, page?.parserInput), ctx, view);
}
