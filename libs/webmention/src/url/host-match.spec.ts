import { hostInList, normalizeHost } from './host-match';

describe('normalizeHost', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['example.com.', 'example.com'],
    ['  example.com  ', 'example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['BÜCHER.example', 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['[::1]', '[::1]'],
    ['::1', '[::1]'],
    ['[2001:DB8::1]', '[2001:db8::1]'],
    ['127.0.0.1', '127.0.0.1'],
    ['localhost', 'localhost'],
  ])('%j -> %j', (input, out) => {
    expect(normalizeHost(input)).toBe(out);
  });

  it.each(['', '   ', 'example.com:8080', 'example.com:80', 'example.com/path', 'user@example.com', 'a b.com', 'example.com?x', '[::1'])(
    'is empty for a non-host %j',
    (input) => {
      expect(normalizeHost(input)).toBe('');
    },
  );
});

describe('hostInList', () => {
  const list = ['example.com'];
  it.each([
    ['example.com', list, true],
    ['EXAMPLE.com', list, true],
    ['example.com.', list, true],
    ['blog.example.com', list, true],
    ['a.b.example.com', list, true],
    ['badexample.com', list, false],
    ['example.com.evil.net', list, false],
    ['example.org', list, false],
    ['com', list, false],
    ['', list, false],
    ['example.com', [], false],
    ['blog.example.com', ['*.example.com'], true],
    ['blog.example.com', ['.example.com'], true],
    ['example.com', ['*.Example.COM'], true],
    ['badexample.com', ['*.example.com'], false],
    ['example.com', ['https://Example.com/some/path'], true],
    ['blog.example.com', ['https://example.com:8443/'], true],
    ['bücher.example', ['xn--bcher-kva.example'], true],
    ['shop.xn--bcher-kva.example', ['bücher.example'], true],
    ['127.0.0.1', ['127.0.0.1'], true],
    ['1.127.0.0.1', ['127.0.0.1'], false],
    ['[::1]', ['::1'], true],
    ['other.com', ['', '  ', 'not a host/x', 'other.com'], true],
    ['x.evil.net/example.com', list, false],
  ] as Array<[string, string[], boolean]>)('%j in %j -> %s', (host, l, expected) => {
    expect(hostInList(host, l)).toBe(expected);
  });

  it('does not match subdomains when disabled', () => {
    expect(hostInList('blog.example.com', ['example.com'], { subdomains: false })).toBe(false);
    expect(hostInList('blog.example.com', ['*.example.com'], { subdomains: false })).toBe(false);
    expect(hostInList('example.com', ['example.com'], { subdomains: false })).toBe(true);
    expect(hostInList('blog.example.com', ['blog.example.com'], { subdomains: false })).toBe(true);
  });
});
