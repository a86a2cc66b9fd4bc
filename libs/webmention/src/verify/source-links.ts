/** Decides whether a fetched source document links to a Webmention target. */
import {
  documentBaseUrl,
  estimateParseCosts,
  HTML_PARSE_BUDGET,
  MF2_PROPERTY_BUDGET,
  isHtmlMediaType,
  isJsonMediaType,
  isTextMediaType,
  linkRefs,
  parseHtml,
  resolveUrl,
  walkElements,
  type HtmlDocument,
} from '../html';
import { matchKey } from '../url/url-match';

/** How a source document is inspected, chosen from its media type. */
export type SourceKind = 'html' | 'json' | 'text' | 'unsupported';

/** A fetched source document. */
export interface SourceDocument {
  /** Decoded body text. */
  body: string;
  /** Value of the Content-Type response header. */
  contentType: string;
  /** Final URL the body was fetched from, used to resolve relative links. */
  baseUrl: string;
}

/** Outcome of {@link findTargetLinks}. */
export interface SourceLinkResult {
  kind: SourceKind;
  linked: boolean;
  /**
   * Why HTML was not parsed: its estimated parse cost, or the cost of reading its microformats, exceeds what is
   * allowed (html/parse-budget, {@link MicroformatsLimits}).
   */
  tooComplex?: string;
}

/** Caps on a source's microformats, checked before it is parsed (the module's `mf2.maxItems`, `mf2.maxNesting`). */
export interface MicroformatsLimits {
  maxItems: number;
  maxNesting: number;
}

/** The defaults of {@link MicroformatsLimits}. */
export const DEFAULT_MICROFORMATS_LIMITS: MicroformatsLimits = { maxItems: 2000, maxNesting: 32 };

/** Why an HTML source is too costly to parse and read, or null when it is within the budgets and caps. */
export function tooComplexReason(html: string, limits: MicroformatsLimits): string | null {
  const costs = estimateParseCosts(html, Math.max(HTML_PARSE_BUDGET, MF2_PROPERTY_BUDGET));
  if (costs.tree > HTML_PARSE_BUDGET) return 'the source document is too complex to parse';
  if (costs.properties > MF2_PROPERTY_BUDGET) {
    return 'the source nests too much content in its microformats properties to read them';
  }
  if (costs.items > limits.maxItems) {
    return `the source has more than ${limits.maxItems} microformats items (mf2.maxItems)`;
  }
  if (costs.nesting > limits.maxNesting) {
    return `the source nests microformats deeper than ${limits.maxNesting} levels (mf2.maxNesting)`;
  }
  return null;
}

/** Maximum nesting depth walked in a JSON document. */
export const JSON_MAX_DEPTH = 64;
/** Maximum number of JSON values visited. */
export const JSON_MAX_NODES = 100_000;

/** Inspection kind for a Content-Type value; parameters and case are ignored. */
export function sourceKind(contentType: string): SourceKind {
  if (isHtmlMediaType(contentType)) return 'html';
  if (isJsonMediaType(contentType)) return 'json';
  if (isTextMediaType(contentType)) return 'text';
  return 'unsupported';
}

/** Whether the source document links to `targetUrl` under the canonical matching policy. */
export function findTargetLinks(
  doc: SourceDocument,
  targetUrl: string,
  limits: MicroformatsLimits = DEFAULT_MICROFORMATS_LIMITS,
): SourceLinkResult {
  const kind = sourceKind(doc.contentType);
  // NOTE: the target key is computed once; comparing keys is exactly `urlsMatch` without re-parsing the target.
  const targetKey = matchKey(targetUrl);
  if (kind === 'unsupported' || targetKey === null || typeof doc.body !== 'string') return { kind, linked: false };
  switch (kind) {
    case 'html':
      return readHtmlLinks(doc, targetUrl, limits).found;
    case 'json':
      return { kind, linked: jsonLinksTo(doc.body, targetKey) };
    case 'text':
      return { kind, linked: textLinksTo(doc.body, targetUrl, targetKey) };
  }
}

/** The link check of an HTML source, and its one parse, for what else reads the page. */
export interface HtmlLinks {
  found: SourceLinkResult;
  /** The parsed page; null when it was refused before parsing (too complex). */
  document: HtmlDocument | null;
}

/**
 * Whether the HTML document links to `targetUrl` (after the cost estimate), with the parsed page handed back so it is
 * parsed once: the microformats are read from the same tree.
 */
export function readHtmlLinks(
  doc: SourceDocument,
  targetUrl: string,
  limits: MicroformatsLimits = DEFAULT_MICROFORMATS_LIMITS,
): HtmlLinks {
  const targetKey = matchKey(targetUrl);
  if (targetKey === null || typeof doc.body !== 'string')
    return { found: { kind: 'html', linked: false }, document: null };
  const tooComplex = tooComplexReason(doc.body, limits);
  if (tooComplex) return { found: { kind: 'html', linked: false, tooComplex }, document: null };
  const document = parseHtml(doc.body, { scriptingEnabled: true });
  return { found: { kind: 'html', linked: htmlLinksTo(document, doc.baseUrl, targetKey) }, document };
}

function htmlLinksTo(document: HtmlDocument, baseUrl: string, targetKey: string): boolean {
  let base: string | null | undefined;
  // NOTE: SVG links count too; nothing inside script, style, template or noscript does.
  for (const el of walkElements(document, { foreign: true, skipOpaque: true })) {
    for (const ref of linkRefs(el)) {
      if (base === undefined) base = documentBaseUrl(document, baseUrl);
      if (matchKey(resolveUrl(ref, base) ?? '') === targetKey) return true;
    }
  }
  return false;
}

const MAX_URL_CANDIDATE_LENGTH = 8192;

/** True when `value` looks like an absolute http(s) URL whose key equals `targetKey`. */
function stringMatches(value: string, targetKey: string): boolean {
  return value.length <= MAX_URL_CANDIDATE_LENGTH && /^\s*https?:/i.test(value) && matchKey(value) === targetKey;
}

function jsonLinksTo(body: string, targetKey: string): boolean {
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch {
    return false;
  }
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  let visited = 0;
  while (stack.length > 0 && visited < JSON_MAX_NODES) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    visited++;
    if (typeof value === 'string') {
      if (stringMatches(value, targetKey)) return true;
    } else if (value !== null && typeof value === 'object' && depth < JSON_MAX_DEPTH) {
      const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
      for (let i = children.length - 1; i >= 0; i--) stack.push({ value: children[i], depth: depth + 1 });
    }
  }
  return false;
}

const TEXT_URL = /https?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = '.,;:!?)]}';

/**
 * `candidate` without trailing punctuation.
 * NOTE: not `replace(/[.,;:!?)\]}]+$/, '')`: that regex is quadratic on a long inner run of punctuation.
 */
function trimTrailingPunctuation(candidate: string): string {
  let end = candidate.length;
  while (end > 0 && TRAILING_PUNCTUATION.includes(candidate[end - 1])) end--;
  return candidate.slice(0, end);
}

function textLinksTo(body: string, targetUrl: string, targetKey: string): boolean {
  for (const m of body.matchAll(TEXT_URL)) {
    const candidate = m[0];
    if (stringMatches(candidate, targetKey)) return true;
    const trimmed = trimTrailingPunctuation(candidate);
    if (trimmed !== candidate && stringMatches(trimmed, targetKey)) return true;
  }
  return containsWholeUrl(body, targetUrl.trim());
}

/**
 * True when `needle` occurs in `text` and is not immediately continued by more URL characters.
 * NOTE: without the boundary check `https://x.org/post` would be found inside `https://x.org/post-2`.
 */
function containsWholeUrl(text: string, needle: string): boolean {
  if (needle === '') return false;
  let from = 0;
  for (;;) {
    const at = text.indexOf(needle, from);
    if (at === -1) return false;
    const rest = text.slice(at + needle.length, at + needle.length + 2);
    if (rest === '' || /^[\s<>"'`)\]}]/.test(rest) || /^[.,;:!?](\s|$|[<>"'`)\]}])/.test(rest)) return true;
    from = at + 1;
  }
}
