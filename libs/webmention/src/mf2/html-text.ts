import { parse, parseFragment } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { capText, normalizeWhitespace } from './mf2-values';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** Longest page title kept. */
export const MAX_TITLE = 500;
/** Most elements inspected when scanning a document. */
const MAX_NODES = 50_000;

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function attr(el: Element, name: string): string | null {
  return el.attrs.find((a) => a.name === name)?.value ?? null;
}

/** Visits elements depth-first; stops early when `visit` returns true or the node cap is hit. */
function walk(root: Node, visit: (el: Element) => boolean | void): void {
  const stack: Node[] = [root];
  let count = 0;
  while (stack.length > 0 && count < MAX_NODES) {
    const node = stack.pop() as Node;
    count += 1;
    if (isElement(node) && visit(node) === true) return;
    const children = 'childNodes' in node ? node.childNodes : [];
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]);
  }
}

function textContent(el: Element): string {
  let text = '';
  const stack: Node[] = [el];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.nodeName === '#text' && 'value' in node) text += node.value;
    const children = 'childNodes' in node ? node.childNodes : [];
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]);
  }
  return text;
}

/** `href` values of every `<a>` in an HTML fragment, in document order. */
export function linkHrefs(html: string): string[] {
  const hrefs: string[] = [];
  walk(parseFragment(html), (el) => {
    if (el.tagName === 'a') {
      const href = attr(el, 'href');
      if (href !== null) hrefs.push(href);
    }
  });
  return hrefs;
}

/** A document's `<title>`, else its `og:title`, whitespace-normalised and capped; null when neither. */
export function pageTitle(html: string): string | null {
  const found: { title: string | null; ogTitle: string | null } = { title: null, ogTitle: null };
  walk(parse(html), (el) => {
    if (el.tagName === 'title' && found.title === null) {
      found.title = normalizeWhitespace(textContent(el)) || null;
    }
    if (el.tagName === 'meta' && found.ogTitle === null) {
      const key = (attr(el, 'property') ?? attr(el, 'name') ?? '').trim().toLowerCase();
      if (key === 'og:title') found.ogTitle = normalizeWhitespace(attr(el, 'content') ?? '') || null;
    }
    // NOTE: both live in <head>; stop at <body> to skip walking the page content.
    return el.tagName === 'body' || (found.title !== null && found.ogTitle !== null);
  });
  const chosen = found.title ?? found.ogTitle;
  return chosen === null ? null : capText(chosen, MAX_TITLE);
}
