/** HTML tree utilities shared by link extraction and endpoint discovery. */
import { html, parse, type DefaultTreeAdapterTypes } from 'parse5';

/** A parsed HTML element. */
export type HtmlElement = DefaultTreeAdapterTypes.Element;

/** Parses `source` as an HTML document the way a browser would. */
export function parseHtml(source: string): DefaultTreeAdapterTypes.Document {
  return parse(typeof source === 'string' ? source : '');
}

/**
 * HTML-namespace elements in document order.
 * NOTE: template contents live outside `childNodes`, and comments, script text and escaped markup are not elements,
 * so none of them ever yield a link.
 */
export function* htmlElements(root: DefaultTreeAdapterTypes.ParentNode): Generator<HtmlElement> {
  const stack: DefaultTreeAdapterTypes.ChildNode[] = [...root.childNodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!('tagName' in node)) continue;
    if (node.namespaceURI === html.NS.HTML) yield node;
    for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]);
  }
}

/** Value of the attribute `name` (no namespace), or undefined when absent. */
export function attr(element: HtmlElement, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name && !a.namespace)?.value;
}

/** Resolves `ref` against `base`, or null when it is not a valid URL reference. */
export function resolveUrl(ref: string, base: string): string | null {
  try {
    return new URL(ref, base).href;
  } catch {
    return null;
  }
}

/**
 * The document's base URL: the first `<base href>` resolved against the document URL, else the document URL.
 * NOTE: like browsers, only the first `<base>` carrying an href counts, even when its value is unusable.
 */
export function documentBaseUrl(document: DefaultTreeAdapterTypes.Document, documentUrl: string): string {
  for (const el of htmlElements(document)) {
    if (el.tagName !== 'base') continue;
    const href = attr(el, 'href');
    if (href === undefined) continue;
    return resolveUrl(href, documentUrl) ?? documentUrl;
  }
  return documentUrl;
}

/** True when the space-separated `rel` value contains `token` (ASCII case-insensitive). */
export function relHasToken(rel: string | undefined, token: string): boolean {
  if (!rel) return false;
  const wanted = token.toLowerCase();
  return rel.split(/[\t\n\f\r ]+/).some((t) => t.toLowerCase() === wanted);
}
