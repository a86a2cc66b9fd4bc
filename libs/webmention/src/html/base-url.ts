/** The one `<base>` rule, and resolving references against the result. */
import { attr, walkElements } from './html-walk';
import type { HtmlElement, HtmlParentNode } from './parse-html';

/** Resolves `ref` against `base` (or as an absolute URL when `base` is null), or null when it does not resolve. */
export function resolveUrl(ref: string, base: string | null | undefined): string | null {
  try {
    return (base == null ? new URL(ref) : new URL(ref, base)).href;
  } catch {
    return null;
  }
}

/** The value as an absolute http(s) URL (trimmed, resolved against `base` when given), else null; '' is null. */
export function absoluteHttpUrl(value: string | null | undefined, base?: string | null): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const resolved = resolveUrl(trimmed, base);
  return resolved !== null && /^https?:/.test(resolved) ? resolved : null;
}

/**
 * The `<base>` element that sets the document's base URL: the first HTML `<base>` with an href in tree order.
 * Elements in templates, scripts and foreign (SVG/MathML) content never count.
 */
export function baseElement(document: HtmlParentNode): HtmlElement | null {
  for (const el of walkElements(document, { skipOpaque: true })) {
    if (el.tagName === 'base' && attr(el, 'href') !== undefined) return el;
  }
  return null;
}

/**
 * The document's base URL: the href of {@link baseElement} resolved against `documentUrl`; when there is none, or it
 * does not resolve, or it is not http(s), the document URL itself. Null when neither is an absolute http(s) URL.
 * NOTE: this is how browsers freeze the base URL (only the first `<base href>` counts, even when unusable, and a
 * value that fails to parse falls back to the document URL), plus refusing non-http(s) bases as browsers refuse
 * `javascript:` and `data:` ones. It is also the safe choice: a hostile page cannot send its relative links to
 * another scheme or hide them behind a broken base, and verifying, sending and microformats parsing all resolve
 * every relative link to the same URL.
 */
export function documentBaseUrl(document: HtmlParentNode, documentUrl: string): string | null {
  const fallback = absoluteHttpUrl(documentUrl);
  const el = baseElement(document);
  if (el === null) return fallback;
  return absoluteHttpUrl(attr(el, 'href'), fallback) ?? fallback;
}
