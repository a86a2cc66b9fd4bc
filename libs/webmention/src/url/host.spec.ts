import { hostForLookup, hostInList, hostOf, hostPortInList, normalizeHost, parseHostPortEntry, siteKey } from './host';

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
    ['example.com..', 'example.com'],
    ['0x7f.1', '127.0.0.1'],
  ])('%j -> %j', (input, out) => {
    expect(normalizeHost(input)).toBe(out);
  });

  it.each([
    '',
    '   ',
    'example.com:8080',
    'example.com:80',
    'example.com/path',
    'user@example.com',
    'a b.com',
    'example.com?x',
    '[::1',
  ])('is empty for a non-host %j', (input) => {
    expect(normalizeHost(input)).toBe('');
  });
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

describe('hostInList as the address guard allowedHosts check', () => {
  // NOTE: moved from the guard's former `isAllowedHost`, which now delegates here.
  const allowed = ['Example.COM', '127.0.0.1', '[::1]'];
  it.each(['example.com', 'www.example.com', 'a.b.example.com.', '127.0.0.1', '::1', '[::1]'])(
    '%s is allowed',
    (host) => {
      expect(hostInList(host, allowed)).toBe(true);
    },
  );
  it.each(['badexample.com', 'example.com.evil.net', '127.0.0.2', '', 'com'])('%j is not allowed', (host) => {
    expect(hostInList(host, allowed)).toBe(false);
  });
});

describe('hostForLookup', () => {
  it.each([
    [' [FE80::1] ', 'fe80::1'],
    ['Example.com.', 'example.com'],
    ['::1', '::1'],
    ['BÜCHER.example.', 'xn--bcher-kva.example'],
    ['localhost..', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['example.com:80', ''],
    ['[]', ''],
  ])('%j -> %j', (input, out) => {
    expect(hostForLookup(input)).toBe(out);
  });
});

describe('hostOf', () => {
  it.each([
    ['https://Example.COM./post', 'example.com'],
    ['http://example.com:8080/x', 'example.com'],
    ['https://bücher.example/', 'xn--bcher-kva.example'],
    ['http://[2001:DB8::1]/x', '[2001:db8::1]'],
    ['http://203.0.113.7:8080/x', '203.0.113.7'],
    ['https://www.example.com/', 'www.example.com'],
  ])('%s -> %s', (url, host) => {
    expect(hostOf(url)).toBe(host);
    expect(hostOf(new URL(url))).toBe(host);
  });

  it.each(['not a url', '', '/relative', 'mailto:someone@example.com', 'file:///etc/passwd', 'ftp://example.com/'])(
    'is null for %j',
    (url) => {
      expect(hostOf(url)).toBeNull();
    },
  );
});

describe('siteKey', () => {
  it.each([
    ['https://me.example/posts/1', 'me.example'],
    ['https://WWW.Me.Example./z', 'me.example'],
    ['http://me.example/z', 'me.example'],
    ['https://me.example:443/y', 'me.example'],
    ['https://me.example:8443/x', 'me.example:8443'],
    ['http://127.0.0.1:4000/t', '127.0.0.1:4000'],
    ['https://www./x', 'www'],
  ])('%s -> %s', (url, key) => {
    expect(siteKey(url)).toBe(key);
  });

  it('is null for a non-http(s) URL', () => {
    expect(siteKey('mailto:a@me.example')).toBeNull();
    expect(siteKey('nope')).toBeNull();
  });
});

describe('allowedHosts entries with ports', () => {
  it.each([
    ['example.com', { host: 'example.com', port: null }],
    ['*.example.com:8080', { host: 'example.com', port: '8080' }],
    ['127.0.0.1:3000', { host: '127.0.0.1', port: '3000' }],
    ['[::1]:8443', { host: '[::1]', port: '8443' }],
    ['::1', { host: '[::1]', port: null }],
    ['http://Example.COM:81/path', { host: 'example.com', port: '81' }],
    ['https://example.com/', { host: 'example.com', port: null }],
  ])('parses %s', (entry, parsed) => {
    expect(parseHostPortEntry(entry)).toEqual(parsed);
  });

  it.each(['', 'example.com:0', 'example.com:65536', 'example.com:http', 'user@example.com:80'])(
    'refuses %j',
    (entry) => {
      expect(parseHostPortEntry(entry)).toBeNull();
    },
  );

  it('matches the named port only, or every port for an entry without one; subdomains included', () => {
    const list = ['a.example:8080', 'b.example', '127.0.0.1:3000'];
    expect(hostPortInList('a.example', '8080', list)).toBe(true);
    expect(hostPortInList('sub.a.example', '8080', list)).toBe(true);
    expect(hostPortInList('a.example', '80', list)).toBe(false);
    expect(hostPortInList('b.example', '1', list)).toBe(true);
    expect(hostPortInList('127.0.0.1', '3000', list)).toBe(true);
    expect(hostPortInList('127.0.0.1', '3001', list)).toBe(false);
    expect(hostPortInList('c.example', '8080', list)).toBe(false);
  });
});
