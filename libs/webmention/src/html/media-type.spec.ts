import { isHtmlMediaType, isJsonMediaType, isTextMediaType, mediaType } from './media-type';

describe('mediaType', () => {
  it.each([
    ['text/html', 'text/html'],
    ['TEXT/HTML; charset=UTF-8', 'text/html'],
    [' text/html ;charset=utf-8', 'text/html'],
    ['application/ld+json; profile="x"', 'application/ld+json'],
    ['', ''],
    ['  ', ''],
    [undefined, ''],
    [null, ''],
  ] as Array<[string | null | undefined, string]>)('%j -> %j', (ct, type) => {
    expect(mediaType(ct)).toBe(type);
  });
});

describe('media type classes', () => {
  const cases: Array<[string, boolean, boolean, boolean]> = [
    // content type, html, json, text
    ['text/html', true, false, false],
    ['TEXT/HTML; charset=UTF-8', true, false, false],
    ['application/xhtml+xml', true, false, false],
    ['text/html-sandboxed', false, false, false],
    ['application/json', false, true, false],
    ['application/json; charset=utf-8', false, true, false],
    ['application/activity+json', false, true, false],
    ['Application/MF2+JSON', false, true, false],
    ['application/jsonp', false, false, false],
    ['json', false, false, false],
    ['text/plain', false, false, true],
    ['text/plain; charset=us-ascii', false, false, true],
    ['text/xml', false, false, false],
    ['image/png', false, false, false],
    ['', false, false, false],
  ];
  it.each(cases)('%j', (ct, html, json, text) => {
    expect([isHtmlMediaType(ct), isJsonMediaType(ct), isTextMediaType(ct)]).toEqual([html, json, text]);
  });
});
