/** Sources that are microformats already: `application/mf2+json` documents and the alternates pages advertise. */
import { attr, documentBaseUrl, hrefOf, mediaType, parseHtml, relHasToken, resolveUrl, walkElements } from '../html';
import { interpretDocument, type InterpretContext } from './mention-content';
import { absoluteHttpUrl, MAX_ITEM_COUNT, MAX_ITEM_DEPTH } from './mf2-values';
import type { MentionContent, MicroformatProperty, MicroformatRoot, ParsedDocument } from './types';

/** The media type of microformats2 JSON. */
export const MF2_JSON_MEDIA_TYPE = 'application/mf2+json';
/** Longest JSON text parsed when {@link interpretMf2Json} is given text. */
export const MAX_MF2_JSON_TEXT = 4 * 1024 * 1024;
/** Most properties kept per item, values kept per property, and types kept per item. */
export const MAX_MF2_JSON_PROPERTIES = 100;
export const MAX_MF2_JSON_VALUES = 100;
const MAX_TYPES = 10;
/** Longest string value kept (HTML values have the sanitiser's own input cap on top). */
export const MAX_MF2_JSON_STRING = 512 * 1024;
const MAX_NAME = 100;
const MAX_RELS = 100;
/** Most nodes inspected when looking for the alternate link. */
const MAX_NODES = 50_000;

const TYPE_NAME = /^h-[a-z0-9]+(-[a-z0-9]+)*$/;
const PROPERTY_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// NOTE: relative references in these are resolved against the document URL, as the HTML parser does for u-* values.
const URL_PROPERTIES: ReadonlySet<string> = new Set([
  'url',
  'uid',
  'photo',
  'video',
  'audio',
  'logo',
  'featured',
  'in-reply-to',
  'like-of',
  'repost-of',
  'bookmark-of',
  'mention-of',
  'quotation-of',
  'syndication',
]);

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | null =>
  typeof value === 'string' ? value.slice(0, MAX_MF2_JSON_STRING) : null;

/** Normalises untrusted mf2 JSON into the parser's shape, dropping whatever does not fit it, within fixed bounds. */
class Mf2JsonReader {
  private items = 0;

  constructor(private readonly baseUrl: string) {}

  document(json: Json): ParsedDocument | null {
    if (!Array.isArray(json.items)) return null;
    const items = this.itemList(json.items, 1);
    // NOTE: null-prototype maps, so a `__proto__` key is data, never the object's prototype.
    const rels: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    if (isObject(json.rels)) {
      for (const name of Object.keys(json.rels).slice(0, MAX_RELS)) {
        const values = json.rels[name];
        if (name.length > MAX_NAME || name === '__proto__' || !Array.isArray(values)) continue;
        rels[name] = values
          .slice(0, MAX_MF2_JSON_VALUES)
          .map((v) => text(v))
          .filter((v): v is string => v !== null)
          .map((v) => this.resolve(v));
      }
    }
    return { items, rels, 'rel-urls': {} };
  }

  private itemList(values: unknown[], depth: number): MicroformatRoot[] {
    const out: MicroformatRoot[] = [];
    for (const v of values.slice(0, MAX_ITEM_COUNT)) {
      const item = this.item(v, depth);
      if (item !== null) out.push(item);
    }
    return out;
  }

  private item(value: unknown, depth: number, property?: string): MicroformatRoot | null {
    if (!isObject(value) || depth > MAX_ITEM_DEPTH || this.items >= MAX_ITEM_COUNT) return null;
    if (!Array.isArray(value.type)) return null;
    const type = value.type.filter((t): t is string => typeof t === 'string' && TYPE_NAME.test(t)).slice(0, MAX_TYPES);
    if (type.length === 0) return null;
    this.items++;
    const properties = Object.create(null) as MicroformatRoot['properties'];
    const raw = isObject(value.properties) ? value.properties : {};
    for (const name of Object.keys(raw).slice(0, MAX_MF2_JSON_PROPERTIES)) {
      const values = raw[name];
      if (name.length > MAX_NAME || !PROPERTY_NAME.test(name) || !Array.isArray(values)) continue;
      const kept = values
        .slice(0, MAX_MF2_JSON_VALUES)
        .map((v) => this.value(v, name, depth))
        .filter((v): v is MicroformatProperty => v !== null);
      if (kept.length > 0) properties[name] = kept;
    }
    const item: MicroformatRoot = { type, properties };
    const id = text(value.id);
    if (id !== null && id.length <= MAX_NAME * 2) item.id = id;
    const own = text(value.value);
    if (own !== null) item.value = property !== undefined && URL_PROPERTIES.has(property) ? this.resolve(own) : own;
    if (Array.isArray(value.children)) {
      const children = this.itemList(value.children, depth + 1);
      if (children.length > 0) item.children = children;
    }
    return item;
  }

  private value(value: unknown, property: string, depth: number): MicroformatProperty | null {
    const isUrl = URL_PROPERTIES.has(property);
    if (typeof value === 'string') {
      const s = text(value)!;
      return isUrl ? this.resolve(s) : s;
    }
    if (!isObject(value)) return null;
    if (Array.isArray(value.type)) return this.item(value, depth + 1, property);
    const html = text(value.html);
    const inner = text(value.value);
    if (html !== null) return { value: inner ?? '', html };
    if (inner === null) return null;
    const resolved = isUrl ? this.resolve(inner) : inner;
    const alt = text(value.alt);
    return alt !== null ? { value: resolved, alt } : resolved;
  }

  private resolve(value: string): string {
    return resolveUrl(value.trim(), this.baseUrl) ?? value;
  }
}

/**
 * The document as the parser would have produced it, when `json` has the mf2 shape (an object with an `items`
 * array; text is parsed first); null otherwise. Items, properties and values that do not have the mf2 shape are
 * dropped; depth, counts and string lengths are bounded; relative URLs in URL properties and rels are resolved
 * against `baseUrl`.
 */
export function parseMf2Json(json: unknown, baseUrl: string): ParsedDocument | null {
  let value = json;
  if (typeof json === 'string') {
    if (json.length > MAX_MF2_JSON_TEXT) return null;
    try {
      value = JSON.parse(json) as unknown;
    } catch {
      return null;
    }
  }
  return isObject(value) ? new Mf2JsonReader(baseUrl).document(value) : null;
}

/** True when `json` (a value or JSON text) has the mf2 JSON shape: an object with an `items` array. */
export function isMf2Json(json: unknown): boolean {
  return parseMf2Json(json, 'https://example.invalid/') !== null;
}

/**
 * Interprets a source served as `application/mf2+json` (or JSON with the mf2 `items` shape) exactly as a parsed
 * HTML page is interpreted (same entry choice, post type, content sanitising, media, author chain); JSON without
 * that shape is a plain mention without microformats. There is no page around it: no title, and the entry choice
 * cannot tell where a link sits.
 */
export function interpretMf2Json(json: unknown, ctx: InterpretContext): MentionContent {
  return interpretDocument(parseMf2Json(json, ctx.baseUrl), ctx, null);
}

/**
 * The absolute http(s) URL of the page's first `<link rel="alternate" type="application/mf2+json" href>` (resolved
 * by the shared `<base>` rule), or null.
 */
export function mf2JsonAlternate(html: string, baseUrl: string): string | null {
  if (typeof html !== 'string' || !/mf2\+json/i.test(html)) return null;
  const document = parseHtml(html);
  for (const el of walkElements(document, { skipOpaque: true, maxNodes: MAX_NODES })) {
    if (el.tagName !== 'link') continue;
    if (!relHasToken(attr(el, 'rel'), 'alternate') || mediaType(attr(el, 'type')) !== MF2_JSON_MEDIA_TYPE) continue;
    const href = hrefOf(el);
    const url = href === undefined ? null : absoluteHttpUrl(href, documentBaseUrl(document, baseUrl));
    if (url !== null) return url;
  }
  return null;
}
