import { parseHtml } from '../html';
import { selectEntry } from './entry-choice';
import { interpretMention } from './mention-content';
import { parseMicroformats } from './parse-microformats';
import { targetPlacement } from './target-placement';

const SOURCE = 'https://src.example/posts/1';
const TARGET = 'https://target.example/p';
const page = (body: string, head = '') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

function choose(body: string, sourceUrl = SOURCE, targetUrl = TARGET) {
  const html = page(body);
  const doc = parseMicroformats(html, sourceUrl)!;
  let asked = 0;
  const choice = selectEntry(doc, {
    baseUrl: sourceUrl,
    sourceUrl,
    targetUrl,
    placement: () => {
      asked++;
      return targetPlacement(parseHtml(html), sourceUrl, targetUrl);
    },
  });
  return { ...choice, name: choice.entry?.properties.name?.[0] ?? null, asked };
}

describe('selectEntry', () => {
  it('1. takes the entry or h-cite whose id is the source fragment', () => {
    const body =
      `<div class="h-entry"><p class="p-name">post</p><a class="u-in-reply-to" href="${TARGET}">r</a>` +
      `<div class="p-comment h-cite" id="c%201"><p class="p-name">comment</p></div></div>`;
    expect(choose(body, `${SOURCE}#c%201`)).toMatchObject({ rule: 'fragment', name: 'comment' });
    expect(choose(body, `${SOURCE}#nope`)).toMatchObject({ rule: 'refers', name: 'post' });
  });

  it('2. then the h-entry whose url or uid is the source, over an earlier referring one', () => {
    const body =
      `<div class="h-entry"><p class="p-name">first</p><a class="u-like-of" href="${TARGET}">l</a></div>` +
      `<div class="h-entry"><p class="p-name">mine</p><data class="u-uid" value="${SOURCE}/"></data></div>`;
    expect(choose(body)).toMatchObject({ rule: 'source-url', name: 'mine' });
    expect(choose(body, 'https://src.example/other')).toMatchObject({ rule: 'refers', name: 'first' });
  });

  it('3-4. then the first referring entry, then the first entry', () => {
    const body = `<div class="h-entry"><p class="p-name">a</p></div><div class="h-entry"><p class="p-name">b</p></div>`;
    expect(choose(body)).toMatchObject({ rule: 'first', name: 'a', asked: 1 });
    expect(choose('<div class="h-card"><p class="p-name">c</p></div>')).toMatchObject({ rule: 'none', entry: null });
  });

  it('0. none when the only links to the target are outside every entry', () => {
    const body = `<nav><a href="${TARGET}">friend</a></nav><div class="h-entry"><p class="p-name">post</p></div>`;
    expect(choose(body)).toMatchObject({ rule: 'outside', entry: null });
    // NOTE: the fragment does not rescue an entry that does not refer to the target.
    expect(choose(body.replace('class="h-entry"', 'class="h-entry" id="x"'), `${SOURCE}#x`).rule).toBe('outside');
  });

  it('0. keeps the entry when a link to the target is inside it, even outside its properties', () => {
    const body =
      `<nav><a href="${TARGET}">friend</a></nav>` +
      `<div class="h-entry"><p class="p-name">post</p><footer><a href="${TARGET}">see</a></footer></div>`;
    expect(choose(body)).toMatchObject({ rule: 'first', name: 'post' });
  });

  it('asks where the links are only when no entry refers to the target', () => {
    expect(choose(`<div class="h-entry"><a class="u-in-reply-to" href="${TARGET}">r</a></div>`).asked).toBe(0);
  });
});

describe('interpretMention with a link outside every entry', () => {
  it('is a page mention with the title and the page author, without the entry', () => {
    const result = interpretMention({
      html: page(
        `<div class="h-card"><a class="p-name u-url" href="/">Owner</a></div><nav><a href="${TARGET}">t</a></nav>` +
          '<div class="h-entry"><p class="e-content">Unrelated</p></div>',
        '<title>The page</title>',
      ),
      baseUrl: SOURCE,
      sourceUrl: SOURCE,
      targetUrl: TARGET,
    });
    expect(result).toMatchObject({
      mentionType: 'mention',
      title: 'The page',
      content: null,
      contentHtml: null,
      entry: null,
      author: { name: 'Owner', url: 'https://src.example/', photo: null },
      hasMicroformats: true,
    });
  });
});
