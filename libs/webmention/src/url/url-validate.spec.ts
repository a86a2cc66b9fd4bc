import { DEFAULT_MAX_URL_LENGTH, pairKey, parseHttpUrl, sameResource, UrlProblem } from './url-validate';

describe('parseHttpUrl', () => {
  it.each([
    ['https://example.com/post', 'https://example.com/post'],
    ['http://example.com', 'http://example.com/'],
    ['  https://example.com/p \n', 'https://example.com/p'],
    ['HTTPS://Example.COM/P', 'https://example.com/P'],
    ['https://example.com:8443/p?q=1#f', 'https://example.com:8443/p?q=1#f'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
    ['https://example.com/@user', 'https://example.com/@user'],
  ])('accepts %j', (raw, href) => {
    const r = parseHttpUrl(raw);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.url.href).toBe(href);
  });

  const refused: Array<[string, UrlProblem]> = [
    ['', 'unparseable'],
    ['   ', 'unparseable'],
    ['not a url', 'unparseable'],
    ['/relative/path', 'unparseable'],
    ['example.com/post', 'unparseable'],
    ['//example.com/post', 'unparseable'],
    ['http://', 'unparseable'],
    ['https://exa mple.com/', 'unparseable'],
    ['ftp://example.com/file', 'unsupported_scheme'],
    ['javascript:alert(1)', 'unsupported_scheme'],
    ['mailto:me@example.com', 'unsupported_scheme'],
    ['file:///etc/passwd', 'unsupported_scheme'],
    ['data:text/html,<a>', 'unsupported_scheme'],
    ['https://user@example.com/', 'userinfo'],
    ['https://user:pw@example.com/', 'userinfo'],
    ['https://:pw@example.com/', 'userinfo'],
    ['https://@example.com/', 'userinfo'],
  ];
  it.each(refused)('refuses %j as %s', (raw, problem) => {
    const r = parseHttpUrl(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toBe(problem);
      expect(r.message.length).toBeGreaterThan(0);
    }
  });

  it('refuses URLs longer than the default maximum', () => {
    const base = 'https://example.com/';
    const atLimit = base + 'a'.repeat(DEFAULT_MAX_URL_LENGTH - base.length);
    expect(parseHttpUrl(atLimit).ok).toBe(true);
    const r = parseHttpUrl(atLimit + 'a');
    expect(r).toMatchObject({ ok: false, problem: 'too_long' });
  });

  it('honours a custom maxLength, measured after trimming', () => {
    expect(parseHttpUrl('  https://example.com/  ', { maxLength: 20 }).ok).toBe(true);
    expect(parseHttpUrl('https://example.com/x', { maxLength: 20 })).toMatchObject({ ok: false, problem: 'too_long' });
  });

  it('names the field in the message', () => {
    expect(parseHttpUrl('nope', { label: 'source' })).toEqual({
      ok: false,
      problem: 'unparseable',
      message: 'source must be an absolute http(s) URL',
    });
  });

  it('does not throw on non-string input', () => {
    expect(parseHttpUrl(undefined as unknown as string)).toMatchObject({ ok: false, problem: 'unparseable' });
  });
});

describe('pairKey', () => {
  it.each([
    ['https://Example.COM/post#frag', 'https://example.com/post'],
    ['HTTP://example.com', 'http://example.com/'],
    ['https://example.com:443/p', 'https://example.com/p'],
    ['http://example.com:80/p', 'http://example.com/p'],
    ['https://example.com:8443/p?b=2&a=1#x', 'https://example.com:8443/p?b=2&a=1'],
    ['https://bücher.example/p', 'https://xn--bcher-kva.example/p'],
    ['https://example.com/p#', 'https://example.com/p'],
    ['https://example.com/Post/', 'https://example.com/Post/'],
  ])('%s -> %s', (input, key) => {
    expect(pairKey(input)).toBe(key);
  });

  it('throws on unparseable input', () => {
    expect(() => pairKey('not a url')).toThrow();
  });
});

describe('sameResource', () => {
  it.each([
    ['https://example.com/post', 'https://example.com/post#reply', true],
    ['https://EXAMPLE.com/post', 'https://example.com/post', true],
    ['HTTPS://example.com/post', 'https://example.com/post', true],
    ['https://example.com:443/post', 'https://example.com/post', true],
    ['https://example.com/Post', 'https://example.com/post', false],
    ['http://example.com/post', 'https://example.com/post', false],
    ['https://example.com/post/', 'https://example.com/post', false],
    ['https://example.com/p?a=1', 'https://example.com/p', false],
    ['not a url', 'not a url', false],
  ])('%s vs %s -> %s', (a, b, expected) => {
    expect(sameResource(a, b)).toBe(expected);
  });
});
