/** The one rule of which elements and attributes count as a link or embed of a URL. */
import { attr, hrefOf } from './html-walk';
import type { HtmlElement } from './parse-html';
import { srcsetUrls } from './srcset';

const HREF_ELEMENTS: ReadonlySet<string> = new Set(['a', 'area']);
const SRC_ELEMENTS: ReadonlySet<string> = new Set(['img', 'video', 'audio', 'source']);
const SRCSET_ELEMENTS: ReadonlySet<string> = new Set(['img', 'source']);

/**
 * The URL references (as written, unresolved) an element renders as a link or embed: `a`/`area` `href` (SVG's
 * legacy `xlink:href` too), `img`/`video`/`audio`/`source` `src`, and every `img`/`source` `srcset` candidate.
 * NOTE: verification's link check and the entry choice's target placement both read links through this, so a link
 * that made a mention verified is a link everywhere.
 */
export function linkRefs(element: HtmlElement): string[] {
  const refs: string[] = [];
  const tag = element.tagName;
  if (HREF_ELEMENTS.has(tag)) {
    const href = hrefOf(element);
    if (href !== undefined) refs.push(href);
  }
  if (SRC_ELEMENTS.has(tag)) {
    const src = attr(element, 'src');
    if (src !== undefined) refs.push(src);
  }
  if (SRCSET_ELEMENTS.has(tag)) {
    const srcset = attr(element, 'srcset');
    if (srcset !== undefined) refs.push(...srcsetUrls(srcset));
  }
  return refs;
}
