/** HTML toolkit: parsing, walking, the `<base>` rule, media types, parse budget, srcset and what counts as a link. */
export { parseHtml, parseHtmlFragment, serializeHtml } from './parse-html';
export type { HtmlDocument, HtmlElement, HtmlFragment, HtmlNode, HtmlParentNode, ParseHtmlOptions } from './parse-html';
export { OPAQUE_ELEMENTS, attr, hrefOf, relHasToken, textContent, walkElements } from './html-walk';
export type { WalkOptions } from './html-walk';
export { absoluteHttpUrl, baseElement, documentBaseUrl, resolveUrl } from './base-url';
export { isHtmlMediaType, isJsonMediaType, isTextMediaType, mediaType } from './media-type';
export { HTML_PARSE_BUDGET, MF2_PROPERTY_BUDGET, estimateHtmlParseCost, estimateParseCosts } from './parse-budget';
export type { ParseCosts } from './parse-budget';
export { srcsetUrls } from './srcset';
export { linkRefs } from './link-refs';
