/** A cheap pre-parse estimate of parse5's work, so quadratic-cost HTML is refused before it is parsed. */

/**
 * Upper bound on the estimated parse cost of an HTML source (see {@link estimateHtmlParseCost}).
 * NOTE: parse5 is quadratic in open-element depth (scope checks) and in attributes per tag (duplicate checks):
 * 100 KB of nested `<div>` takes seconds, 1 MB takes minutes. Ordinary pages estimate at well under 1% of this.
 */
export const HTML_PARSE_BUDGET = 30_000_000;

/**
 * Upper bound on the estimated work of reading a source's microformats ({@link ParseCosts.properties}).
 * NOTE: measured with microformats-parser 2.0: 1,200 nested `h-entry > e-content` in 886 KB estimate 545 M and take
 * 2.7 s and 1 GB; 200 nested, 15 M and 0.2 s; a 1 MB post in one `e-content`, 1 M.
 */
export const MF2_PROPERTY_BUDGET = 16_000_000;

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

/** Estimated work of parsing a document, from {@link estimateParseCosts}. */
export interface ParseCosts {
  /** parse5's work: open-element depth summed over start tags, plus the square of each tag's attribute count. */
  tree: number;
  /**
   * microformats-parser's work beyond the tree: every byte counted once per open `e-*`/`p-*` property around it,
   * since the parser serialises (e-*) or reads the text of (p-*) each property's whole subtree.
   */
  properties: number;
  /** Elements with an `h-*` class: microformats items, roots and nested ones. */
  items: number;
  /** Deepest nesting of microformats items and properties, one inside another. */
  nesting: number;
}

/** A microformats class token: an item (`h-`) or a property whose value reads its subtree (`p-`, `e-`). */
const MF_CLASS = /(?:^|\s)(h|p|e)-[a-z0-9]+(?:-[a-z0-9]+)*(?=\s|$)/g;
const CLASS_ATTR = /(?:^|\s)class\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)/;

/** Whether a tag's attributes make it an item (`h-*`) and/or a property that reads its subtree (`p-*`, `e-*`). */
function microformatsRole(attrs: string): { item: boolean; property: boolean } {
  const found = CLASS_ATTR.exec(attrs);
  if (!found) return { item: false, property: false };
  const value = found[1].replace(/^["']|["']$/g, '');
  let item = false;
  let property = false;
  for (const m of value.matchAll(MF_CLASS)) {
    if (m[1] === 'h') item = true;
    else property = true;
  }
  return { item, property };
}

/** Bytes from a tag's start (`from`) through the text after it (`end` is where the tag ends). */
function textRun(html: string, from: number, end: number): number {
  const next = html.indexOf('<', end);
  return (next === -1 ? html.length : next) - from;
}

/**
 * Conservative estimate of parse5's work for `html` (see {@link ParseCosts.tree}). Stops once `stopAbove` is exceeded.
 */
export function estimateHtmlParseCost(html: string, stopAbove = Infinity): number {
  return estimateParseCosts(html, stopAbove).tree;
}

/**
 * Conservative estimates of the work of parsing `html` and reading its microformats ({@link ParseCosts}), in one
 * pass. Stops counting once the tree cost or the property cost exceeds `stopAbove`.
 * NOTE: errs high (unmatched end tags are ignored, as the tree builder ignores them) so hostile input cannot
 * hide its depth; it is a guard, not a parser.
 */
export function estimateParseCosts(html: string, stopAbove = Infinity): ParseCosts {
  const lower = html.toLowerCase();
  const stack: string[] = [];
  /** Per open element: 1 when it is an item or a property, for the nesting count. */
  const mfStack: number[] = [];
  let openProperties = 0;
  let openMf = 0;
  let items = 0;
  let nesting = 0;
  let properties = 0;
  let foreign = 0;
  let cost = 0;
  const tag = /<(!--|\/?)([a-z][^\s/>]*)?([^>]*)>?/g;
  const popTo = (i: number): void => {
    for (let j = stack.length - 1; j >= i; j--) {
      if (stack[j] === 'svg' || stack[j] === 'math') foreign--;
      const role = mfStack[j];
      if (role & 1) openMf--;
      if (role & 2) openProperties--;
    }
    stack.length = i;
    mfStack.length = i;
  };
  let m: RegExpExecArray | null;
  while ((m = tag.exec(lower)) !== null && cost <= stopAbove && properties <= stopAbove) {
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
      // NOTE: text after an end tag is read by the properties still open around it.
      properties += openProperties * textRun(lower, m.index, tag.lastIndex);
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
    // NOTE: the tag and the text after it are read once by each property around them (and by this one if it is one).
    const role = microformatsRole(attrs);
    properties += (openProperties + (role.property ? 1 : 0)) * textRun(lower, m.index, tag.lastIndex);
    if (role.item) items++;
    if (VOID_ELEMENTS.has(name)) continue;
    // NOTE: `/>` only self-closes in SVG/MathML; on HTML elements the tree builder ignores it.
    if (foreign > 0 && attrs.endsWith('/')) continue;
    if (name === 'svg' || name === 'math') foreign++;
    const bits = (role.item || role.property ? 1 : 0) | (role.property ? 2 : 0);
    if (bits & 1) nesting = Math.max(nesting, ++openMf);
    if (bits & 2) openProperties++;
    stack.push(name);
    mfStack.push(bits);
  }
  return { tree: cost, properties, items, nesting };
}
