import { linkRefs } from './link-refs';
import { parseHtml } from './parse-html';
import { walkElements } from './html-walk';

/** The references of every element of `body`, in document order, SVG included. */
function refs(body: string): string[] {
  const document = parseHtml(`<!doctype html><body>${body}</body>`);
  return [...walkElements(document, { foreign: true })].flatMap(linkRefs);
}

describe('linkRefs', () => {
  it('reads a/area href, media src and img/source srcset candidates, as written', () => {
    expect(refs('<a href="/a">a</a><map><area href="b.html"></map>')).toEqual(['/a', 'b.html']);
    expect(
      refs('<img src="i.png"><video src="v.mp4"><source src="s.webm"></video><audio src="a.ogg"></audio>'),
    ).toEqual(['i.png', 'v.mp4', 's.webm', 'a.ogg']);
    expect(refs('<img src="x.png" srcset="y.png 1x, z.png 2x"><picture><source srcset="w.avif"></picture>')).toEqual([
      'x.png',
      'y.png',
      'z.png',
      'w.avif',
    ]);
  });

  it('reads SVG links by href and by the legacy xlink:href', () => {
    expect(refs('<svg><a href="/svg-new"><text>n</text></a><a xlink:href="/svg-old"><text>o</text></a></svg>')).toEqual(
      ['/svg-new', '/svg-old'],
    );
  });

  it('ignores attributes that are not links, and elements that do not render one', () => {
    expect(
      refs(
        '<link href="/l"><a name="x">no href</a><img alt="no src"><iframe src="/f"></iframe>' +
          '<video poster="/p.png"></video><div data-href="/d"></div><a srcset="/s.png">x</a><img href="/h">',
      ),
    ).toEqual([]);
  });

  it('keeps an empty href (a link to the page itself)', () => {
    expect(refs('<a href="">self</a>')).toEqual(['']);
  });
});
