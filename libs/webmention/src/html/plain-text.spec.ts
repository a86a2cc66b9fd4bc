import { parseHtmlFragment } from './parse-html';
import { htmlToText } from './plain-text';

describe('htmlToText', () => {
  it('puts a blank line between paragraphs and a newline at <br>', () => {
    expect(htmlToText('<p>Hello</p><p>World</p>')).toBe('Hello\n\nWorld');
    expect(htmlToText('Hello<br>World')).toBe('Hello\nWorld');
    expect(htmlToText('a<br><br>b')).toBe('a\n\nb');
    expect(htmlToText('<p>them.</p><p>This</p>')).toBe('them.\n\nThis');
  });

  it('separates every kind of block, merging the breaks of nested and adjacent ones', () => {
    expect(htmlToText('<h2>Title</h2><div><p>one</p><p>two</p></div><ul><li>x</li><li>y</li></ul>')).toBe(
      'Title\n\none\n\ntwo\n\nx\n\ny',
    );
    expect(htmlToText('<blockquote>quoted</blockquote>after')).toBe('quoted\n\nafter');
    expect(htmlToText('<p>a<br></p><p>b</p>')).toBe('a\n\nb');
    expect(htmlToText('<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>')).toBe('1 2\n3');
  });

  it('collapses whitespace outside pre and keeps it inside', () => {
    expect(htmlToText('  Hello \n\t  <b>big</b>   world  ')).toBe('Hello big world');
    expect(htmlToText('<p>code:</p><pre>  if (x) {\n    y();\n  }</pre><p>done</p>')).toBe(
      'code:\n\n  if (x) {\n    y();\n  }\n\ndone',
    );
    expect(htmlToText('<pre>a  <b>b\n  c</b></pre>')).toBe('a  b\n  c');
  });

  it("gives an image's alt once and never its URL", () => {
    const text = htmlToText('<p>Some content. <img src="http://example.com/photo.jpg"></p>');
    expect(text).toBe('Some content.');
    expect(htmlToText('Look:<img src="/a.png" alt="A  cat">!')).toBe('Look: A cat !');
    expect(
      htmlToText('<figure><img src="/p.jpg" alt="Photo caption"><figcaption>Photo caption</figcaption></figure>'),
    ).toBe('Photo caption');
    expect(htmlToText('<figure><img src="/p.jpg" alt="A dog"><figcaption>Rex</figcaption></figure>')).toBe(
      'A dog\n\nRex',
    );
    expect(htmlToText('<img src="/p.jpg" alt="">')).toBe('');
  });

  it('leaves out scripts, styles, forms, embeds, templates and hidden elements', () => {
    expect(
      htmlToText(
        '<p>kept</p><script>evil()</script><style>p{}</style><noscript><p>no</p></noscript><template><p>t</p></template>' +
          '<select><option>o</option></select><textarea>ta</textarea><iframe>if</iframe><svg><text>s</text></svg>' +
          '<video>Your browser</video><p hidden>secret</p><button>b</button><xmp>x</xmp><object>o</object>',
      ),
    ).toBe('kept');
  });

  it('reads an already parsed fragment, and is empty for empty or text-free markup', () => {
    expect(htmlToText(parseHtmlFragment('<p>a</p><p>b</p>'))).toBe('a\n\nb');
    expect(htmlToText('')).toBe('');
    expect(htmlToText('<a href="https://x.example/"></a><p>  </p><br>')).toBe('');
    expect(htmlToText(undefined as unknown as string)).toBe('');
  });

  it('is bounded and iterative on hostile input', () => {
    const deep = '<div>'.repeat(5000) + 'deep' + '</div>'.repeat(5000);
    expect(() => htmlToText(deep)).not.toThrow();
    const many = '<p>x</p>'.repeat(1000);
    expect(htmlToText(many, { maxNodes: 10 }).split('\n\n')).toHaveLength(5);
  });
});
