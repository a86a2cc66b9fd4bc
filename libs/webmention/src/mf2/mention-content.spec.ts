import { MAX_SNAPSHOT_BYTES, MAX_SNAPSHOT_STRING, MAX_SNAPSHOT_VALUES, buildEntrySnapshot } from './entry-snapshot';
import { chooseEntry, interpretMention, nameRepeatsContent } from './mention-content';
import { MAX_ITEM_COUNT, MAX_ITEM_DEPTH, walkItems } from './mf2-values';
import { parseMicroformats } from './parse-microformats';
import type { MicroformatRoot } from './types';

const SOURCE = 'https://src.example/posts/1';
const TARGET = 'https://target.example/p';
const page = (body: string) => `<!doctype html><html><head><title>Page</title></head><body>${body}</body></html>`;
const run = (body: string, targetUrl = TARGET) =>
  interpretMention({ html: page(body), baseUrl: SOURCE, sourceUrl: SOURCE, targetUrl });

describe('parseMicroformats', () => {
  it('returns null instead of throwing for empty and text-only documents', () => {
    expect(parseMicroformats('', SOURCE)).toBeNull();
    expect(parseMicroformats('   ', SOURCE)).toBeNull();
    expect(parseMicroformats('plain text', SOURCE)).toBeNull();
    expect(parseMicroformats('<p>x</p>', 'not a url')).toBeNull();
  });

  it('survives a relative <base href> and <template> in e-content', () => {
    const withBase = parseMicroformats(
      '<html><head><base href="sub/"></head><body><a class="h-card" href="me">Me</a></body></html>',
      SOURCE,
    );
    expect(withBase?.items[0].properties.url).toEqual(['https://src.example/posts/sub/me']);
    const badBase = parseMicroformats(
      '<html><head><base href="javascript:x"></head><body><a class="h-card" href="me">Me</a></body></html>',
      SOURCE,
    );
    expect(badBase?.items[0].properties.url).toEqual(['https://src.example/posts/me']);
    const withTemplate = parseMicroformats(
      '<div class="h-entry"><div class="e-content">a<template><p>t</p></template>b</div></div>',
      SOURCE,
    );
    expect(withTemplate?.items[0].properties.content).toEqual([{ value: 'ab', html: 'ab' }]);
  });
});

describe('chooseEntry', () => {
  it('prefers an h-cite that refers to the target over earlier unrelated entries', () => {
    const doc = parseMicroformats(
      page(`<div class="h-entry"><p class="p-name">first</p></div>
        <div class="h-cite"><p class="p-name">cited</p><a class="u-in-reply-to" href="${TARGET}">r</a></div>`),
      SOURCE,
    );
    expect(chooseEntry(doc!, { baseUrl: SOURCE, sourceUrl: SOURCE, targetUrl: TARGET })?.properties.name).toEqual([
      'cited',
    ]);
  });

  it('finds content links to the target in any host spelling', () => {
    const idn = run(
      `<div class="h-entry"><p class="p-name">a</p></div><div class="h-entry"><p class="e-content">See <a href="https://WWW.Bücher.example/p/">b</a></p></div>`,
      'https://xn--bcher-kva.example/p',
    );
    expect(idn.content).toBe('See b');
    const other = run(
      `<div class="h-entry"><p class="e-content">first</p></div><div class="h-entry"><p class="e-content"><a href="https://target.example.org/p">b</a></p></div>`,
    );
    expect(other.content).toBe('first');
  });

  it('does not choose an h-cite that merely is the target', () => {
    const result = run(
      `<div class="h-entry"><p class="e-content">hi</p><div class="p-comment h-cite"><a class="u-url" href="${TARGET}">t</a></div></div>`,
    );
    expect(result.content).toBe('hi');
    expect(result.mentionType).toBe('mention');
  });

  it('finds a referring entry nested under children and properties', () => {
    const result = run(
      `<div class="h-feed"><div class="h-entry"><div class="p-comment h-entry"><p class="e-content">deep</p><a class="u-like-of" href="${TARGET}">l</a></div></div></div>`,
    );
    expect(result).toMatchObject({ mentionType: 'like', content: 'deep' });
  });

  it('stops descending at the depth cap', () => {
    let body = `<div class="h-entry"><p class="e-content">too deep</p><a class="u-like-of" href="${TARGET}">l</a></div>`;
    for (let i = 0; i < MAX_ITEM_DEPTH; i += 1)
      body = `<div class="h-entry"><p class="p-name">level ${i}</p>${body}</div>`;
    const doc = parseMicroformats(page(body), SOURCE)!;
    expect(walkItems(doc.items)).toHaveLength(MAX_ITEM_DEPTH);
    const chosen = chooseEntry(doc, { baseUrl: SOURCE, sourceUrl: SOURCE, targetUrl: TARGET });
    expect(chosen?.properties.name).toEqual([`level ${MAX_ITEM_DEPTH - 1}`]);
  });

  it('stops at the item count cap', () => {
    const items: MicroformatRoot[] = Array.from({ length: MAX_ITEM_COUNT + 10 }, () => ({
      type: ['h-card'],
      properties: {},
    }));
    expect(walkItems(items)).toHaveLength(MAX_ITEM_COUNT);
  });
});

describe('title and content', () => {
  it('drops a name that repeats the start of the content, ellipsis or not', () => {
    expect(nameRepeatsContent('Hello  world', 'Hello world, and more')).toBe(true);
    expect(nameRepeatsContent('Hello world, and…', 'Hello world, and more')).toBe(true);
    expect(nameRepeatsContent('A real title', 'Hello world')).toBe(false);
    const note = run(
      `<div class="h-entry"><p class="p-name">Just a note about</p><p class="e-content">Just a note about <b>things</b></p></div>`,
    );
    expect(note.title).toBeNull();
    const article = run(
      `<div class="h-entry"><h1 class="p-name">Title</h1><div class="e-content"><p>Body</p></div></div>`,
    );
    expect(article).toMatchObject({ title: 'Title', content: 'Body', contentHtml: '<p>Body</p>' });
  });

  it('ignores whitespace when a name repeats the content, so glued parser text still matches', () => {
    expect(nameRepeatsContent('HelloWorld', 'Hello\n\nWorld')).toBe(true);
    expect(nameRepeatsContent('Hello World and more', 'Hello\n\nWorld')).toBe(false);
    const note = run(`<div class="h-entry"><div class="e-content p-name"><p>Hello</p><p>World</p></div></div>`);
    expect(note).toMatchObject({ title: null, content: 'Hello\n\nWorld', contentHtml: '<p>Hello</p><p>World</p>' });
  });

  it('keeps the photo as media, out of the content, and has no content when only the photo was there', () => {
    const photo = run(
      `<div class="h-entry"><div class="e-content"><img class="u-photo" src="/p.jpg" alt="Sunset"></div><a class="u-like-of" href="${TARGET}">l</a></div>`,
    );
    expect(photo).toMatchObject({
      mentionType: 'like',
      content: null,
      contentHtml: null,
      media: { photo: [{ url: 'https://src.example/p.jpg', alt: 'Sunset' }], video: [], audio: [] },
    });
    expect(run('<p>no microformats</p>').media).toEqual({ photo: [], video: [], audio: [] });
  });

  it('falls back to summary, then name, for the content', () => {
    expect(run(`<div class="h-entry"><p class="p-name">N</p><p class="e-summary">S <i>i</i></p></div>`)).toMatchObject({
      title: 'N',
      content: 'S i',
      contentHtml: 'S <i>i</i>',
    });
    expect(run(`<div class="h-entry"><p class="p-name">Only a name</p></div>`)).toMatchObject({
      title: null,
      content: 'Only a name',
    });
  });

  it('keeps only an absolute http(s) u-url', () => {
    expect(
      run(`<div class="h-entry"><p class="p-name">x</p><a class="u-url" href="mailto:a@b.example">m</a></div>`).url,
    ).toBeNull();
  });

  it('never throws on hostile or malformed input', () => {
    const inputs = [
      '',
      '<',
      '<<<>>>',
      '\u0000\u0001',
      '<html><body><div class="h-entry"><div class="h-entry">',
      'x'.repeat(10000),
    ];
    for (const html of inputs) {
      expect(() => interpretMention({ html, baseUrl: SOURCE, sourceUrl: SOURCE, targetUrl: TARGET })).not.toThrow();
    }
    expect(() =>
      interpretMention({ html: page('<p>x</p>'), baseUrl: 'bad', sourceUrl: 'bad', targetUrl: 'bad' }),
    ).not.toThrow();
  });
});

describe('buildEntrySnapshot', () => {
  const dates = {
    publishedRaw: null,
    publishedTimezoneAssumed: false,
    updatedRaw: null,
    updatedTimezoneAssumed: false,
  };

  it('caps values per property and string lengths, reduces nested cards to strings', () => {
    const snapshot = buildEntrySnapshot(
      {
        type: ['h-entry'],
        properties: {
          category: Array.from({ length: 50 }, (_, i) => `tag${i}`),
          name: ['n'.repeat(5000)],
          photo: [{ value: 'https://p.example/a.jpg', alt: 'A' }],
          location: [
            { type: ['h-card'], properties: { name: ['Cafe'], url: ['https://cafe.example/'], note: ['secret'] } },
          ],
          content: [{ value: 'text', html: '<script>x</script>' }],
        },
      },
      { ...dates, publishedRaw: '2026-01-01', publishedTimezoneAssumed: true },
    );
    expect(snapshot.category).toHaveLength(MAX_SNAPSHOT_VALUES);
    expect((snapshot.name as string[])[0]).toHaveLength(MAX_SNAPSHOT_STRING);
    expect(snapshot.photo).toEqual(['https://p.example/a.jpg']);
    expect(snapshot.location).toEqual([{ type: ['h-card'], name: 'Cafe', url: 'https://cafe.example/' }]);
    expect(snapshot).toMatchObject({ publishedRaw: '2026-01-01', publishedTimezoneAssumed: true });
    expect(snapshot).not.toHaveProperty('content');
    expect(snapshot).not.toHaveProperty('truncated');
  });

  it('stays under the byte bound and marks what it left out', () => {
    const big = (c: string) => Array.from({ length: 40 }, () => c.repeat(3000));
    const snapshot = buildEntrySnapshot(
      {
        type: ['h-entry'],
        properties: { url: ['https://a.example/'], name: big('é'), category: big('c'), syndication: big('s') },
      },
      dates,
    );
    expect(Buffer.byteLength(JSON.stringify(snapshot))).toBeLessThanOrEqual(MAX_SNAPSHOT_BYTES);
    expect(snapshot.url).toEqual(['https://a.example/']);
    expect(snapshot.truncated).toBe(true);
  });
});
