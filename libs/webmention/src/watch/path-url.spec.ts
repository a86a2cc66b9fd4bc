import { defaultPathToUrl, pathPattern, publicUrl } from './path-url';

describe('defaultPathToUrl', () => {
  it.each([
    ['index.html', '/'],
    ['blog/index.md', '/blog/'],
    ['posts/hello.md', '/posts/hello/'],
    ['posts/hello.markdown', '/posts/hello/'],
    ['about.html', '/about.html'],
    ['notes/n1.txt', '/notes/n1.txt'],
  ])('%s → %s', (file, url) => expect(defaultPathToUrl(file)).toBe(url));
});

describe('pathPattern', () => {
  it('fills the placeholders, encoding each path segment', () => {
    expect(pathPattern('/blog/{path}/')('posts/héllo wörld.md')).toBe('/blog/posts/h%C3%A9llo%20w%C3%B6rld/');
    expect(pathPattern('/{dir}{name}.html')('a/b.md')).toBe('/a/b.html');
    expect(pathPattern('/{dir}{name}.html')('b.md')).toBe('/b.html');
    expect(pathPattern('/raw/{file}?ext={ext}')('a/b.md')).toBe('/raw/a/b.md?ext=md');
  });

  it('refuses unknown placeholders and patterns that name no file', () => {
    expect(() => pathPattern('/{slug}/')).toThrow(/unknown: \{slug\}/);
    expect(() => pathPattern('/{dir}')).toThrow(/must contain \{path\}, \{name\} or \{file\}/);
  });
});

describe('publicUrl', () => {
  it('resolves a path under the base URL, its own path kept', () => {
    expect(publicUrl('https://blog.example', '/posts/a/')).toBe('https://blog.example/posts/a/');
    expect(publicUrl('https://example.com/site/', '/posts/a/')).toBe('https://example.com/site/posts/a/');
    expect(publicUrl('https://blog.example', 'https://blog.example/x#frag')).toBe('https://blog.example/x');
  });

  it('refuses URLs of another origin or scheme, and no mapping', () => {
    expect(publicUrl('https://blog.example', 'https://other.example/x')).toBeNull();
    expect(publicUrl('https://blog.example', 'javascript:alert(1)')).toBeNull();
    expect(publicUrl('https://blog.example', null)).toBeNull();
  });
});
