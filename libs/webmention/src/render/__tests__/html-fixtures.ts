/** Helpers shared by the render specs: reading rendered HTML back as elements, and a sample reply. */
import { parseFragment } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import type { RenderableWebmention } from '../view-model';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** The page the sample mentions respond to. */
export const PAGE = 'https://me.example/post/1';

/** Every element of an HTML fragment, in document order. */
export function elements(html: string): Element[] {
  const out: Element[] = [];
  const stack: Node[] = [parseFragment(html)];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if ('tagName' in node) out.push(node);
    // NOTE: children pushed in reverse, so elements come out in document order.
    if ('childNodes' in node) stack.push(...[...node.childNodes].reverse());
  }
  return out;
}

/** An attribute's value, or undefined. */
export const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;

/** The elements carrying a class. */
export const byClass = (html: string, cls: string) =>
  elements(html).filter((e) => (attr(e, 'class') ?? '').split(/\s+/).includes(cls));

/** The text content of a node. */
export const text = (el: Node): string =>
  el.nodeName === '#text'
    ? (el as DefaultTreeAdapterMap['textNode']).value
    : 'childNodes' in el
      ? el.childNodes.map(text).join('')
      : '';

/** A verified-looking reply by Alice, with fields overridden. */
export const reply = (over: Partial<RenderableWebmention> = {}): RenderableWebmention => ({
  sourceUrl: 'https://alice.example/replies/1',
  targetUrl: PAGE,
  mentionType: 'reply',
  authorName: 'Alice',
  authorUrl: 'https://alice.example/',
  authorPhoto: 'https://alice.example/me.jpg',
  content: 'Great post!',
  published: '2026-12-01T10:00:00Z',
  ...over,
});
