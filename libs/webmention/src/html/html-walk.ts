/** Reading parsed HTML trees: element iteration, attributes, text and rel tokens. */
import { html } from 'parse5';
import type { HtmlElement, HtmlNode, HtmlParentNode } from './parse-html';

/** Elements whose contents are never rendered markup. */
export const OPAQUE_ELEMENTS: ReadonlySet<string> = new Set(['script', 'style', 'template', 'noscript']);

/** Options for {@link walkElements}. */
export interface WalkOptions {
  /** Also yield SVG and MathML elements (default false: HTML namespace only; their descendants are walked anyway). */
  foreign?: boolean;
  /**
   * Neither yield nor enter script, style, template and noscript (default false).
   * NOTE: parse5 already keeps template children in `content` (never walked) and script/style/noscript bodies as
   * text; skipping them also guards against a parser change.
   */
  skipOpaque?: boolean;
  /** Stop after visiting this many nodes below `root`, text and comments included (default unlimited). */
  maxNodes?: number;
}

/**
 * Elements below `root` in document order.
 * NOTE: iterative, so hostile nesting cannot overflow the stack; template contents, comments, script text and
 * escaped markup are not elements, so none of them is ever yielded.
 */
export function* walkElements(root: HtmlParentNode, opts: WalkOptions = {}): Generator<HtmlElement> {
  const maxNodes = opts.maxNodes ?? Infinity;
  const stack: HtmlNode[] = [];
  for (let i = root.childNodes.length - 1; i >= 0; i--) stack.push(root.childNodes[i]);
  let visited = 0;
  while (stack.length > 0 && visited < maxNodes) {
    const node = stack.pop()!;
    visited++;
    if (!('tagName' in node)) continue;
    if (opts.skipOpaque && OPAQUE_ELEMENTS.has(node.tagName)) continue;
    if (opts.foreign || node.namespaceURI === html.NS.HTML) yield node;
    for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]);
  }
}

/** Value of the attribute `name` without a namespace (or in `namespace` when given), or undefined when absent. */
export function attr(element: HtmlElement, name: string, namespace?: string): string | undefined {
  return element.attrs.find(
    (a) => a.name === name && (namespace === undefined ? !a.namespace : a.namespace === namespace),
  )?.value;
}

/** An element's link target: its `href`, else SVG's legacy `xlink:href`. */
export function hrefOf(element: HtmlElement): string | undefined {
  return attr(element, 'href') ?? attr(element, 'href', html.NS.XLINK);
}

/** The concatenated text of every text node below `node`, in document order. */
export function textContent(node: HtmlParentNode): string {
  let text = '';
  const stack: HtmlNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.nodeName === '#text' && 'value' in current) text += current.value;
    if ('childNodes' in current) {
      for (let i = current.childNodes.length - 1; i >= 0; i--) stack.push(current.childNodes[i]);
    }
  }
  return text;
}

/** True when the space-separated `rel` value contains `token` (ASCII case-insensitive). */
export function relHasToken(rel: string | undefined, token: string): boolean {
  if (!rel) return false;
  const wanted = token.toLowerCase();
  return rel.split(/[\t\n\f\r ]+/).some((t) => t.toLowerCase() === wanted);
}
