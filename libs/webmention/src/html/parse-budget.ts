/** A cheap pre-parse estimate of parse5's work, so quadratic-cost HTML is refused before it is parsed. */

/**
 * Upper bound on the estimated parse cost of an HTML source (see {@link estimateHtmlParseCost}).
 * NOTE: parse5 is quadratic in open-element depth (scope checks) and in attributes per tag (duplicate checks):
 * 100 KB of nested `<div>` takes seconds, 1 MB takes minutes. Ordinary pages estimate at well under 1% of this.
 */
export const HTML_PARSE_BUDGET = 30_000_000;

// prettier-ignore
const VOID_ELEMENTS = new Set([
  'area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'image', 'img', 'input', 'keygen',
  'link', 'meta', 'param', 'source', 'track', 'wbr',
]);
// prettier-ignore
const TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
/** Elements the tree builder never walks past when a start tag implicitly closes an open element. */
// prettier-ignore
const SPECIAL = new Set([
  'applet', 'article', 'aside', 'blockquote', 'body', 'button', 'caption', 'center', 'colgroup', 'details', 'dir',
  'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'frameset', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head',
  'header', 'hgroup', 'html', 'listing', 'main', 'marquee', 'math', 'menu', 'nav', 'object', 'ol', 'pre', 'search',
  'section', 'select', 'summary', 'svg', 'table', 'tbody', 'td', 'template', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
// prettier-ignore
const BUTTON_SCOPE = new Set(['applet', 'button', 'caption', 'html', 'marquee', 'math', 'object', 'svg', 'table', 'td', 'template', 'th']);
const TABLE_STOP = new Set(['html', 'table', 'tbody', 'template', 'tfoot', 'thead']);
const LIST_ITEM_STOP = new Set([...SPECIAL].filter((n) => n !== 'address' && n !== 'div' && n !== 'p'));
/** Start tags that implicitly close an open element (`close`), searching down to a `stop` element. */
const IMPLIED_CLOSE: Readonly<Record<string, { close: readonly string[]; stop: ReadonlySet<string> }>> = {
  li: { close: ['li'], stop: LIST_ITEM_STOP },
  dd: { close: ['dd', 'dt'], stop: LIST_ITEM_STOP },
  dt: { close: ['dd', 'dt'], stop: LIST_ITEM_STOP },
  tr: { close: ['tr'], stop: TABLE_STOP },
  td: { close: ['td', 'th'], stop: new Set([...TABLE_STOP, 'tr']) },
  th: { close: ['td', 'th'], stop: new Set([...TABLE_STOP, 'tr']) },
  option: { close: ['option'], stop: new Set(['select', 'html']) },
};
const CLOSE_P = { close: ['p'], stop: BUTTON_SCOPE };
// prettier-ignore
const CLOSES_P = /^(address|article|aside|blockquote|center|details|dd|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hgroup|hr|li|main|menu|nav|ol|p|pre|search|section|summary|table|ul)$/;
/** How far down the estimated open-element stack an end tag or implied close is looked for. */
const STACK_LOOKUP = 64;

/**
 * Conservative estimate of parse5's work for `html`: the sum of open-element depth over all start tags plus the
 * square of each tag's attribute count. Stops counting once `stopAbove` is exceeded.
 * NOTE: errs high (unmatched end tags are ignored, as the tree builder ignores them) so hostile input cannot
 * hide its depth; it is a guard, not a parser.
 */
export function estimateHtmlParseCost(html: string, stopAbove = Infinity): number {
  const lower = html.toLowerCase();
  const stack: string[] = [];
  let foreign = 0;
  let cost = 0;
  const tag = /<(!--|\/?)([a-z][^\s/>]*)?([^>]*)>?/g;
  const popTo = (i: number): void => {
    for (let j = stack.length - 1; j >= i; j--) if (stack[j] === 'svg' || stack[j] === 'math') foreign--;
    stack.length = i;
  };
  let m: RegExpExecArray | null;
  while ((m = tag.exec(lower)) !== null && cost <= stopAbove) {
    if (m[1] === '!--') {
      const end = lower.indexOf('-->', m.index + 4);
      if (end === -1) break;
      tag.lastIndex = end + 3;
      continue;
    }
    const name = m[2];
    if (name === undefined) {
      if (tag.lastIndex === m.index) tag.lastIndex++;
      continue;
    }
    if (m[1] === '/') {
      const limit = Math.max(0, stack.length - STACK_LOOKUP);
      for (let i = stack.length - 1; i >= limit; i--) {
        if (stack[i] === name) {
          popTo(i);
          break;
        }
      }
      continue;
    }
    const attrs = m[3];
    const attrCount = (attrs.replace(/\/$/, '').match(/[^\s=]+\s*(=\s*("[^"]*"|'[^']*'|[^\s"']*))?/g) ?? []).length;
    cost += stack.length + attrCount * attrCount;
    // NOTE: an implied close that the estimate misses only makes it higher, never lower.
    for (const rule of [IMPLIED_CLOSE[name], CLOSES_P.test(name) ? CLOSE_P : undefined]) {
      if (rule === undefined) continue;
      const limit = Math.max(0, stack.length - 8);
      for (let i = stack.length - 1; i >= limit; i--) {
        if (rule.close.includes(stack[i])) {
          popTo(i);
          break;
        }
        if (rule.stop.has(stack[i])) break;
      }
    }
    if (TEXT_ELEMENTS.has(name)) {
      const end = lower.indexOf(`</${name}`, tag.lastIndex);
      if (end === -1) break;
      tag.lastIndex = end;
      continue;
    }
    if (VOID_ELEMENTS.has(name)) continue;
    // NOTE: `/>` only self-closes in SVG/MathML; on HTML elements the tree builder ignores it.
    if (foreign > 0 && attrs.endsWith('/')) continue;
    if (name === 'svg' || name === 'math') foreign++;
    stack.push(name);
  }
  return cost;
}
