import { attr } from './html-walk';
import { absoluteHttpUrl, baseElement, documentBaseUrl, resolveUrl } from './base-url';
import { parseHtml } from './parse-html';

const DOC = 'https://site.example/dir/page?q=1#frag';
const baseOf = (html: string, documentUrl = DOC): string | null => documentBaseUrl(parseHtml(html), documentUrl);

describe('documentBaseUrl', () => {
  it.each([
    ['no base', '<p>x</p>', 'https://site.example/dir/page?q=1#frag'],
    ['absolute base', '<base href="https://other.example/b/">', 'https://other.example/b/'],
    ['relative base, resolved against the document', '<base href="/other/">', 'https://site.example/other/'],
    ['path-relative base', '<base href="sub/">', 'https://site.example/dir/sub/'],
    ['base without href skipped', '<base target="_blank"><base href="/second/">', 'https://site.example/second/'],
    ['first base with href wins', '<base href="/one/"><base href="/two/">', 'https://site.example/one/'],
    [
      'first in tree order, head before body',
      '<head><base href="/head/"></head><body><base href="/body/"></body>',
      'https://site.example/head/',
    ],
    [
      'unparseable base: the document URL',
      '<base href="http://[x"><base href="/two/">',
      'https://site.example/dir/page?q=1#frag',
    ],
    [
      'javascript: base: the document URL',
      '<base href="javascript:void(0)/">',
      'https://site.example/dir/page?q=1#frag',
    ],
    ['data: base: the document URL', '<base href="data:text/html,x">', 'https://site.example/dir/page?q=1#frag'],
    ['other scheme: the document URL', '<base href="foo://bar/">', 'https://site.example/dir/page?q=1#frag'],
    ['empty href: the document URL', '<base href="">', 'https://site.example/dir/page?q=1#frag'],
    ['base in a template ignored', '<template><base href="/t/"></template>', 'https://site.example/dir/page?q=1#frag'],
    ['base in svg ignored', '<body><svg><base href="/svg/"></svg><base href="/html/">', 'https://site.example/html/'],
    ['base in a script ignored', '<script>"<base href=/s/>"</script>', 'https://site.example/dir/page?q=1#frag'],
  ])('%s', (_name, html, expected) => {
    expect(baseOf(html)).toBe(expected);
  });

  it('resolves an absolute base even when the document URL is unusable', () => {
    expect(baseOf('<base href="https://other.example/">', 'not a url')).toBe('https://other.example/');
  });

  it('is null when neither the base nor the document URL is an absolute http(s) URL', () => {
    expect(baseOf('<p>x</p>', 'not a url')).toBeNull();
    expect(baseOf('<base href="/relative/">', 'not a url')).toBeNull();
    expect(baseOf('<p>x</p>', 'ftp://files.example/')).toBeNull();
  });
});

describe('baseElement', () => {
  it('is the first HTML base with an href', () => {
    const el = baseElement(parseHtml('<base target="x"><base href="/a/"><base href="/b/">'));
    expect(el && attr(el, 'href')).toBe('/a/');
    expect(baseElement(parseHtml('<base target="x">'))).toBeNull();
  });
});

describe('resolveUrl', () => {
  it.each([
    ['/a', 'https://x.example/b/c', 'https://x.example/a'],
    ['', 'https://x.example/b?c#d', 'https://x.example/b?c'],
    ['mailto:a@b.example', 'https://x.example/', 'mailto:a@b.example'],
    ['https://y.example', null, 'https://y.example/'],
    ['/a', null, null],
    ['http://[bad', 'https://x.example/', null],
    ['/a', 'not a url', null],
  ] as Array<[string, string | null, string | null]>)('%j against %j -> %j', (ref, base, expected) => {
    expect(resolveUrl(ref, base)).toBe(expected);
  });
});

describe('absoluteHttpUrl', () => {
  it.each([
    ['https://x.example/a', undefined, 'https://x.example/a'],
    ['  https://x.example/a  ', undefined, 'https://x.example/a'],
    ['/a', 'https://x.example/b', 'https://x.example/a'],
    ['/a', undefined, null],
    ['', 'https://x.example/', null],
    ['   ', 'https://x.example/', null],
    ['javascript:alert(1)', 'https://x.example/', null],
    ['ftp://x.example/', undefined, null],
    [null, undefined, null],
  ] as Array<[string | null, string | undefined, string | null]>)('%j against %j -> %j', (value, base, expected) => {
    expect(absoluteHttpUrl(value, base)).toBe(expected);
  });
});
