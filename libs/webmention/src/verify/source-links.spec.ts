import { estimateHtmlParseCost, HTML_PARSE_BUDGET } from '../html/parse-budget';
import { findTargetLinks, JSON_MAX_DEPTH, sourceKind, SourceKind } from './source-links';

const TARGET = 'https://target.example/post/1';
const BASE = 'https://source.example/notes/2024/reply';

function html(body: string, baseUrl = BASE, target = TARGET): boolean {
  const r = findTargetLinks({ body, contentType: 'text/html; charset=utf-8', baseUrl }, target);
  expect(r.kind).toBe('html');
  return r.linked;
}

describe('sourceKind', () => {
  const cases: Array<[string, SourceKind]> = [
    ['text/html', 'html'],
    ['TEXT/HTML; charset=UTF-8', 'html'],
    [' text/html ;charset=utf-8', 'html'],
    ['application/xhtml+xml', 'html'],
    ['application/json', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['application/activity+json', 'json'],
    ['application/ld+json; profile="https://www.w3.org/ns/activitystreams"', 'json'],
    ['Application/MF2+JSON', 'json'],
    ['text/plain', 'text'],
    ['text/plain; charset=us-ascii', 'text'],
    ['text/xml', 'unsupported'],
    ['application/xml', 'unsupported'],
    ['image/png', 'unsupported'],
    ['application/jsonp', 'unsupported'],
    ['text/html-sandboxed', 'unsupported'],
    ['json', 'unsupported'],
    ['', 'unsupported'],
  ];
  it.each(cases)('%j -> %s', (ct, kind) => {
    expect(sourceKind(ct)).toBe(kind);
  });
});

describe('findTargetLinks: html', () => {
  const linked: Array<[string, string]> = [
    ['a[href]', `<p>Reply to <a href="${TARGET}">this</a></p>`],
    ['area[href]', `<map name="m"><area shape="rect" coords="0,0,1,1" href="${TARGET}"></map>`],
    ['img[src]', `<img src="${TARGET}" alt="">`],
    ['video[src]', `<video src="${TARGET}"></video>`],
    ['audio[src]', `<audio src="${TARGET}"></audio>`],
    ['source[src]', `<video><source src="${TARGET}" type="video/mp4"></video>`],
    ['img[srcset] single', `<img src="/other.png" srcset="${TARGET} 2x">`],
    ['img[srcset] later candidate', `<img srcset="/a.png 1x, ${TARGET} 2x">`],
    ['picture source[srcset]', `<picture><source srcset="/a.webp 480w, ${TARGET} 800w"><img src="/x.png"></picture>`],
    ['svg a with xlink:href', `<svg><a xlink:href="${TARGET}"><text>t</text></a></svg>`],
    ['equivalent form of the target', '<a href="https://WWW.Target.example/post/1/#reply">x</a>'],
    ['unquoted attribute, upper-case tag', `<A HREF=${TARGET}>x</A>`],
    ['entity-encoded href', '<a href="https&#58;//target.example/post/1">x</a>'],
    ['whitespace around href', `<a href="  ${TARGET}\n">x</a>`],
    ['among many other links', `${'<a href="/x">x</a>'.repeat(500)}<a href="${TARGET}">t</a>`],
    ['inside unclosed markup', `<div><p><span><a href="${TARGET}">t`],
    ['outside a template as well as in it', `<template><a href="/t"></a></template><a href="${TARGET}">t</a>`],
  ];
  it.each(linked)('linked via %s', (_name, body) => {
    expect(html(body)).toBe(true);
  });

  const notLinked: Array<[string, string]> = [
    ['no links', '<p>Hello</p>'],
    ['other link only', '<a href="https://target.example/post/2">x</a>'],
    ['path case differs', '<a href="https://target.example/Post/1">x</a>'],
    ['http instead of https', '<a href="http://target.example/post/1">x</a>'],
    ['comment', `<!-- <a href="${TARGET}">x</a> -->`],
    ['script', `<script>document.write('<a href="${TARGET}">x</a>')</script>`],
    ['script type template', `<script type="text/template"><a href="${TARGET}">x</a></script>`],
    ['style', `<style>a[href="${TARGET}"] { color: red } body { background: url(${TARGET}) }</style>`],
    ['template', `<template><a href="${TARGET}">x</a></template>`],
    ['nested template', `<template><div><template><img src="${TARGET}"></template></div></template>`],
    ['noscript in body', `<noscript><a href="${TARGET}">x</a></noscript>`],
    ['noscript in head', `<html><head><noscript><img src="${TARGET}"></noscript></head><body></body></html>`],
    ['escaped markup', `<p>&lt;a href="${TARGET}"&gt;x&lt;/a&gt;</p>`],
    ['plain-text URL', `<p>See ${TARGET} for details</p>`],
    ['textarea content', `<textarea><a href="${TARGET}">x</a></textarea>`],
    ['title content', `<title><a href="${TARGET}">x</a></title>`],
    ['non-link attribute', `<div data-href="${TARGET}" title="${TARGET}">x</div>`],
    ['link element', `<link rel="stylesheet" href="${TARGET}">`],
    ['a without href', `<a name="${TARGET}">x</a>`],
    ['img href attribute', `<img href="${TARGET}">`],
    ['a[src] attribute', `<a src="${TARGET}">x</a>`],
    ['invalid href', '<a href="http://[bad">x</a><a href="https://">y</a><a href="javascript:alert(1)">z</a>'],
    ['text of a link', `<a href="/elsewhere">${TARGET}</a>`],
  ];
  it.each(notLinked)('not linked via %s', (_name, body) => {
    expect(html(body)).toBe(false);
  });

  describe('relative links', () => {
    const base = 'https://target.example/post/';
    it.each([
      ['/post/1', true],
      ['1', true],
      ['./1', true],
      ['../post/1', true],
      ['//target.example/post/1', true],
      ['?x=1', false],
      ['2', false],
      ['#frag', false],
    ])('href %j against %s', (href, expected) => {
      expect(html(`<a href="${href}">x</a>`, base)).toBe(expected);
    });

    it('does not resolve relative links against an unusable base URL', () => {
      expect(html('<a href="/post/1">x</a>', 'not a url')).toBe(false);
      expect(html(`<a href="${TARGET}">x</a>`, 'not a url')).toBe(true);
    });
  });

  describe('<base href>', () => {
    it('resolves relative links against an absolute base', () => {
      expect(html('<head><base href="https://target.example/post/"></head><a href="1">x</a>')).toBe(true);
      expect(html('<head><base href="https://target.example/post/"></head><a href="/other/1">x</a>')).toBe(false);
    });

    it('resolves a relative base against the document URL', () => {
      const body = '<base href="/post/"><a href="1">x</a>';
      expect(html(body, 'https://target.example/some/page')).toBe(true);
      expect(html(body, 'https://elsewhere.example/some/page')).toBe(false);
    });

    it('uses the first base element only', () => {
      const body =
        '<base href="https://target.example/post/"><base href="https://other.example/post/"><a href="1">x</a>';
      expect(html(body)).toBe(true);
    });

    it('ignores a base without href and a non-http base', () => {
      expect(html('<base target="_blank"><a href="/post/1">x</a>', 'https://target.example/')).toBe(true);
      expect(html('<base href="javascript:void(0)/"><a href="/post/1">x</a>', 'https://target.example/')).toBe(true);
    });

    it('ignores a base element inside a template', () => {
      const body = '<template><base href="https://target.example/post/"></template><a href="1">x</a>';
      expect(html(body)).toBe(false);
    });
  });

  it('matches only targets equivalent under the URL policy', () => {
    const body = '<a href="https://target.example/post?b=2&a=1">x</a>';
    expect(html(body, BASE, 'https://target.example/post?a=1&b=2')).toBe(true);
    expect(html(body, BASE, 'https://target.example/post?a=1')).toBe(false);
    expect(html(body, BASE, 'https://target.example:443/post?a=1&b=2')).toBe(false);
  });

  it('never links to an invalid target', () => {
    expect(html('<a href="">x</a><a href="/">y</a>', BASE, 'not a url')).toBe(false);
  });

  describe('hostile input', () => {
    it('copes with many attributes', () => {
      const attrs = Array.from({ length: 3000 }, (_, i) => `data-a${i}="${i}"`).join(' ');
      expect(html(`<a ${attrs} href="${TARGET}">x</a>`)).toBe(true);
      expect(html(`<a ${attrs}>x</a>`)).toBe(false);
    });

    it('copes with deeply nested markup', () => {
      const depth = 2000;
      const body = '<div>'.repeat(depth) + `<a href="${TARGET}">x</a>` + '</div>'.repeat(depth);
      expect(html(body)).toBe(true);
      expect(html('<span>'.repeat(5000) + `<a href="${TARGET}">x</a>`)).toBe(true);
    });

    const quadratic: Array<[string, string]> = [
      ['nested blocks', '<div>'.repeat(40_000)],
      ['self-closing syntax on HTML elements', '<div/>'.repeat(40_000)],
      ['unmatched end tags', '<div></span>'.repeat(40_000)],
      ['deep inline stack then many blocks', '<span>'.repeat(20_000) + '<div></div>'.repeat(20_000)],
      ['attributes in one tag', `<a ${Array.from({ length: 40_000 }, (_, i) => `a${i}=1`).join(' ')}>`],
      ['foreign-content breakout', '<svg><span/>'.repeat(40_000)],
      ['nested lists', '<li><ul>'.repeat(20_000)],
      ['nested tables', '<table><tr><td>'.repeat(15_000)],
      ['blocks inside unclosed paragraphs', '<p><span><div>'.repeat(20_000)],
    ];
    it.each(quadratic)('refuses quadratic-cost markup quickly: %s', (_name, attack) => {
      const started = Date.now();
      const r = findTargetLinks(
        { body: `<a href="${TARGET}">x</a>${attack}`, contentType: 'text/html', baseUrl: BASE },
        TARGET,
      );
      expect(r).toEqual({ kind: 'html', linked: false, tooComplex: 'the source document is too complex to parse' });
      expect(Date.now() - started).toBeLessThan(500);
    });

    const nested = (levels: number, pad: number) => {
      let html = `<a href="${TARGET}">t</a>`;
      for (let i = 0; i < levels; i++) {
        html = `<div class="h-entry"><div class="e-content">${'x'.repeat(pad)}${html}</div></div>`;
      }
      return html;
    };
    const flat = (n: number) =>
      `<a href="${TARGET}">t</a>` +
      '<div class="h-entry"><a class="u-url" href="/p">p</a><div class="e-content"><p>text</p></div></div>'.repeat(n);
    it.each([
      [
        '1,200 nested h-entry > e-content (quadratic in microformats-parser)',
        nested(1200, 700),
        /nests too much content/,
      ],
      ['10,001 flat h-entries', flat(10_001), /more than 2000 microformats items \(mf2\.maxItems\)/],
      ['40 nested items', nested(20, 10), /deeper than 32 levels \(mf2\.maxNesting\)/],
    ])('refuses microformats that cost too much to read, before parsing: %s', (_name, body, reason) => {
      const started = Date.now();
      const r = findTargetLinks({ body, contentType: 'text/html', baseUrl: BASE }, TARGET);
      expect(r.tooComplex).toMatch(reason);
      expect(r.linked).toBe(false);
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('takes the caps as limits', () => {
      const r = findTargetLinks({ body: flat(30), contentType: 'text/html', baseUrl: BASE }, TARGET, {
        maxItems: 10,
        maxNesting: 32,
      });
      expect(r.tooComplex).toMatch(/more than 10 microformats items/);
      expect(findTargetLinks({ body: flat(30), contentType: 'text/html', baseUrl: BASE }, TARGET).linked).toBe(true);
    });

    it('reads an ordinary page of microformats: a 1 MB post in one e-content, an h-feed of 1,000 entries', () => {
      const para = '<p>Lorem ipsum <a href="https://x.example/">dolor</a> sit amet, consectetur adipiscing elit.</p>';
      const post = `<article class="h-entry"><div class="e-content">${para.repeat(12_000)}<a href="${TARGET}">t</a></div></article>`;
      expect(findTargetLinks({ body: post, contentType: 'text/html', baseUrl: BASE }, TARGET)).toEqual({
        kind: 'html',
        linked: true,
      });
      expect(
        findTargetLinks(
          { body: `<div class="h-feed">${flat(1000)}</div>`, contentType: 'text/html', baseUrl: BASE },
          TARGET,
        ),
      ).toEqual({ kind: 'html', linked: true });
    });

    it('does not flag a large ordinary page', () => {
      const row = '<tr><td><a href="/x">x</a></td><td class="c"><span>t</span><br><img src="/i.png"></td></tr>\n';
      const svg = '<svg viewBox="0 0 1 1"><g><path d="M0 0"/><circle r="1"/></g></svg>';
      const page =
        '<!doctype html><html><head><title>t</title><script>if (a<b && c>d) {}</script></head><body>' +
        '<div><ul>' +
        '<li><p>item<p>more'.repeat(5000) +
        '</ul>' +
        '<table>' +
        row.repeat(6000) +
        '</table>' +
        svg.repeat(2000) +
        `<!-- <div><div> --><a href="${TARGET}">t</a></div></body></html>`;
      expect(page.length).toBeGreaterThan(700_000);
      expect(estimateHtmlParseCost(page)).toBeLessThan(HTML_PARSE_BUDGET / 10);
      expect(findTargetLinks({ body: page, contentType: 'text/html', baseUrl: BASE }, TARGET)).toEqual({
        kind: 'html',
        linked: true,
      });
    });

    it('copes with many invalid URLs', () => {
      const body = '<a href="http://[::1">x</a><img src="https://exa mple.com/">'.repeat(2000);
      expect(html(body)).toBe(false);
    });

    it('copes with a pathological srcset', () => {
      expect(html(`<img srcset="${'('.repeat(10_000)}, ,,, ${TARGET} 1x">`)).toBe(true);
      expect(html(`<img srcset="/a.png 1x ${'('.repeat(10_000)}, ${TARGET} 2x">`)).toBe(false);
      expect(html(`<img srcset=",,,  ${TARGET}, /a.png 2x">`)).toBe(true);
      expect(html(`<img srcset="${TARGET},/a.png 2x">`)).toBe(false);
    });
  });
});

describe('findTargetLinks: json', () => {
  function json(body: string, contentType = 'application/json'): boolean {
    const r = findTargetLinks({ body, contentType, baseUrl: BASE }, TARGET);
    expect(r.kind).toBe('json');
    return r.linked;
  }

  it.each([
    ['top-level string', JSON.stringify(TARGET)],
    ['object value', JSON.stringify({ inReplyTo: TARGET })],
    ['array element', JSON.stringify(['a', 1, null, TARGET])],
    ['nested', JSON.stringify({ a: { b: [{ c: [{ d: 'https://www.target.example/post/1/' }] }] } })],
    ['ActivityStreams object', JSON.stringify({ type: 'Note', object: { inReplyTo: TARGET } })],
    ['surrounding whitespace', JSON.stringify({ x: ` ${TARGET} ` })],
  ])('linked via %s', (_name, body) => {
    expect(json(body)).toBe(true);
    expect(json(body, 'application/activity+json')).toBe(true);
  });

  it.each([
    ['invalid JSON', `{"url": "${TARGET}"`],
    ['empty body', ''],
    ['key only', JSON.stringify({ [TARGET]: 1 })],
    ['other URL', JSON.stringify({ url: 'https://target.example/post/2' })],
    ['URL inside a longer string', JSON.stringify({ content: `see ${TARGET}` })],
    ['relative path', JSON.stringify({ url: '/post/1' })],
    ['numbers and booleans', JSON.stringify([1, true, false, null])],
    ['http instead of https', JSON.stringify({ url: 'http://target.example/post/1' })],
  ])('not linked via %s', (_name, body) => {
    expect(json(body)).toBe(false);
  });

  it('stops at the depth bound', () => {
    const nest = (levels: number): string => '['.repeat(levels) + JSON.stringify(TARGET) + ']'.repeat(levels);
    expect(json(nest(JSON_MAX_DEPTH))).toBe(true);
    expect(json(nest(JSON_MAX_DEPTH + 1))).toBe(false);
    expect(json(nest(50_000))).toBe(false);
  });

  it('stops after the node bound', () => {
    const many = Array.from({ length: 200_000 }, () => 0);
    expect(json(JSON.stringify([...many, TARGET]))).toBe(false);
    expect(json(JSON.stringify([TARGET, ...many]))).toBe(true);
  });
});

describe('findTargetLinks: text', () => {
  function text(body: string, target = TARGET): boolean {
    const r = findTargetLinks({ body, contentType: 'text/plain; charset=utf-8', baseUrl: BASE }, target);
    expect(r.kind).toBe('text');
    return r.linked;
  }

  it.each([
    ['bare URL', TARGET],
    ['in a sentence', `I replied to ${TARGET} yesterday`],
    ['followed by a full stop', `See ${TARGET}.`],
    ['in parentheses', `(see ${TARGET})`],
    ['in angle brackets', `<${TARGET}>`],
    ['equivalent form', 'see https://www.target.example/post/1/ ok'],
    ['with a fragment', `${TARGET}#comment-3`],
    ['on its own line', `line one\n${TARGET}\nline three`],
  ])('linked via %s', (_name, body) => {
    expect(text(body)).toBe(true);
  });

  it.each([
    ['no URL', 'nothing here'],
    ['other URL', 'https://target.example/post/2'],
    ['prefix of a longer path', `${TARGET}0 and ${TARGET}-2 and ${TARGET}/more`],
    ['path case differs', 'https://target.example/POST/1'],
    ['without scheme', 'target.example/post/1'],
  ])('not linked via %s', (_name, body) => {
    expect(text(body)).toBe(false);
  });

  it('accepts an exact occurrence of a target the URL regex would cut short', () => {
    const target = "https://target.example/it's";
    expect(text(`read ${target} now`, target)).toBe(true);
    expect(text(`read ${target}-more now`, target)).toBe(false);
  });
});

describe('findTargetLinks: unsupported', () => {
  it.each(['application/pdf', 'image/png', 'text/xml', ''])('%j is unsupported and never linked', (contentType) => {
    expect(findTargetLinks({ body: `<a href="${TARGET}">${TARGET}</a>`, contentType, baseUrl: BASE }, TARGET)).toEqual({
      kind: 'unsupported',
      linked: false,
    });
  });
});
