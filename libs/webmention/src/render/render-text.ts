import { parseFragment, serialize } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { absoluteHttpUrl } from '../html/base-url';
import { htmlToText } from '../html/plain-text';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Most nodes visited in one content fragment. */
const MAX_NODES = 20_000;

/** A field read from a mention as an absolute http(s) URL string, else null (`javascript:`, `data:`, relative …). */
export function httpUrl(value: unknown): string | null {
  return typeof value === 'string' ? absoluteHttpUrl(value) : null;
}

/** A Date from a Date or an ISO string; null when missing or invalid. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  return date !== null && !Number.isNaN(date.getTime()) ? date : null;
}

/** A date as people read it, in UTC, e.g. "1 Dec 2026". */
export function humanDate(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** Collapses runs of spaces and tabs, keeps at most one blank line, trims. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Cuts text to at most `max` characters at a word boundary and appends an ellipsis; unchanged when short enough.
 * NOTE: a cut inside a very long word (more than 40% of the budget) is made mid-word rather than losing most text.
 */
export function cutText(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  let cut = text.slice(0, Math.max(max - 1, 0));
  const code = cut.charCodeAt(cut.length - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut = cut.slice(0, -1);
  const space = cut.search(/\s\S*$/);
  if (space > max * 0.6) cut = cut.slice(0, space);
  return { text: `${cut.replace(/[\s.,;:!?\-–—]+$/u, '')}…`, truncated: true };
}

function walk(root: Node, visit: (node: Node, leaving: boolean) => void): void {
  const stack: Array<[Node, boolean]> = [[root, false]];
  let count = 0;
  while (stack.length > 0 && count < MAX_NODES) {
    const [node, leaving] = stack.pop() as [Node, boolean];
    count += 1;
    visit(node, leaving);
    if (leaving) continue;
    stack.push([node, true]);
    const children = 'childNodes' in node ? node.childNodes : [];
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push([children[i], false]);
  }
}

/** Plain text of an HTML fragment as a reader sees it (blank lines between blocks, an image's alt once). */
export function htmlText(html: string): string {
  return htmlToText(html);
}

/**
 * Rewrites every `<img src>` of an HTML fragment through `rewrite` (given the absolute URL); an image whose
 * source is not http(s) before or after the rewrite loses its `src`.
 * NOTE: the result is not trusted: callers sanitise it afterwards.
 */
export function rewriteImageSources(html: string, baseUrl: string, rewrite: (url: string) => string): string {
  const fragment = parseFragment(html);
  walk(fragment, (node, leaving) => {
    if (leaving || node.nodeName !== 'img') return;
    const el = node as Element;
    const src = el.attrs.find((a) => a.name === 'src');
    let absolute: string | null = null;
    try {
      absolute = src ? httpUrl(new URL(src.value.trim(), baseUrl).href) : null;
    } catch {
      absolute = null;
    }
    const rewritten = absolute === null ? null : httpUrl(rewrite(absolute));
    el.attrs = el.attrs.filter((a) => a.name !== 'src' && a.name !== 'srcset');
    if (rewritten !== null) el.attrs.push({ name: 'src', value: rewritten });
  });
  return serialize(fragment);
}
