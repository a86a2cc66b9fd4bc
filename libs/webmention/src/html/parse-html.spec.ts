import { parseHtml, parseHtmlFragment, serializeHtml } from './parse-html';
import { textContent, walkElements } from './html-walk';

const tags = (root: Parameters<typeof walkElements>[0]): string[] => [...walkElements(root)].map((el) => el.tagName);

describe('parseHtml', () => {
  it('builds a whole document from sloppy markup, as a browser does', () => {
    expect(tags(parseHtml('<p>a<p>b'))).toEqual(['html', 'head', 'body', 'p', 'p']);
  });

  it('treats noscript content as text by default (scripting enabled)', () => {
    const doc = parseHtml('<body><noscript><a href="/x">x</a></noscript>');
    expect(tags(doc)).toEqual(['html', 'head', 'body', 'noscript']);
  });

  it('parses noscript content as markup when scripting is disabled', () => {
    const doc = parseHtml('<body><noscript><a href="/x">x</a></noscript>', { scriptingEnabled: false });
    expect(tags(doc)).toContain('a');
  });

  it('parses a non-string as the empty document', () => {
    expect(tags(parseHtml(undefined as unknown as string))).toEqual(['html', 'head', 'body']);
  });
});

describe('parseHtmlFragment', () => {
  it('parses without adding html, head or body', () => {
    const fragment = parseHtmlFragment('<a href="/x">one</a> two');
    expect(tags(fragment)).toEqual(['a']);
    expect(textContent(fragment)).toBe('one two');
  });

  it('parses a non-string as the empty fragment', () => {
    expect(parseHtmlFragment(null as unknown as string).childNodes).toHaveLength(0);
  });
});

describe('serializeHtml', () => {
  it('round-trips a parsed fragment', () => {
    expect(serializeHtml(parseHtmlFragment('<p class="a">x &amp; y</p>'))).toBe('<p class="a">x &amp; y</p>');
  });
});
