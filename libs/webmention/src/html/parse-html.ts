/** Parsing and serialising HTML the way browsers do (parse5). */
import { parse, parseFragment, serialize, type DefaultTreeAdapterTypes } from 'parse5';

/** A parsed HTML document. */
export type HtmlDocument = DefaultTreeAdapterTypes.Document;
/** A parsed HTML fragment. */
export type HtmlFragment = DefaultTreeAdapterTypes.DocumentFragment;
/** Any node of a parsed tree. */
export type HtmlNode = DefaultTreeAdapterTypes.Node;
/** A node that has children: document, fragment or element. */
export type HtmlParentNode = DefaultTreeAdapterTypes.ParentNode;
/** An element of a parsed tree, in any namespace. */
export type HtmlElement = DefaultTreeAdapterTypes.Element;

/** Options for {@link parseHtml} and {@link parseHtmlFragment}. */
export interface ParseHtmlOptions {
  /**
   * Parse as a browser with scripting enabled (default true), so `<noscript>` content is text, not markup.
   * NOTE: that is how the page renders for the reader whose link we judge, and it hides nothing executable.
   */
  scriptingEnabled?: boolean;
}

/** Parses `source` as a whole HTML document; a non-string is parsed as the empty document. */
export function parseHtml(source: string, opts: ParseHtmlOptions = {}): HtmlDocument {
  return parse(typeof source === 'string' ? source : '', { scriptingEnabled: opts.scriptingEnabled ?? true });
}

/** Parses `source` as an HTML fragment (body context); a non-string is parsed as the empty fragment. */
export function parseHtmlFragment(source: string, opts: ParseHtmlOptions = {}): HtmlFragment {
  return parseFragment(typeof source === 'string' ? source : '', { scriptingEnabled: opts.scriptingEnabled ?? true });
}

/** Serialises a document, fragment or element's children back to HTML. */
export function serializeHtml(node: HtmlParentNode): string {
  return serialize(node);
}
