import { parseHtmlFragment, textContent } from '../html';
import { capContentHtml, capMentionContent, capPlainText, ELLIPSIS, keptLength } from './cap-content';
import { sanitizeContentHtml } from './sanitize-content-html';

const SOURCE = 'https://source.example/post';
const ENTRY = 'https://source.example/entry/1';
const READ_MORE = `<a href="${ENTRY}" rel="nofollow ugc noopener">Read more</a>`;
const opts = (maxChars: number) => ({ maxChars, readMoreUrl: ENTRY, baseUrl: SOURCE });
/** The text a cut HTML result shows before its "Read more" link. */
/** No lone surrogate (what `String.prototype.isWellFormed` checks, which Node 20's typings lack). */
const wellFormed = (text: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
const keptText = (html: string) => textContent(parseHtmlFragment(html)).replace(/ Read more$/, '');

describe('capPlainText', () => {
  it('leaves text of exactly the cap, and shorter text, unchanged', () => {
    expect(capPlainText('aaa bbb cc', 10)).toBe('aaa bbb cc');
    expect(capPlainText('short', 10)).toBe('short');
    expect(capPlainText('', 10)).toBe('');
  });

  it('cuts one character over the cap at the last word boundary, the ellipsis included in the cap', () => {
    expect(capPlainText('aaa bbb ccc', 10)).toBe(`aaa bbb${ELLIPSIS}`);
    expect(capPlainText('aaa bbb ccc', 10).length).toBeLessThanOrEqual(10);
  });

  it('keeps a word that ends exactly at the budget', () => {
    expect(capPlainText('aaaa bbbb ccccc', 10)).toBe(`aaaa bbbb${ELLIPSIS}`);
  });

  it('drops trailing punctuation and whitespace before the ellipsis', () => {
    expect(capPlainText('one two, three four five', 10)).toBe(`one two${ELLIPSIS}`);
    expect(capPlainText('one two —  three', 12)).toBe(`one two${ELLIPSIS}`);
  });

  it('cuts inside a word that fills most of the budget rather than keeping almost nothing', () => {
    expect(capPlainText(`a ${'x'.repeat(40)}`, 20)).toBe(`a ${'x'.repeat(17)}${ELLIPSIS}`);
    expect(capPlainText('x'.repeat(40), 20)).toBe(`${'x'.repeat(19)}${ELLIPSIS}`);
  });

  it('never splits a surrogate pair', () => {
    const out = capPlainText('😀'.repeat(20), 10);
    expect(out).toBe(`${'😀'.repeat(4)}${ELLIPSIS}`);
    expect(wellFormed(out)).toBe(true);
    expect(wellFormed('😀'.slice(0, 1))).toBe(false);
  });

  it('breaks at any whitespace (newlines, tabs)', () => {
    expect(capPlainText('first line\nsecond line', 16)).toBe(`first line${ELLIPSIS}`);
  });

  it('copes with the smallest caps', () => {
    expect(capPlainText('hello world', 1)).toBe(ELLIPSIS);
    expect(capPlainText('hello world', 2)).toBe(`h${ELLIPSIS}`);
  });
});

describe('keptLength', () => {
  it('treats the given offsets as word boundaries', () => {
    expect(keptLength('abcdefghij', 8)).toBe(7);
    expect(keptLength('abcdefghij', 8, new Set([5]))).toBe(5);
  });
});

describe('capContentHtml', () => {
  it('leaves HTML whose text is exactly the cap, or shorter, unchanged', () => {
    const html = '<p>aaa <b>bbb</b> cc</p>';
    expect(capContentHtml(html, opts(10))).toBe(html);
    expect(capContentHtml('<p>short</p>', opts(10))).toBe('<p>short</p>');
  });

  it('cuts one word over the cap, closes the paragraph and ends with a Read more link', () => {
    expect(capContentHtml('<p>aaa bbb ccc</p>', opts(10))).toBe(`<p>aaa bbb${ELLIPSIS} ${READ_MORE}</p>`);
  });

  it('keeps the markup before the cut inside nested inline elements and drops what follows', () => {
    const html = '<p>one <b>two <i>three four</i> five</b> six</p><p>seven <img src="https://img.example/a.png"></p>';
    const out = capContentHtml(html, opts(16));
    expect(out).toBe(`<p>one <b>two <i>three${ELLIPSIS}</i></b> ${READ_MORE}</p>`);
    expect(out).not.toContain('img.example');
  });

  it('cuts between paragraphs that have no whitespace between them', () => {
    expect(capContentHtml('<p>alpha</p><p>beta gamma</p>', opts(9))).toBe(`<p>alpha${ELLIPSIS} ${READ_MORE}</p>`);
  });

  it('cuts inside a list, keeping the items before the cut', () => {
    const out = capContentHtml('<ul><li>first item</li><li>second item</li><li>third item</li></ul>', opts(20));
    expect(out).toBe(`<ul><li>first item</li><li>second${ELLIPSIS} ${READ_MORE}</li></ul>`);
  });

  it('counts an entity as the one character it stands for and never cuts it apart', () => {
    const out = capContentHtml('<p>Tom &amp; Jerry &amp; friends forever</p>', opts(13));
    expect(out).toBe(`<p>Tom &amp; Jerry${ELLIPSIS} ${READ_MORE}</p>`);
    expect(keptText(out)).toBe(`Tom & Jerry${ELLIPSIS}`);
  });

  it('never splits a surrogate pair in HTML text', () => {
    const out = capContentHtml(`<p>${'😀'.repeat(30)}</p>`, opts(11));
    expect(keptText(out)).toBe(`${'😀'.repeat(5)}${ELLIPSIS}`);
    expect(wellFormed(out)).toBe(true);
  });

  it('puts the link after a link the cut falls in, never inside it', () => {
    const out = capContentHtml('<p>see <a href="https://x.example/">a very long link text here</a></p>', opts(16));
    expect(out).toBe(
      `<p>see <a href="https://x.example/" rel="nofollow ugc noopener">a very long${ELLIPSIS}</a> ${READ_MORE}</p>`,
    );
    expect(out.match(/<a /g)).toHaveLength(2);
  });

  it('keeps its output within the cap and well formed for long multi-paragraph content', () => {
    const paragraph = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20);
    const html = sanitizeContentHtml(
      Array.from({ length: 12 }, (_, i) => `<p>${i} <em>${paragraph}</em></p>`).join('\n'),
      SOURCE,
    );
    const out = capContentHtml(html, opts(500));
    expect(keptText(out).length).toBeLessThanOrEqual(500);
    expect(keptText(out).length).toBeGreaterThan(400);
    expect(out.endsWith(`${READ_MORE}</p>`)).toBe(true);
    expect(sanitizeContentHtml(out, SOURCE)).toBe(out);
  });

  it('puts the link at the end when the cut text is not in a block', () => {
    expect(capContentHtml('alpha beta gamma', opts(12))).toBe(`alpha beta${ELLIPSIS} ${READ_MORE}`);
  });
});

describe('capMentionContent', () => {
  it('caps both fields and keeps nulls', () => {
    expect(capMentionContent({ content: 'aaa bbb ccc', contentHtml: null }, opts(10))).toEqual({
      content: `aaa bbb${ELLIPSIS}`,
      contentHtml: null,
    });
    expect(capMentionContent({ content: null, contentHtml: '<p>aaa bbb ccc</p>' }, opts(10))).toEqual({
      content: null,
      contentHtml: `<p>aaa bbb${ELLIPSIS} ${READ_MORE}</p>`,
    });
  });
});
