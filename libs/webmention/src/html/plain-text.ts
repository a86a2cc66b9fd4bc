/** A plain-text rendering of HTML, close to what a reader sees (a small `innerText`). */
import { attr, textContent } from './html-walk';
import { parseHtmlFragment, type HtmlElement, type HtmlNode, type HtmlParentNode } from './parse-html';

/** Options for {@link htmlToText}. */
export interface HtmlToTextOptions {
  /** Stop after visiting this many nodes (default 100,000). */
  maxNodes?: number;
}

/** Elements followed and preceded by a blank line. */
const BLOCKS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'ul',
]);

/** Elements that end a line (one newline, no blank line). */
const LINES: ReadonlySet<string> = new Set(['tr']);

/** Elements whose contents a reader never sees as text. */
// NOTE: the same elements the content sanitiser drops with their contents (mf2/sanitize-content-html), and media.
const HIDDEN: ReadonlySet<string> = new Set([
  'applet',
  'audio',
  'button',
  'canvas',
  'datalist',
  'embed',
  'frame',
  'frameset',
  'head',
  'iframe',
  'math',
  'noembed',
  'noframes',
  'noscript',
  'object',
  'option',
  'plaintext',
  'script',
  'select',
  'style',
  'svg',
  'template',
  'textarea',
  'title',
  'video',
  'xmp',
]);

const DEFAULT_MAX_NODES = 100_000;
const SPACES = /[\t\n\f\r ]+/g;

/** Collects text with CSS-like whitespace handling: collapsed runs, required line breaks merged, `pre` verbatim. */
class TextWriter {
  private out = '';
  /** Newlines owed before the next text (blocks ask for 2, rows for 1). */
  private breaks = 0;
  private space = false;

  /** Whitespace-collapsed inline text. */
  inline(raw: string): void {
    const text = raw.replace(SPACES, ' ');
    if (text === '') return;
    if (text.startsWith(' ')) this.space = true;
    const trimmed = text.trim();
    if (trimmed !== '') this.write(trimmed);
    if (trimmed !== '' && text.endsWith(' ')) this.space = true;
  }

  /** Preformatted text, kept as written. */
  verbatim(text: string): void {
    if (text !== '') this.write(text);
  }

  /** A `<br>`: one newline, on top of any already written. */
  lineBreak(): void {
    this.flushBreaks();
    this.out += '\n';
    this.space = false;
  }

  /** At least `count` newlines before the next text. */
  requireBreaks(count: number): void {
    this.breaks = Math.max(this.breaks, count);
    this.space = false;
  }

  toString(): string {
    return this.out.replace(/^\s+|\s+$/g, '');
  }

  private write(text: string): void {
    this.flushBreaks();
    if (this.space && this.out !== '' && !this.out.endsWith('\n')) this.out += ' ';
    this.space = false;
    this.out += text;
  }

  private flushBreaks(): void {
    if (this.breaks === 0 || this.out === '') {
      this.breaks = 0;
      return;
    }
    // NOTE: newlines already written (a `<br>` just before a block) count towards the blank line.
    const trailing = /\n*$/.exec(this.out)![0].length;
    this.out += '\n'.repeat(Math.max(this.breaks - trailing, 0));
    this.breaks = 0;
  }
}

/** Normalised text of the `<figcaption>` children of a `<figure>`, to tell an image's alt from its caption. */
function figureCaption(figure: HtmlElement): string | null {
  const caption = figure.childNodes.find((c): c is HtmlElement => 'tagName' in c && c.tagName === 'figcaption');
  return caption ? textContent(caption).replace(SPACES, ' ').trim() : null;
}

/** An image's text: its `alt`, once, unless it only repeats the caption of its figure. */
function imageText(img: HtmlElement, captions: readonly (string | null)[]): string | null {
  const alt = (attr(img, 'alt') ?? '').replace(SPACES, ' ').trim();
  if (alt === '') return null;
  return captions.includes(alt) ? null : alt;
}

/**
 * Plain text of an HTML fragment (or an already parsed node) as a reader sees it: a newline at `<br>`, a blank line
 * between block elements (paragraphs, headings, list items, quotes, `pre`, `div`, …), `pre` whitespace kept, other
 * whitespace runs collapsed, an image's `alt` once (never its URL), nothing from scripts, styles, forms, embeds or
 * `hidden` elements. Leading and trailing whitespace is trimmed; '' when there is no text.
 */
export function htmlToText(html: string | HtmlParentNode, options: HtmlToTextOptions = {}): string {
  const root = typeof html === 'string' ? parseHtmlFragment(html) : html;
  if (root === null || typeof root !== 'object' || !Array.isArray(root.childNodes)) return '';
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  const writer = new TextWriter();
  // NOTE: an explicit stack (with leave markers) so hostile nesting cannot overflow the call stack.
  type Frame = { node: HtmlNode; leave: boolean };
  const stack: Frame[] = [];
  const push = (parent: HtmlParentNode): void => {
    for (let i = parent.childNodes.length - 1; i >= 0; i--) stack.push({ node: parent.childNodes[i], leave: false });
  };
  push(root);
  let preDepth = 0;
  const captions: (string | null)[] = [];
  let visited = 0;
  while (stack.length > 0 && visited < maxNodes) {
    const { node, leave } = stack.pop()!;
    if (node.nodeName === '#text' && 'value' in node) {
      visited++;
      if (preDepth > 0) writer.verbatim(node.value);
      else writer.inline(node.value);
      continue;
    }
    if (!('tagName' in node)) continue;
    const tag = node.tagName;
    if (leave) {
      if (tag === 'pre') preDepth--;
      if (tag === 'figure') captions.pop();
      if (BLOCKS.has(tag)) writer.requireBreaks(2);
      if (LINES.has(tag)) writer.requireBreaks(1);
      if (tag === 'td' || tag === 'th') writer.inline(' ');
      continue;
    }
    visited++;
    if (HIDDEN.has(tag) || attr(node, 'hidden') !== undefined) continue;
    if (tag === 'br') {
      writer.lineBreak();
      continue;
    }
    if (tag === 'img') {
      const text = imageText(node, captions);
      // NOTE: spaced like the parsers' alt replacement, so "Look:<img alt=cat>" reads "Look: cat".
      if (text !== null) writer.inline(` ${text} `);
      continue;
    }
    if (BLOCKS.has(tag)) writer.requireBreaks(2);
    if (LINES.has(tag)) writer.requireBreaks(1);
    if (tag === 'pre') preDepth++;
    if (tag === 'figure') captions.push(figureCaption(node));
    stack.push({ node, leave: true });
    push(node);
  }
  return writer.toString();
}
