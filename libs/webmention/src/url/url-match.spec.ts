import { matchKey, urlsMatch } from './url-match';

describe('urlsMatch', () => {
  const matching: Array<[string, string, string]> = [
    ['identical', 'https://example.com/post', 'https://example.com/post'],
    ['fragment ignored', 'https://example.com/post#comments', 'https://example.com/post'],
    ['different fragments', 'https://example.com/post#a', 'https://example.com/post#b'],
    ['scheme case', 'HTTPS://example.com/post', 'https://example.com/post'],
    ['host case', 'https://EXAMPLE.com/post', 'https://example.com/post'],
    ['leading www.', 'https://www.example.com/post', 'https://example.com/post'],
    ['leading WWW. upper case', 'https://WWW.Example.COM/post', 'https://example.com/post'],
    ['one trailing slash', 'https://example.com/post/', 'https://example.com/post'],
    ['root without slash', 'https://example.com', 'https://example.com/'],
    ['query order', 'https://example.com/p?a=1&b=2', 'https://example.com/p?b=2&a=1'],
    ['duplicates in any order', 'https://example.com/p?a=1&b=2&a=1', 'https://example.com/p?a=1&a=1&b=2'],
    ['empty query', 'https://example.com/p?', 'https://example.com/p'],
    ['same explicit port', 'https://example.com:8080/p', 'https://example.com:8080/p'],
    ['explicit default port both sides', 'https://example.com:443/p', 'https://example.com:443/p'],
    ['same userinfo', 'https://u:pw@example.com/p', 'https://u:pw@example.com/p'],
    ['IDNA unicode vs punycode', 'https://bücher.example/p', 'https://xn--bcher-kva.example/p'],
    ['percent-encoding as serialised', 'https://example.com/a b', 'https://example.com/a%20b'],
    ['dot segments resolved', 'https://example.com/a/../post', 'https://example.com/post'],
    ['IPv6 host', 'http://[::1]:8080/p', 'http://[0:0:0:0:0:0:0:1]:8080/p'],
  ];
  it.each(matching)('matches: %s', (_name, a, b) => {
    expect(urlsMatch(a, b)).toBe(true);
    expect(urlsMatch(b, a)).toBe(true);
  });

  const different: Array<[string, string, string]> = [
    ['path case kept', 'https://example.com/Post', 'https://example.com/post'],
    ['http vs https', 'http://example.com/post', 'https://example.com/post'],
    ['www. not at start', 'https://blog.www.example.com/p', 'https://blog.example.com/p'],
    ['wwww. is not www.', 'https://wwww.example.com/p', 'https://example.com/p'],
    ['www without dot', 'https://wwwexample.com/p', 'https://example.com/p'],
    ['two trailing slashes', 'https://example.com/post//', 'https://example.com/post'],
    ['two vs one trailing slash', 'https://example.com/post//', 'https://example.com/post/'],
    ['root vs double slash', 'https://example.com//', 'https://example.com/'],
    ['different path', 'https://example.com/post', 'https://example.com/posts'],
    ['duplicate param count', 'https://example.com/p?a=1&a=1', 'https://example.com/p?a=1'],
    ['different param value', 'https://example.com/p?a=1', 'https://example.com/p?a=2'],
    ['query vs none', 'https://example.com/p?a=1', 'https://example.com/p'],
    ['explicit :443 vs none', 'https://example.com:443/p', 'https://example.com/p'],
    ['explicit :80 vs none', 'http://example.com:80/p', 'http://example.com/p'],
    ['8080 vs 8081', 'https://example.com:8080/p', 'https://example.com:8081/p'],
    ['port vs none', 'https://example.com:8080/p', 'https://example.com/p'],
    ['userinfo vs none', 'https://u@example.com/p', 'https://example.com/p'],
    ['different user', 'https://u@example.com/p', 'https://v@example.com/p'],
    ['different password', 'https://u:a@example.com/p', 'https://u:b@example.com/p'],
    ['userinfo case kept', 'https://U@example.com/p', 'https://u@example.com/p'],
    ['different host', 'https://example.org/p', 'https://example.com/p'],
    ['subdomain', 'https://blog.example.com/p', 'https://example.com/p'],
    ['IPv6 port vs none', 'http://[::1]:80/p', 'http://[::1]/p'],
  ];
  it.each(different)('does not match: %s', (_name, a, b) => {
    expect(urlsMatch(a, b)).toBe(false);
    expect(urlsMatch(b, a)).toBe(false);
  });

  it.each([
    ['', ''],
    ['not a url', 'not a url'],
    ['/relative', '/relative'],
    ['ftp://example.com/x', 'ftp://example.com/x'],
    ['mailto:a@example.com', 'mailto:a@example.com'],
    ['javascript:alert(1)', 'javascript:alert(1)'],
  ])('never matches invalid or non-http(s) URLs: %s', (a, b) => {
    expect(urlsMatch(a, b)).toBe(false);
  });
});

describe('matchKey', () => {
  it.each(['', 'nope', 'ftp://example.com/', 'data:text/plain,hi', 'http://'])('is null for %j', (u) => {
    expect(matchKey(u)).toBeNull();
  });

  it('is a string for http(s) URLs', () => {
    expect(typeof matchKey('http://example.com')).toBe('string');
    expect(typeof matchKey('https://example.com/a?b=c#d')).toBe('string');
  });

  it('treats :0443 the same as :443 (both written explicitly)', () => {
    expect(matchKey('https://example.com:0443/p')).toBe(matchKey('https://example.com:443/p'));
  });

  it('ignores an empty port separator, as the URL standard does', () => {
    expect(matchKey('https://example.com:/p')).toBe(matchKey('https://example.com/p'));
  });

  it('detects an explicit port after userinfo containing a colon', () => {
    expect(matchKey('https://u:p@example.com:443/x')).not.toBe(matchKey('https://u:p@example.com/x'));
  });

  it('tolerates surrounding whitespace like the URL parser does', () => {
    expect(matchKey('  https://example.com:443/p ')).toBe(matchKey('https://example.com:443/p'));
  });
});
