import { entryBody, readHtmlValue } from './entry-content';
import type { MicroformatRoot } from './types';

const BASE = 'https://s.example/post';
const entry = (properties: MicroformatRoot['properties']): MicroformatRoot => ({ type: ['h-entry'], properties });

describe('readHtmlValue', () => {
  it('gives text with blocks separated and sanitised HTML', () => {
    expect(
      readHtmlValue('<p>Hello</p><p>World <script>x()</script><b onclick="y()">!</b></p>', { baseUrl: BASE }),
    ).toEqual({ text: 'Hello\n\nWorld !', html: '<p>Hello</p><p>World <b>!</b></p>' });
  });

  it('is no content when nothing visible survives sanitising', () => {
    for (const html of [
      '<a href="https://t.example/"></a>',
      ' <span> </span><br>',
      '<script>x()</script>',
      '<img src="javascript:x">',
    ]) {
      expect(readHtmlValue(html, { baseUrl: BASE })).toEqual({ text: null, html: null });
    }
  });

  it('keeps an image-only content as HTML without text', () => {
    expect(readHtmlValue('<img src="/a.png">', { baseUrl: BASE })).toEqual({
      text: null,
      html: '<img src="https://s.example/a.png" />',
    });
  });

  it('leaves the entry photo out of HTML and text; a content of only the photo is no content', () => {
    const photoUrls = new Set(['https://s.example/p.jpg']);
    expect(
      readHtmlValue('<p>Nice view</p><p><img src="/p.jpg" alt="The view"></p>', { baseUrl: BASE, photoUrls }),
    ).toEqual({
      text: 'Nice view',
      html: '<p>Nice view</p>',
    });
    expect(
      readHtmlValue('<a href="/p.jpg"><img src="/p.jpg" alt="The view"></a>', { baseUrl: BASE, photoUrls }),
    ).toEqual({
      text: null,
      html: null,
    });
  });
});

describe('entryBody', () => {
  it('falls through an empty content to the summary, then the name', () => {
    const body = entryBody(
      entry({ content: [{ value: '', html: '<a href="https://t.example/"></a>' }], summary: ['A summary'] }),
      { baseUrl: BASE },
    );
    expect(body).toEqual({ text: 'A summary', html: null, parserText: 'A summary', fromName: false });
    expect(
      entryBody(entry({ content: [{ value: ' ', html: ' ' }], name: ['The name'] }), { baseUrl: BASE }),
    ).toMatchObject({
      text: 'The name',
      fromName: true,
    });
    expect(entryBody(entry({}), { baseUrl: BASE })).toEqual({
      text: null,
      html: null,
      parserText: null,
      fromName: false,
    });
  });

  it('keeps the parser text of the property it read, and skips item-valued content without HTML', () => {
    const body = entryBody(
      entry({
        content: [
          { type: ['h-card'], properties: { name: ['x'] } },
          { value: 'HelloWorld', html: '<p>Hello</p><p>World</p>' },
        ],
      }),
      { baseUrl: BASE },
    );
    expect(body).toEqual({
      text: 'Hello\n\nWorld',
      html: '<p>Hello</p><p>World</p>',
      parserText: 'HelloWorld',
      fromName: false,
    });
  });
});
