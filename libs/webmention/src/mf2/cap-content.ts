/** The cap on a mention's stored content: plain text and sanitised HTML cut at a word boundary. */
import { defaultTreeAdapter, html as parse5Html, type DefaultTreeAdapterTypes } from 'parse5';
import { parseHtmlFragment, serializeHtml } from '../html';
import type { HtmlElement, HtmlNode, HtmlParentNode } from '../html';
import { sanitizeContentHtml } from './sanitize-content-html';

/** Appended to cut content. */
export const ELLIPSIS = '…';
/** Text of the link that ends cut HTML content. */
export const READ_MORE_TEXT = 'Read more';

/** Options of {@link capMentionContent} and {@link capContentHtml}. */
export interface CapContentOptions {
  /** Most characters of text kept, the ellipsis included (the "Read more" link comes on top). */
  maxChars: number;
  /** Where "Read more" leads: the entry's own URL, else the source. */
  readMoreUrl: string;
  /** URL the HTML is sanitised against (the source). */
  baseUrl: string;
}

// NOTE: a cut between two of these is a boundary even without whitespace in the text ("<p>a</p><p>b</p>").
const BLOCKS = new Set([
  'p',
  'br',
  'hr',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'figure',
  'figcaption',
  'h3',
  'h4',
  'h5',
  'h6',
]);
/** Below a cut point this early in the budget, a long word is cut instead of losing most of the text. */
const MIN_WORD_CUT_SHARE = 0.6;
const TRAILING = /[\s.,;:!?\-–—]+$/u;

type TextNode = DefaultTreeAdapterTypes.TextNode;
type ChildNode = DefaultTreeAdapterTypes.ChildNode;

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/**
 * How much of `text` to keep so that it and an ellipsis fit in `maxChars`: the last word boundary (whitespace, or an
 * offset in `breaks`) within the budget, trailing whitespace and punctuation dropped; a hard cut, never inside a
 * surrogate pair, when no boundary falls in the last part of the budget.
 */
export function keptLength(text: string, maxChars: number, breaks: ReadonlySet<number> = new Set()): number {
  const budget = Math.max(maxChars - 1, 0);
  if (budget === 0) return 0;
  let cut = -1;
  for (let p = budget; p > 0; p--) {
    if (isSpace(text[p]) || isSpace(text[p - 1]) || breaks.has(p)) {
      cut = p;
      break;
    }
  }
  if (cut < budget * MIN_WORD_CUT_SHARE) {
    cut = budget;
    const code = text.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  }
  return text.slice(0, cut).replace(TRAILING, '').length;
}

/** Plain text of at most `maxChars` characters: unchanged when it fits, else cut at a word boundary with "…". */
export function capPlainText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, keptLength(text, maxChars))}${ELLIPSIS}`;
}

/** The text of a fragment in document order, and the offsets in it where a block or an image starts or ends. */
function textLayout(root: HtmlParentNode): { text: string; breaks: Set<number> } {
  let text = '';
  const breaks = new Set<number>();
  const stack: Array<[HtmlNode, boolean]> = [];
  for (let i = root.childNodes.length - 1; i >= 0; i--) stack.push([root.childNodes[i], false]);
  while (stack.length > 0) {
    const [node, leaving] = stack.pop()!;
    if (node.nodeName === '#text') {
      text += (node as TextNode).value;
      continue;
    }
    if (!('tagName' in node)) continue;
    if (BLOCKS.has(node.tagName) || node.tagName === 'img') breaks.add(text.length);
    if (leaving) continue;
    stack.push([node, true]);
    for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push([node.childNodes[i], false]);
  }
  return { text, breaks };
}

/** Removes every node that starts at or after text offset `end`, cuts the text node it falls in; the last kept text. */
function pruneAfter(root: HtmlParentNode, end: number): TextNode | null {
  let offset = 0;
  let last: TextNode | null = null;
  const visit = (parent: HtmlParentNode): void => {
    for (const child of [...parent.childNodes]) {
      if (offset >= end) {
        defaultTreeAdapter.detachNode(child);
      } else if (child.nodeName === '#text') {
        const node = child as TextNode;
        const length = node.value.length;
        if (offset + length > end) node.value = node.value.slice(0, end - offset);
        if (node.value !== '') last = node;
        offset += length;
      } else if ('tagName' in child) {
        visit(child);
      }
    }
  };
  // NOTE: recursion depth is bounded by the sanitiser's nesting limit (64).
  visit(root);
  return last;
}

/** The element the "Read more" link is appended to, and the node it goes after (null: at the end). */
function linkPlace(root: HtmlParentNode, last: TextNode | null): { parent: HtmlParentNode; after: HtmlNode | null } {
  let block: HtmlElement | null = null;
  let outerLink: HtmlElement | null = null;
  for (let node = last?.parentNode ?? null; node && node !== root; node = node.parentNode) {
    if (!('tagName' in node)) break;
    if (node.tagName === 'a') outerLink = node;
    if (!block && BLOCKS.has(node.tagName) && node.tagName !== 'ul' && node.tagName !== 'ol') block = node;
  }
  // NOTE: a link inside a link is invalid HTML: when the cut falls inside one, the link goes right after it.
  if (outerLink) return { parent: outerLink.parentNode ?? root, after: outerLink };
  return { parent: block ?? root, after: null };
}

/** Inserts `nodes` into `parent` in order: right after `after` when given, else at the end. */
function insertAfter(parent: HtmlParentNode, after: HtmlNode | null, nodes: ChildNode[]): void {
  const siblings = parent.childNodes;
  const reference = after === null ? undefined : siblings[siblings.indexOf(after as ChildNode) + 1];
  for (const node of nodes) {
    if (reference) defaultTreeAdapter.insertBefore(parent, node, reference);
    else defaultTreeAdapter.appendChild(parent, node);
  }
}

/**
 * Sanitised HTML whose text fits in `maxChars`: unchanged when it does, else the markup before a word boundary of
 * the text, open elements closed, an ellipsis and a `<a href="readMoreUrl">Read more</a>` link; sanitised again.
 */
export function capContentHtml(contentHtml: string, options: CapContentOptions): string {
  const fragment = parseHtmlFragment(contentHtml);
  const { text, breaks } = textLayout(fragment);
  if (text.length <= options.maxChars) return contentHtml;
  const last = pruneAfter(fragment, keptLength(text, options.maxChars, breaks));
  if (last) last.value += ELLIPSIS;
  const place = linkPlace(fragment, last);
  const link = defaultTreeAdapter.createElement('a', parse5Html.NS.HTML, [
    { name: 'href', value: options.readMoreUrl },
  ]);
  defaultTreeAdapter.insertText(link, READ_MORE_TEXT);
  insertAfter(place.parent, place.after, [defaultTreeAdapter.createTextNode(last ? ' ' : `${ELLIPSIS} `), link]);
  return sanitizeContentHtml(serializeHtml(fragment), options.baseUrl);
}

/** A mention's plain and HTML content capped to `options.maxChars` characters of text each. */
export function capMentionContent(
  content: { content: string | null; contentHtml: string | null },
  options: CapContentOptions,
): { content: string | null; contentHtml: string | null } {
  return {
    content: content.content === null ? null : capPlainText(content.content, options.maxChars),
    contentHtml: content.contentHtml === null ? null : capContentHtml(content.contentHtml, options),
  };
}
