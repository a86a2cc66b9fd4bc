import { attr, hrefOf, relHasToken, textContent, walkElements, type WalkOptions } from './html-walk';
import { parseHtml, parseHtmlFragment, type HtmlElement } from './parse-html';

const tagsOf = (html: string, opts?: WalkOptions): string[] =>
  [...walkElements(parseHtmlFragment(html), opts)].map((el) => el.tagName);

const first = (html: string, tag: string): HtmlElement => {
  const el = [...walkElements(parseHtmlFragment(html), { foreign: true })].find((e) => e.tagName === tag);
  if (!el) throw new Error(`no <${tag}>`);
  return el;
};

describe('walkElements', () => {
  it('yields elements in document order', () => {
    expect(tagsOf('<div><p><b>1</b><i>2</i></p><span>3</span></div><em>4</em>')).toEqual([
      'div',
      'p',
      'b',
      'i',
      'span',
      'em',
    ]);
  });

  it('yields only HTML elements by default, but walks into foreign content', () => {
    expect(tagsOf('<svg><a href="/s"></a><foreignObject><p>x</p></foreignObject></svg><a href="/h"></a>')).toEqual([
      'p',
      'a',
    ]);
  });

  it('yields SVG and MathML elements with foreign', () => {
    expect(tagsOf('<svg><a></a></svg><math><mi>x</mi></math>', { foreign: true })).toEqual(['svg', 'a', 'math', 'mi']);
  });

  it('never yields template contents, comments or escaped markup', () => {
    expect(tagsOf('<template><a></a></template><!-- <b></b> --><p>&lt;i&gt;</p>')).toEqual(['template', 'p']);
  });

  it('skips opaque elements and their contents when asked', () => {
    const html = '<script>x</script><style>y</style><template><a></a></template><noscript>z</noscript><p></p>';
    expect(tagsOf(html, { skipOpaque: true })).toEqual(['p']);
    expect(tagsOf('<svg><style></style><a></a></svg>', { foreign: true, skipOpaque: true })).toEqual(['svg', 'a']);
  });

  it('stops after maxNodes nodes, text included', () => {
    expect(tagsOf('<b>1</b><i>2</i><u>3</u>', { maxNodes: 3 })).toEqual(['b', 'i']);
    expect(tagsOf('<b></b><i></i>', { maxNodes: 0 })).toEqual([]);
  });

  it('can be stopped early', () => {
    const seen: string[] = [];
    for (const el of walkElements(parseHtmlFragment('<a></a><b></b><c></c>'))) {
      seen.push(el.tagName);
      if (el.tagName === 'b') break;
    }
    expect(seen).toEqual(['a', 'b']);
  });

  it('copes with hostile nesting without recursion', () => {
    const depth = 20_000;
    const doc = parseHtml('<span>'.repeat(depth) + '<a href="/deep">x</a>');
    let found: string | undefined;
    for (const el of walkElements(doc)) if (el.tagName === 'a') found = attr(el, 'href');
    expect(found).toBe('/deep');
  });
});

describe('attr', () => {
  it('reads a no-namespace attribute, entities decoded', () => {
    expect(attr(first('<a HREF="/x?a=1&amp;b=2">x</a>', 'a'), 'href')).toBe('/x?a=1&b=2');
    expect(attr(first('<a>x</a>', 'a'), 'href')).toBeUndefined();
    expect(attr(first('<a href="">x</a>', 'a'), 'href')).toBe('');
  });

  it('does not mistake a namespaced attribute for a plain one', () => {
    const a = first('<svg><a xlink:href="/legacy"></a></svg>', 'a');
    expect(attr(a, 'href')).toBeUndefined();
    expect(attr(a, 'href', 'http://www.w3.org/1999/xlink')).toBe('/legacy');
  });
});

describe('hrefOf', () => {
  it.each([
    ['<a href="/plain">x</a>', '/plain'],
    ['<svg><a xlink:href="/legacy"></a></svg>', '/legacy'],
    ['<svg><a href="/svg2" xlink:href="/legacy"></a></svg>', '/svg2'],
    ['<a>x</a>', undefined],
  ])('%s -> %s', (html, href) => {
    expect(hrefOf(first(html, 'a'))).toBe(href);
  });
});

describe('textContent', () => {
  it('concatenates descendant text in document order', () => {
    expect(textContent(first('<p>a <b>b <i>c</i></b> d<!-- no --></p>', 'p'))).toBe('a b c d');
  });

  it('copes with deep nesting', () => {
    const p = first('<p>' + '<span>'.repeat(20_000) + 'deep</p>', 'p');
    expect(textContent(p)).toBe('deep');
  });
});

describe('relHasToken', () => {
  it.each([
    ['webmention', true],
    ['WebMention', true],
    ['\n\tsomething webmention  other', true],
    ['not-webmention', false],
    ['webmentions', false],
    ['', false],
    [undefined, false],
  ] as Array<[string | undefined, boolean]>)('%j -> %s', (rel, expected) => {
    expect(relHasToken(rel, 'webmention')).toBe(expected);
  });
});
