import * as microformats from '../mf2/parse-microformats';
import { extractTargets } from './link-extraction';

jest.mock('../mf2/parse-microformats', () => {
  const actual = jest.requireActual<typeof microformats>('../mf2/parse-microformats');
  return { ...actual, parseMicroformats: jest.fn(actual.parseMicroformats) };
});

const SRC = 'https://me.example/posts/1';

describe('extractTargets', () => {
  const cases: Array<[string, string, string[]]> = [
    ['absolute link', '<a href="https://other.example/a">x</a>', ['https://other.example/a']],
    ['relative link resolved against the source', '<a href="//other.example/b">x</a>', ['https://other.example/b']],
    [
      'base href honoured',
      '<base href="https://other.example/dir/"><a href="c">x</a>',
      ['https://other.example/dir/c'],
    ],
    [
      'only the first base href counts',
      '<base href="https://a.example/"><base href="https://b.example/"><a href="x">x</a>',
      ['https://a.example/x'],
    ],
    ['fragment stripped', '<a href="https://other.example/a#frag">x</a>', ['https://other.example/a']],
    ['fragment-only link dropped', '<a href="#top">x</a><a href=" #c">y</a>', []],
    ['link to the source itself dropped', '<a href="https://me.example/posts/1/#x">x</a><a href="">y</a>', []],
    ['own host dropped', '<a href="/about">x</a><a href="https://www.me.example/z">y</a>', []],
    [
      'non-http schemes dropped',
      '<a href="mailto:a@b.example">m</a><a href="javascript:alert(1)">j</a><a href="ftp://f.example/">f</a>',
      [],
    ],
    ['no href, no link', '<a name="x">x</a><a>y</a>', []],
    ['unparseable href dropped', '<a href="http://[oops">x</a>', []],
    ['link in a comment ignored', '<!-- <a href="https://c.example/">x</a> -->', []],
    ['link in a script ignored', '<script>document.write(\'<a href="https://s.example/">x</a>\')</script>', []],
    ['link in a template ignored', '<template><a href="https://t.example/">x</a></template>', []],
    ['escaped markup ignored', '<p>&lt;a href="https://e.example/"&gt;x&lt;/a&gt;</p>', []],
    [
      'link elements and images are not anchors',
      '<link href="https://l.example/"><img src="https://i.example/i.png">',
      [],
    ],
    [
      'deduplicated by match key, document order kept',
      '<a href="https://b.example/">1</a><a href="https://a.example/x/">2</a><a href="https://B.example">3</a><a href="https://a.example/x#y">4</a>',
      ['https://b.example/', 'https://a.example/x/'],
    ],
    ['query string kept', '<a href="https://q.example/p?b=2&a=1">x</a>', ['https://q.example/p?b=2&a=1']],
    [
      'unclosed and sloppy markup still parsed',
      '<p><a href=https://u.example/1>one<p><a href="https://u.example/2">two',
      ['https://u.example/1', 'https://u.example/2'],
    ],
  ];
  it.each(cases)('%s', (_name, html, expected) => {
    expect(extractTargets(html, SRC)).toEqual({ targets: expected, overflow: [] });
  });

  it('treats another port of the same host as another site, and the default port as the same one', () => {
    const html =
      '<a href="https://me.example:8443/x">a</a><a href="https://me.example:443/y">b</a><a href="http://me.example/z">c</a>';
    expect(extractTargets(html, SRC).targets).toEqual(['https://me.example:8443/x']);
    expect(
      extractTargets('<a href="http://127.0.0.1:4000/t">t</a><a href="/own">o</a>', 'http://127.0.0.1:3000/p').targets,
    ).toEqual(['http://127.0.0.1:4000/t']);
  });

  it('keeps own-host links when asked, but never the source itself', () => {
    const html = '<a href="/about">a</a><a href="https://me.example/posts/1">self</a>';
    expect(extractTargets(html, SRC, { sendToOwnHost: true }).targets).toEqual(['https://me.example/about']);
  });

  describe('microformats reply contexts', () => {
    it.each([
      [
        'u-in-reply-to',
        '<div class="h-entry"><a class="u-in-reply-to" href="https://r.example/1">r</a></div>',
        ['https://r.example/1'],
      ],
      [
        'hidden data u-like-of',
        '<div class="h-entry"><data class="u-like-of" value="https://l.example/1"></data></div>',
        ['https://l.example/1'],
      ],
      [
        'u-repost-of via link element',
        '<div class="h-entry"><link class="u-repost-of" href="https://rp.example/1"></div>',
        ['https://rp.example/1'],
      ],
      [
        'u-bookmark-of in a feed child',
        '<div class="h-feed"><div class="h-entry"><data class="u-bookmark-of" value="https://bm.example/"></data></div></div>',
        ['https://bm.example/'],
      ],
      [
        'nested h-cite url',
        '<div class="h-entry"><div class="u-in-reply-to h-cite"><data class="u-url" value="https://cite.example/post"></data><span class="p-name">t</span></div></div>',
        ['https://cite.example/post'],
      ],
      [
        'context URL normalised',
        '<div class="h-entry"><data class="u-in-reply-to" value="https://x.example/a/../b"></data></div>',
        ['https://x.example/b'],
      ],
      [
        'visible link and context deduplicated',
        '<div class="h-entry"><a href="https://r.example/1">1</a><data class="u-in-reply-to" value="https://r.example/1#c"></data></div>',
        ['https://r.example/1'],
      ],
      [
        'context to own host dropped',
        '<div class="h-entry"><data class="u-in-reply-to" value="https://me.example/2"></data></div>',
        [],
      ],
      [
        'non-context properties ignored',
        '<div class="h-entry"><data class="u-syndication" value="https://syn.example/"></data></div>',
        [],
      ],
    ])('%s', (_name, html, expected) => {
      expect(extractTargets(html, SRC).targets).toEqual(expected);
    });

    it('finds a context named in any case (a rel of a backcompat entry)', () => {
      const html = '<div class="hentry"><a rel="IN-REPLY-TO" href="https://r.example/ctx">re</a></div>';
      expect(extractTargets(html, SRC).targets).toEqual(['https://r.example/ctx']);
    });

    it('does not parse a page for microformats when it names no reply-context property', () => {
      const parse = jest.mocked(microformats.parseMicroformats);
      parse.mockClear();
      const html = '<div class="h-entry"><a class="u-url" href="https://t.example/a">a</a></div>';
      expect(extractTargets(html, SRC).targets).toEqual(['https://t.example/a']);
      expect(parse).not.toHaveBeenCalled();
      extractTargets('<div class="h-entry"><a class="u-like-of" href="https://t.example/b">b</a></div>', SRC);
      expect(parse).toHaveBeenCalledTimes(1);
    });

    it('does not notify the contexts of quoted comments', () => {
      const html =
        '<div class="h-entry"><div class="p-comment h-cite"><data class="u-in-reply-to" value="https://elsewhere.example/"></data></div></div>';
      expect(extractTargets(html, SRC).targets).toEqual([]);
    });
  });

  describe('maxTargets', () => {
    const links = Array.from({ length: 5 }, (_, i) => `<a href="https://t${i}.example/">${i}</a>`).join('');

    it('reports the rest as overflow, in document order', () => {
      expect(extractTargets(links, SRC, { maxTargets: 2 })).toEqual({
        targets: ['https://t0.example/', 'https://t1.example/'],
        overflow: ['https://t2.example/', 'https://t3.example/', 'https://t4.example/'],
      });
    });

    it('defaults to 100', () => {
      const many = Array.from({ length: 105 }, (_, i) => `<a href="https://h${i}.example/">x</a>`).join('');
      const result = extractTargets(many, SRC);
      expect(result.targets).toHaveLength(100);
      expect(result.overflow).toEqual([
        'https://h100.example/',
        'https://h101.example/',
        'https://h102.example/',
        'https://h103.example/',
        'https://h104.example/',
      ]);
    });

    it('gives reply contexts the first slots', () => {
      const html = `<div class="h-entry">${links}<data class="u-in-reply-to" value="https://reply.example/"></data></div>`;
      const result = extractTargets(html, SRC, { maxTargets: 2 });
      expect(result.targets).toEqual(['https://t0.example/', 'https://reply.example/']);
      expect(result.overflow).toEqual([
        'https://t1.example/',
        'https://t2.example/',
        'https://t3.example/',
        'https://t4.example/',
      ]);
    });

    it('zero keeps nothing and loses nothing', () => {
      expect(extractTargets(links, SRC, { maxTargets: 0 }).overflow).toHaveLength(5);
    });
  });

  it('reads a document the bare microformats parser rejects through the repairing entry point', () => {
    // NOTE: microformats-parser alone throws on an unusable <base href>; parseMicroformats resolves against the
    // document URL instead, as the anchors are. An empty document simply has no microformats.
    const html =
      '<base href="http://[x"><div class="h-entry"><a class="u-in-reply-to" href="https://r.example/">r</a><a class="u-like-of" href="/liked">l</a></div>';
    expect(extractTargets(html, SRC)).toEqual({ targets: ['https://r.example/'], overflow: [] });
    expect(extractTargets(html, SRC, { sendToOwnHost: true }).targets).toEqual([
      'https://r.example/',
      'https://me.example/liked',
    ]);
    expect(extractTargets('', SRC)).toEqual({ targets: [], overflow: [] });
  });

  it('returns nothing for an invalid source URL', () => {
    expect(extractTargets('<a href="https://x.example/">x</a>', 'not a url')).toEqual({ targets: [], overflow: [] });
  });

  it('drops an unparseable reply context', () => {
    expect(
      extractTargets('<div class="h-entry"><data class="u-in-reply-to" value="http://[::1"></data></div>', SRC).targets,
    ).toEqual([]);
  });
});
