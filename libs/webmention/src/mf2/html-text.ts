import { attr, hrefOf, parseHtml, parseHtmlFragment, textContent, walkElements, type HtmlDocument } from '../html';
import { capText, normalizeWhitespace } from './mf2-values';

/** Longest page title kept. */
export const MAX_TITLE = 500;
/** Most nodes inspected when scanning a document. */
const MAX_NODES = 50_000;

/** `href` values of every `<a>` in an HTML fragment, in document order (SVG links included). */
export function linkHrefs(html: string): string[] {
  const hrefs: string[] = [];
  for (const el of walkElements(parseHtmlFragment(html), { foreign: true, maxNodes: MAX_NODES })) {
    if (el.tagName !== 'a') continue;
    const href = hrefOf(el);
    if (href !== undefined) hrefs.push(href);
  }
  return hrefs;
}

/** A document's `<title>`, else its `og:title`, whitespace-normalised and capped; null when neither. */
export function pageTitle(html: string | HtmlDocument): string | null {
  let title: string | null = null;
  let ogTitle: string | null = null;
  const document = typeof html === 'string' ? parseHtml(html) : html;
  for (const el of walkElements(document, { maxNodes: MAX_NODES })) {
    // NOTE: both live in <head>; stop at <body> to skip walking the page content.
    if (el.tagName === 'body') break;
    if (el.tagName === 'title' && title === null) {
      title = normalizeWhitespace(textContent(el)) || null;
    }
    if (el.tagName === 'meta' && ogTitle === null) {
      const key = (attr(el, 'property') ?? attr(el, 'name') ?? '').trim().toLowerCase();
      if (key === 'og:title') ogTitle = normalizeWhitespace(attr(el, 'content') ?? '') || null;
    }
    if (title !== null && ogTitle !== null) break;
  }
  const chosen = title ?? ogTitle;
  return chosen === null ? null : capText(chosen, MAX_TITLE);
}
