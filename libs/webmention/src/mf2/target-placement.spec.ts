import { parseHtml } from '../html';
import { targetPlacement } from './target-placement';

const SOURCE = 'https://src.example/posts/1';
const TARGET = 'https://target.example/p';
const page = (body: string, head = '') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

describe('targetPlacement', () => {
  const where = (body: string, head = '', target = TARGET) =>
    targetPlacement(parseHtml(page(body, head)), SOURCE, target);

  it('finds links in entries, h-cites and mf1 hentries, by href, src and srcset, under the matching policy', () => {
    expect(where(`<div class="h-entry"><a href="https://www.target.example/p/">x</a></div>`)).toBe('in-entry');
    expect(where(`<div class="x h-cite"><img src="${TARGET}"></div>`)).toBe('in-entry');
    expect(where(`<div class="hentry"><p><img srcset="/a.png 1x, ${TARGET} 2x"></p></div>`)).toBe('in-entry');
    expect(where(`<aside><a href="${TARGET}">x</a></aside><div class="h-entry"></div>`)).toBe('outside-entries');
  });

  it('resolves by the <base> rule and ignores scripts and non-links', () => {
    expect(where('<nav><a href="p">x</a></nav>', '<base href="https://target.example/">')).toBe('outside-entries');
    expect(where(`<script>"<a href='${TARGET}'>"</script><link href="${TARGET}"><p>${TARGET}</p>`)).toBe('unknown');
    expect(where('<a href="x">x</a>', '', 'not a url')).toBe('unknown');
  });
});
