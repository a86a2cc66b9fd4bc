import { MAX_ITEM_COUNT, MAX_ITEM_DEPTH, walkItems } from './mf2-values';
import { interpretMention } from './mention-content';
import {
  interpretMf2Json,
  isMf2Json,
  MAX_MF2_JSON_TEXT,
  MAX_MF2_JSON_VALUES,
  mf2JsonAlternate,
  parseMf2Json,
} from './mf2-json';
import { parseMicroformats } from './parse-microformats';

const SOURCE = 'https://src.example/notes/1';
const TARGET = 'https://target.example/p';
const ctx = { baseUrl: SOURCE, sourceUrl: SOURCE, targetUrl: TARGET };

describe('parseMf2Json', () => {
  it('accepts the mf2 shape, as a value or as JSON text, and nothing else', () => {
    expect(parseMf2Json({ items: [] }, SOURCE)).toEqual({ items: [], rels: {}, 'rel-urls': {} });
    expect(parseMf2Json('{"items":[{"type":["h-card"],"properties":{"name":["A"]}}]}', SOURCE)?.items).toHaveLength(1);
    for (const bad of [
      null,
      42,
      'nope',
      '[]',
      [],
      { items: {} },
      { item: [] },
      `{"items":[${' '.repeat(MAX_MF2_JSON_TEXT)}]}`,
    ]) {
      expect(parseMf2Json(bad, SOURCE)).toBeNull();
    }
    expect(isMf2Json({ items: [] })).toBe(true);
    expect(isMf2Json({ type: 'Note' })).toBe(false);
  });

  it('keeps only values of the parser shapes and resolves relative URLs in URL properties and rels', () => {
    // NOTE: built from JSON text, so `__proto__` is an own key as it is in a fetched document.
    const json = JSON.parse(`{
      "items": [{
        "type": ["h-entry", "not-h", 7],
        "id": "e1",
        "properties": {
          "url": ["/notes/1", 5],
          "name": ["/not/a/url"],
          "photo": [{ "value": "p.jpg", "alt": "P" }, { "alt": "no value" }],
          "content": [{ "html": "<p>x</p>" }, { "value": "plain" }],
          "bad name": ["x"],
          "__proto__": ["x"],
          "category": "not a list"
        },
        "children": [{ "type": ["h-cite"], "properties": {} }, { "type": [] }]
      }],
      "rels": { "me": ["/me", 3], "__proto__": ["/x"] }
    }`) as unknown;
    const doc = parseMf2Json(json, SOURCE)!;
    const [entry] = doc.items;
    expect(entry.type).toEqual(['h-entry']);
    expect(entry.id).toBe('e1');
    expect({ ...entry.properties }).toEqual({
      url: ['https://src.example/notes/1'],
      name: ['/not/a/url'],
      photo: [{ value: 'https://src.example/notes/p.jpg', alt: 'P' }],
      content: [{ value: '', html: '<p>x</p>' }, 'plain'],
    });
    expect(Object.getPrototypeOf(entry.properties)).toBeNull();
    expect(entry.children).toHaveLength(1);
    expect(Object.keys(doc.rels)).toEqual(['me']);
    expect(doc.rels.me).toEqual(['https://src.example/me']);
    expect(Object.getPrototypeOf(doc.rels)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bounds depth, item count and values per property', () => {
    let nested: Record<string, unknown> = { type: ['h-cite'], properties: { name: ['deepest'] } };
    for (let i = 0; i < MAX_ITEM_DEPTH + 5; i++) nested = { type: ['h-entry'], properties: { comment: [nested] } };
    expect(walkItems(parseMf2Json({ items: [nested] }, SOURCE)!.items, Infinity, Infinity)).toHaveLength(
      MAX_ITEM_DEPTH,
    );
    const many = Array.from({ length: MAX_ITEM_COUNT + 50 }, () => ({ type: ['h-card'], properties: {} }));
    expect(parseMf2Json({ items: many }, SOURCE)!.items).toHaveLength(MAX_ITEM_COUNT);
    const values = parseMf2Json(
      { items: [{ type: ['h-entry'], properties: { category: Array.from({ length: 500 }, (_, i) => `c${i}`) } }] },
      SOURCE,
    )!;
    expect(values.items[0].properties.category).toHaveLength(MAX_MF2_JSON_VALUES);
  });
});

describe('interpretMf2Json', () => {
  it('reads the same as the HTML it was made from', () => {
    const html =
      `<div class="h-entry"><a class="u-in-reply-to" href="${TARGET}">r</a><div class="e-content"><p>Hi</p><p>there</p></div>` +
      '<a class="p-author h-card" href="/">Me</a><img class="u-photo" src="/p.jpg" alt="P"><a class="u-url" href="/notes/1">#</a></div>';
    const fromJson = interpretMf2Json(JSON.stringify(parseMicroformats(html, SOURCE)), ctx);
    const fromHtml = interpretMention({ html, ...ctx });
    expect(fromJson).toEqual({ ...fromHtml, title: null });
    expect(fromJson).toMatchObject({ mentionType: 'reply', content: 'Hi\n\nthere', media: { photo: [{ alt: 'P' }] } });
  });

  it('is a plain mention without microformats for JSON of another shape, and never throws', () => {
    for (const json of [
      { type: 'Note' },
      'not json',
      null,
      { items: [{ type: ['h-entry'], properties: { content: [{ html: 5 }] } }] },
    ]) {
      expect(() => interpretMf2Json(json, ctx)).not.toThrow();
    }
    expect(interpretMf2Json({ type: 'Note' }, ctx)).toMatchObject({
      hasMicroformats: false,
      author: { name: 'src.example' },
    });
  });
});

describe('mf2JsonAlternate', () => {
  it('finds the first mf2+json alternate link, resolved by the <base> rule', () => {
    const html = (head: string) => `<html><head>${head}</head><body></body></html>`;
    expect(mf2JsonAlternate(html('<link rel="alternate" type="application/mf2+json" href="1.json">'), SOURCE)).toBe(
      'https://src.example/notes/1.json',
    );
    expect(
      mf2JsonAlternate(
        html('<base href="https://cdn.example/"><link rel="Alternate home" type="application/mf2+json" href="x.json">'),
        SOURCE,
      ),
    ).toBe('https://cdn.example/x.json');
    expect(mf2JsonAlternate(html('<link rel="alternate" type="application/json" href="1.json">'), SOURCE)).toBeNull();
    expect(
      mf2JsonAlternate(html('<link rel="alternate" type="application/mf2+json" href="javascript:x">'), SOURCE),
    ).toBeNull();
    expect(
      mf2JsonAlternate(
        html('<template><link rel="alternate" type="application/mf2+json" href="t.json"></template>'),
        SOURCE,
      ),
    ).toBeNull();
    expect(mf2JsonAlternate('', SOURCE)).toBeNull();
  });
});
