/** Decides whether a fetched source document links to a Webmention target. */
import { parse, type DefaultTreeAdapterTypes } from 'parse5';
import { matchKey } from '../url/url-match';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

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
  /** Set when HTML was not parsed because its estimated parse cost exceeded {@link HTML_PARSE_BUDGET}. */
  tooComplex?: true;
}

/**
 * Upper bound on the estimated parse cost of an HTML source (see {@link estimateHtmlParseCost}).
 * NOTE: parse5 is quadratic in open-element depth (scope checks) and in attributes per tag (duplicate checks):
 * 100 KB of nested `<div>` takes seconds, 1 MB takes minutes. Ordinary pages estimate at well under 1% of this.
 */
export const HTML_PARSE_BUDGET = 30_000_000;

/** Maximum nesting depth walked in a JSON document. */
export const JSON_MAX_DEPTH = 64;
/** Maximum number of JSON values visited. */
export const JSON_MAX_NODES = 100_000;

/** Inspection kind for a Content-Type value; parameters and case are ignored. */
export function sourceKind(contentType: string): SourceKind {
  const mediaType = (typeof contentType === 'string' ? contentType : '').split(';')[0].trim().toLowerCase();
  if (mediaType === 'text/html' || mediaType === 'application/xhtml+xml') return 'html';
  if (mediaType === 'application/json' || /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\+json$/.test(mediaType)) return 'json';
  if (mediaType === 'text/plain') return 'text';
  return 'unsupported';
}

/** Whether the source document links to `targetUrl` under the canonical matching policy. */
export function findTargetLinks(doc: SourceDocument, targetUrl: string): SourceLinkResult {
  const kind = sourceKind(doc.contentType);
  // NOTE: the target key is computed once; comparing keys is exactly `urlsMatch` without re-parsing the target.
  const targetKey = matchKey(targetUrl);
  if (kind === 'unsupported' || targetKey === null || typeof doc.body !== 'string') return { kind, linked: false };
  switch (kind) {
    case 'html':
      if (estimateHtmlParseCost(doc.body, HTML_PARSE_BUDGET) > HTML_PARSE_BUDGET) {
        return { kind, linked: false, tooComplex: true };
      }
      return { kind, linked: htmlLinksTo(doc.body, doc.baseUrl, targetKey) };
    case 'json':
      return { kind, linked: jsonLinksTo(doc.body, targetKey) };
    case 'text':
      return { kind, linked: textLinksTo(doc.body, targetUrl, targetKey) };
  }
}

const SRC_ELEMENTS = new Set(['img', 'video', 'audio', 'source']);
const SRCSET_ELEMENTS = new Set(['img', 'source']);
const HREF_ELEMENTS = new Set(['a', 'area']);
// NOTE: their contents are never rendered as links; parse5 already keeps template children in `content` (not
// walked) and noscript/script/style bodies as text, so skipping them also guards against a parser change.
const OPAQUE_ELEMENTS = new Set(['script', 'style', 'template', 'noscript']);

function attr(el: Element, name: string): string | undefined {
  for (const a of el.attrs) if (a.name === name) return a.value;
  return undefined;
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

/** Resolves `ref` against `base`, returning null for anything that does not resolve. */
function resolve(ref: string, base: string | null): string | null {
  try {
    return (base === null ? new URL(ref) : new URL(ref, base)).href;
  } catch {
    return null;
  }
}

function isHttp(url: string | null): url is string {
  return url !== null && /^https?:/i.test(url);
}

function htmlLinksTo(body: string, baseUrl: string, targetKey: string): boolean {
  const document = parse(body, { scriptingEnabled: true });
  const refs: string[] = [];
  let baseHref: string | undefined;
  // NOTE: iterative walk, so deeply nested hostile markup cannot overflow the stack.
  const stack: Node[] = [document];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (isElement(node)) {
      const tag = node.tagName;
      if (OPAQUE_ELEMENTS.has(tag)) continue;
      if (tag === 'base' && baseHref === undefined) baseHref = attr(node, 'href');
      if (HREF_ELEMENTS.has(tag)) {
        const href = attr(node, 'href');
        if (href !== undefined) refs.push(href);
      }
      if (SRC_ELEMENTS.has(tag)) {
        const src = attr(node, 'src');
        if (src !== undefined) refs.push(src);
      }
      if (SRCSET_ELEMENTS.has(tag)) {
        const srcset = attr(node, 'srcset');
        if (srcset !== undefined) refs.push(...srcsetUrls(srcset));
      }
    }
    if ('childNodes' in node) {
      for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]);
    }
  }
  if (refs.length === 0) return false;

  const documentUrl = isHttp(resolve(baseUrl, null)) ? resolve(baseUrl, null) : null;
  // NOTE: the first <base href> in tree order wins; a base that is not http(s) is ignored, as browsers do for
  // javascript: and data: bases.
  let base = documentUrl;
  if (baseHref !== undefined) {
    const resolvedBase = resolve(baseHref, documentUrl);
    if (isHttp(resolvedBase)) base = resolvedBase;
  }
  for (const ref of refs) {
    const url = resolve(ref, base);
    if (isHttp(url) && matchKey(url) === targetKey) return true;
  }
  return false;
}

/** URLs of the candidates in a `srcset` attribute (descriptors dropped). */
function srcsetUrls(srcset: string): string[] {
  const urls: string[] = [];
  let i = 0;
  const n = srcset.length;
  while (i < n) {
    while (i < n && (/\s/.test(srcset[i]) || srcset[i] === ',')) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !/\s/.test(srcset[i])) i++;
    let url = srcset.slice(start, i);
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      // NOTE: skip the descriptors up to the next comma that is not inside parentheses.
      let depth = 0;
      while (i < n) {
        const c = srcset[i];
        if (c === '(') depth++;
        else if (c === ')' && depth > 0) depth--;
        else if (c === ',' && depth === 0) break;
        i++;
      }
    }
    if (url !== '') urls.push(url);
  }
  return urls;
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
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

function textLinksTo(body: string, targetUrl: string, targetKey: string): boolean {
  for (const m of body.matchAll(TEXT_URL)) {
    const candidate = m[0];
    if (stringMatches(candidate, targetKey)) return true;
    const trimmed = candidate.replace(TRAILING_PUNCTUATION, '');
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

const VOID_ELEMENTS = new Set([
  'area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'image', 'img', 'input', 'keygen',
  'link', 'meta', 'param', 'source', 'track', 'wbr',
]);
const TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
/** Elements the tree builder never walks past when a start tag implicitly closes an open element. */
const SPECIAL = new Set([
  'applet', 'article', 'aside', 'blockquote', 'body', 'button', 'caption', 'center', 'colgroup', 'details', 'dir',
  'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'frameset', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head',
  'header', 'hgroup', 'html', 'listing', 'main', 'marquee', 'math', 'menu', 'nav', 'object', 'ol', 'pre', 'search',
  'section', 'select', 'summary', 'svg', 'table', 'tbody', 'td', 'template', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
const BUTTON_SCOPE = new Set(['applet', 'button', 'caption', 'html', 'marquee', 'math', 'object', 'svg', 'table', 'td', 'template', 'th']);
const TABLE_STOP = new Set(['html', 'table', 'tbody', 'template', 'tfoot', 'thead']);
const LIST_ITEM_STOP = new Set([...SPECIAL].filter((n) => n !== 'address' && n !== 'div' && n !== 'p'));
/** Start tags that implicitly close an open element (`close`), searching down to a `stop` element. */
const IMPLIED_CLOSE: Readonly<Record<string, { close: readonly string[]; stop: ReadonlySet<string> }>> = {
  li: { close: ['li'], stop: LIST_ITEM_STOP },
  dd: { close: ['dd', 'dt'], stop: LIST_ITEM_STOP },
  dt: { close: ['dd', 'dt'], stop: LIST_ITEM_STOP },
  tr: { close: ['tr'], stop: TABLE_STOP },
  td: { close: ['td', 'th'], stop: new Set([...TABLE_STOP, 'tr']) },
  th: { close: ['td', 'th'], stop: new Set([...TABLE_STOP, 'tr']) },
  option: { close: ['option'], stop: new Set(['select', 'html']) },
};
const CLOSE_P = { close: ['p'], stop: BUTTON_SCOPE };
const CLOSES_P = /^(address|article|aside|blockquote|center|details|dd|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hgroup|hr|li|main|menu|nav|ol|p|pre|search|section|summary|table|ul)$/;
/** How far down the estimated open-element stack an end tag or implied close is looked for. */
const STACK_LOOKUP = 64;

/**
 * Conservative estimate of parse5's work for `html`: the sum of open-element depth over all start tags plus the
 * square of each tag's attribute count. Stops counting once `stopAbove` is exceeded.
 * NOTE: errs high (unmatched end tags are ignored, as the tree builder ignores them) so hostile input cannot
 * hide its depth; it is a guard, not a parser.
 */
export function estimateHtmlParseCost(html: string, stopAbove = Infinity): number {
  const lower = html.toLowerCase();
  const stack: string[] = [];
  let foreign = 0;
  let cost = 0;
  const tag = /<(!--|\/?)([a-z][^\s/>]*)?([^>]*)>?/g;
  const popTo = (i: number): void => {
    for (let j = stack.length - 1; j >= i; j--) if (stack[j] === 'svg' || stack[j] === 'math') foreign--;
    stack.length = i;
  };
  let m: RegExpExecArray | null;
  while ((m = tag.exec(lower)) !== null && cost <= stopAbove) {
    if (m[1] === '!--') {
      const end = lower.indexOf('-->', m.index + 4);
      if (end === -1) break;
      tag.lastIndex = end + 3;
      continue;
    }
    const name = m[2];
    if (name === undefined) {
      if (tag.lastIndex === m.index) tag.lastIndex++;
      continue;
    }
    if (m[1] === '/') {
      const limit = Math.max(0, stack.length - STACK_LOOKUP);
      for (let i = stack.length - 1; i >= limit; i--) {
        if (stack[i] === name) {
          popTo(i);
          break;
        }
      }
      continue;
    }
    const attrs = m[3];
    const attrCount = (attrs.replace(/\/$/, '').match(/[^\s=]+\s*(=\s*("[^"]*"|'[^']*'|[^\s"']*))?/g) ?? []).length;
    cost += stack.length + attrCount * attrCount;
    // NOTE: an implied close that the estimate misses only makes it higher, never lower.
    for (const rule of [IMPLIED_CLOSE[name], CLOSES_P.test(name) ? CLOSE_P : undefined]) {
      if (rule === undefined) continue;
      const limit = Math.max(0, stack.length - 8);
      for (let i = stack.length - 1; i >= limit; i--) {
        if (rule.close.includes(stack[i])) {
          popTo(i);
          break;
        }
        if (rule.stop.has(stack[i])) break;
      }
    }
    if (TEXT_ELEMENTS.has(name)) {
      const end = lower.indexOf(`</${name}`, tag.lastIndex);
      if (end === -1) break;
      tag.lastIndex = end;
      continue;
    }
    if (VOID_ELEMENTS.has(name)) continue;
    // NOTE: `/>` only self-closes in SVG/MathML; on HTML elements the tree builder ignores it.
    if (foreign > 0 && attrs.endsWith('/')) continue;
    if (name === 'svg' || name === 'math') foreign++;
    stack.push(name);
  }
  return cost;
}
