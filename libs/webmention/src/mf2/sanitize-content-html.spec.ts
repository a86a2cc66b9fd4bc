import { MAX_CONTENT_HTML_OUTPUT, sanitizeContentHtml } from './sanitize-content-html';

const BASE = 'https://source.example/blog/post/';

describe('sanitizeContentHtml', () => {
  it('keeps allowed formatting and strips classes, ids, styles and data attributes', () => {
    const out = sanitizeContentHtml(
      '<p class="x" id="y" style="color:red" data-z="1">Hi <strong>there</strong> <code>x()</code></p>',
      BASE,
    );
    expect(out).toBe('<p>Hi <strong>there</strong> <code>x()</code></p>');
  });

  it('resolves relative URLs against the base and forces rel on links', () => {
    expect(sanitizeContentHtml('<a href="../other" rel="me" target="_blank">o</a>', BASE)).toBe(
      '<a href="https://source.example/blog/other" rel="nofollow ugc noopener">o</a>',
    );
    expect(sanitizeContentHtml('<img src="//cdn.example/a.png" alt="a" width="10" height="x">', BASE)).toBe(
      '<img src="https://cdn.example/a.png" alt="a" width="10" />',
    );
  });

  it('keeps mailto links but not other schemes; drops images without a usable source', () => {
    expect(sanitizeContentHtml('<a href="mailto:a@example.com">m</a>', BASE)).toBe(
      '<a href="mailto:a@example.com" rel="nofollow ugc noopener">m</a>',
    );
    expect(sanitizeContentHtml('<a href="tel:123">t</a><a href="ftp://x.example/">f</a>', BASE)).toBe(
      '<a>t</a><a>f</a>',
    );
    expect(sanitizeContentHtml('<p>x<img src="mailto:a@example.com"><img alt="no src"></p>', BASE)).toBe('<p>x</p>');
  });

  it('demotes headings below the page heading levels', () => {
    expect(sanitizeContentHtml('<h1>a</h1><h2>b</h2><h4>c</h4><h6>d</h6>', BASE)).toBe(
      '<h3>a</h3><h4>b</h4><h6>c</h6><h6>d</h6>',
    );
  });

  it('drops dangerous elements together with their content but unwraps unknown harmless ones', () => {
    expect(
      sanitizeContentHtml('<div><section>kept</section><iframe>gone</iframe><svg><text>gone</text></svg></div>', BASE),
    ).toBe('kept');
  });

  it('bounds the output length and still returns well-formed HTML', () => {
    const para = '<p><a href="/x">link</a> some text &amp; more</p>';
    const out = sanitizeContentHtml(para.repeat(5000), BASE);
    expect(out.length).toBeLessThanOrEqual(MAX_CONTENT_HTML_OUTPUT + 100);
    expect(out.length).toBeGreaterThan(MAX_CONTENT_HTML_OUTPUT / 2);
    expect(out.endsWith('</p>') || out.endsWith('</a>')).toBe(true);
    expect(sanitizeContentHtml(out, BASE)).toBe(out);
  });

  it('returns an empty string for empty input', () => {
    expect(sanitizeContentHtml('', BASE)).toBe('');
  });
});
