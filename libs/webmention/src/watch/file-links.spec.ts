import { extractTargets } from '../send/link-extraction';
import { sourceDocument, splitFrontMatter, urlsInText } from './file-links';

const targets = (html: string) => extractTargets(html, 'https://blog.example/posts/a/').targets;

describe('sourceDocument', () => {
  it('reads Markdown links, autolinks, bare URLs and reference links, and not the front matter', () => {
    const md = [
      '---',
      'title: Hello',
      'see: https://front.example/not-a-link',
      '---',
      'A [reply](https://a.example/post) and <https://b.example/> and https://c.example/c.',
      '',
      'By [reference][r].',
      '',
      '[r]: https://d.example/ref',
      '',
      '<a href="https://e.example/raw">raw HTML</a>',
    ].join('\n');
    const doc = sourceDocument('markdown', md);
    expect(targets(doc.html)).toEqual([
      'https://a.example/post',
      'https://b.example/',
      'https://c.example/c',
      'https://d.example/ref',
      'https://e.example/raw',
    ]);
    expect(doc.url).toBeNull();
  });

  it("takes the page's URL from front matter url, else permalink", () => {
    expect(sourceDocument('markdown', '---\nurl: /notes/1/\n---\nx').url).toBe('/notes/1/');
    expect(sourceDocument('markdown', '---\npermalink: "/p/"\n---\nx').url).toBe('/p/');
    expect(sourceDocument('markdown', '---\npermalink: false\n---\nx').url).toBeNull();
  });

  it('skips broken front matter without taking its text as content', () => {
    const { fields, body } = splitFrontMatter('---\n: [broken\n---\n[x](https://x.example/)');
    expect(fields).toEqual({});
    expect(targets(sourceDocument('markdown', `---\nlink: https://no.example/\n: [\n---\nbody`).html)).toEqual([]);
    expect(body).toBe('[x](https://x.example/)');
  });

  it('reads HTML as it is', () => {
    expect(targets(sourceDocument('html', '<a href="https://a.example/">a</a>').html)).toEqual(['https://a.example/']);
  });

  it('finds URLs in plain text, without the sentence punctuation after them, escaped', () => {
    expect(urlsInText('See https://a.example/x, and (https://b.example/y). Also http://c.example/?q="1"')).toEqual([
      'https://a.example/x',
      'https://b.example/y',
      'http://c.example/?q=',
    ]);
    const doc = sourceDocument('text', 'x https://a.example/"><script>alert(1)</script>');
    expect(doc.html).not.toContain('<script>');
    expect(targets(doc.html)).toEqual(['https://a.example/']);
  });
});

describe('parsers', () => {
  it('loads the Markdown and YAML parsers only when a file needs them', () => {
    const loaded: string[] = [];
    jest.isolateModules(() => {
      jest.doMock('markdown-it', () => {
        loaded.push('markdown-it');
        return jest.requireActual('markdown-it');
      });
      jest.doMock('yaml', () => {
        loaded.push('yaml');
        return jest.requireActual('yaml');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const links = require('./file-links') as typeof import('./file-links');
      links.sourceDocument('html', '<a href="https://a.example/">a</a>');
      expect(loaded).toEqual([]);
      const doc = links.sourceDocument('markdown', '---\nurl: /x/\n---\n[b](https://b.example/)');
      expect(doc.url).toBe('/x/');
      expect(doc.html).toContain('href="https://b.example/"');
      expect(loaded.sort()).toEqual(['markdown-it', 'yaml']);
    });
  });
});
