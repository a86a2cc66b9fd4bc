import LinkHeader from 'http-link-header';
import { advertisedLink, hasWebmentionLink, withWebmentionLink } from './advertise-link';

const ENDPOINT = 'https://blog.example/webmention?post=0123456789abcdef';
const OURS = `<${ENDPOINT}>; rel="webmention"`;

describe('withWebmentionLink', () => {
  it('sets the endpoint when there is no Link header', () => {
    expect(withWebmentionLink(undefined, ENDPOINT)).toBe(OURS);
    expect(withWebmentionLink('', ENDPOINT)).toBe(OURS);
    expect(withWebmentionLink([], ENDPOINT)).toBe(OURS);
  });

  it('appends to other Link values, keeping them as written', () => {
    const preload = '</style.css>; rel=preload; as=style';
    const merged = withWebmentionLink(preload, ENDPOINT);
    expect(merged).toBe(`${preload}, ${OURS}`);
    const refs = LinkHeader.parse(merged as string).refs;
    expect(refs.map((r) => [r.uri, r.rel])).toEqual([
      ['/style.css', 'preload'],
      [ENDPOINT, 'webmention'],
    ]);
    expect(withWebmentionLink(['<https://a.example/>; rel=me', '</x>; rel=next'], ENDPOINT)).toEqual([
      '<https://a.example/>; rel=me',
      '</x>; rel=next',
      OURS,
    ]);
  });

  it('leaves a header that already names a webmention endpoint alone', () => {
    for (const existing of [
      '<https://elsewhere.example/wm>; rel="webmention"',
      '<https://elsewhere.example/wm>; rel=WebMention',
      '</a>; rel=me, <https://elsewhere.example/wm>; rel="me webmention"',
      ['</a>; rel=me', '<https://elsewhere.example/wm>; rel=webmention'],
      OURS,
    ]) {
      expect(withWebmentionLink(existing, ENDPOINT)).toBeNull();
    }
  });

  it('does not mistake another relation or a URL containing the word for an endpoint', () => {
    expect(hasWebmentionLink('<https://x.example/webmention>; rel=alternate')).toBe(false);
    expect(hasWebmentionLink('<https://x.example/>; rel="webmentions"')).toBe(false);
    expect(withWebmentionLink('<https://x.example/webmention>; rel=alternate', ENDPOINT)).toBe(
      `<https://x.example/webmention>; rel=alternate, ${OURS}`,
    );
  });

  it('reads an unparseable value as text, so it is neither doubled nor lost', () => {
    expect(hasWebmentionLink('garbage; rel=webmention')).toBe(true);
    expect(withWebmentionLink('garbage', ENDPOINT)).toBe(`garbage, ${OURS}`);
  });
});

describe('advertisedLink', () => {
  it('adds the endpoint to HTML only', () => {
    expect(advertisedLink('text/html; charset=utf-8', undefined, ENDPOINT)).toBe(OURS);
    expect(advertisedLink('TEXT/HTML', undefined, ENDPOINT)).toBe(OURS);
    for (const type of [
      'application/json; charset=utf-8',
      'text/plain',
      'text/css',
      'application/xhtml+xml',
      undefined,
    ]) {
      expect(advertisedLink(type, undefined, ENDPOINT)).toBeNull();
      expect(advertisedLink(type, '</x>; rel=next', ENDPOINT)).toBeNull();
    }
  });

  it('never duplicates on HTML either', () => {
    expect(advertisedLink('text/html', OURS, ENDPOINT)).toBeNull();
  });
});
