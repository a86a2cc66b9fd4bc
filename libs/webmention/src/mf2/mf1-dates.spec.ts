import { MAX_MF1_ENTRIES } from './mf1-dates';
import { walkItems } from './mf2-values';
import { parseMicroformats } from './parse-microformats';

const BASE = 'https://old.example/';
const parse = (body: string) => parseMicroformats(`<html><body>${body}</body></html>`, BASE)!;
const entries = (body: string) => walkItems(parse(body).items).filter((i) => i.type?.includes('h-entry'));

describe('mf1 published/updated', () => {
  it('reads abbr title, time datetime, data value, value-class parts and plain text', () => {
    const found = entries(
      '<div class="hentry"><abbr class="published" title="2009-05-01T12:00:00-0400">May 1</abbr></div>' +
        '<div class="hentry"><time class="published" datetime="2010-01-02">2 Jan</time></div>' +
        '<div class="hentry"><data class="published" value="2011-02-03T04:05Z"></data></div>' +
        '<div class="hentry"><span class="published"><span class="value">2012-03-04</span>, <abbr class="value" title="05:06">6ish</abbr></span></div>' +
        '<div class="hentry"><span class="published"> 2013-04-05 </span></div>',
    );
    expect(found.map((e) => e.properties.published)).toEqual([
      ['2009-05-01T12:00:00-0400'],
      ['2010-01-02'],
      ['2011-02-03T04:05Z'],
      ['2012-03-04 05:06'],
      ['2013-04-05'],
    ]);
  });

  it('leaves the marker out of the authors, keeping the real ones', () => {
    const [entry] = entries(
      '<div class="hentry"><span class="author vcard"><span class="fn">Pat</span></span><abbr class="published" title="2009-05-01">x</abbr></div>',
    );
    expect(entry.properties.author).toHaveLength(1);
    expect(JSON.stringify(entry.properties.author)).toContain('Pat');
    const [alone] = entries('<div class="hentry"><abbr class="published" title="2009-05-01">x</abbr></div>');
    expect(alone.properties).not.toHaveProperty('author');
    const doc = parse(
      '<div class="hfeed"><div class="hentry"><abbr class="published" title="2009-05-01">x</abbr></div></div>',
    );
    expect(JSON.stringify(doc)).not.toContain('urn:x-webmention-mf1');
  });

  it('does not take a date from a nested microformat, nor mark an entry that also has an mf2 root class', () => {
    const [outer] = entries(
      '<div class="hentry"><div class="vevent"><abbr class="published" title="1999-01-01">x</abbr></div>' +
        '<abbr class="updated" title="2009-06-01">u</abbr></div>',
    );
    expect(outer.properties.published).toBeUndefined();
    expect(outer.properties.updated).toEqual(['2009-06-01']);
    const [mf2] = entries(
      '<div class="h-entry hentry"><time class="dt-published published" datetime="2020-01-01">x</time></div>',
    );
    expect(mf2.properties.published).toEqual(['2020-01-01']);
  });

  it('marks entries that are table rows inside a cell, and caps how many it marks', () => {
    const [row] = entries(
      '<table><tr class="hentry"><td class="entry-title">T</td><td><abbr class="published" title="2009-05-01">x</abbr></td></tr></table>',
    );
    expect(row.properties.published).toEqual(['2009-05-01']);
    const many = entries(
      Array.from(
        { length: MAX_MF1_ENTRIES + 5 },
        () => '<div class="hentry"><abbr class="published" title="2009-05-01">x</abbr></div>',
      ).join(''),
    );
    expect(many.filter((e) => e.properties.published !== undefined)).toHaveLength(MAX_MF1_ENTRIES);
    expect(JSON.stringify(many)).not.toContain('urn:x-webmention-mf1');
  });
});
