import { parseHtmlFragment, serializeHtml } from '../html';
import { MAX_MEDIA_PER_KIND, MAX_PHOTO_ALT, emptyMedia, entryMedia, removePhotos } from './entry-media';
import type { MicroformatRoot } from './types';

const entry = (properties: MicroformatRoot['properties']): MicroformatRoot => ({ type: ['h-entry'], properties });

describe('entryMedia', () => {
  it('reads photos with alt, videos and audio as absolute http(s) URLs, once each, in order', () => {
    const media = entryMedia(
      entry({
        photo: [
          { value: 'https://p.example/a.jpg', alt: '  A   cat ' },
          'https://p.example/b.jpg',
          { value: 'https://p.example/a.jpg', alt: 'again' },
          { value: 'https://p.example/c.jpg', alt: '' },
        ],
        video: ['https://v.example/v.mp4', 'https://v.example/v.mp4'],
        audio: [{ type: ['h-cite'], properties: {}, value: 'https://a.example/a.ogg' }],
      }),
    );
    expect(media).toEqual({
      photo: [
        { url: 'https://p.example/a.jpg', alt: 'A cat' },
        { url: 'https://p.example/b.jpg', alt: null },
        { url: 'https://p.example/c.jpg', alt: null },
      ],
      video: ['https://v.example/v.mp4'],
      audio: ['https://a.example/a.ogg'],
    });
  });

  it('drops relative, data:, javascript: and over-long URLs, and caps each list and alt', () => {
    const media = entryMedia(
      entry({
        photo: [
          '/relative.jpg',
          'data:image/png;base64,AAAA',
          'javascript:alert(1)',
          `https://p.example/${'x'.repeat(3000)}`,
          { value: 'https://p.example/long-alt.jpg', alt: 'a'.repeat(2000) },
        ],
        video: Array.from({ length: 30 }, (_, i) => `https://v.example/${i}.mp4`),
      }),
    );
    expect(media.photo).toEqual([{ url: 'https://p.example/long-alt.jpg', alt: 'a'.repeat(MAX_PHOTO_ALT) }]);
    expect(media.video).toHaveLength(MAX_MEDIA_PER_KIND);
    expect(media.video[0]).toBe('https://v.example/0.mp4');
    expect(entryMedia(entry({}))).toEqual(emptyMedia());
  });
});

describe('removePhotos', () => {
  const BASE = 'https://s.example/post';
  const run = (html: string, photos: string[]) => {
    const fragment = parseHtmlFragment(html);
    const removed = removePhotos(fragment, new Set(photos), BASE);
    return { removed, html: serializeHtml(fragment) };
  };

  it('removes the photo (relative or absolute) with the link and paragraph that held only it', () => {
    expect(
      run('<p>Look</p><p><a href="/big.jpg"><img src="/p.jpg" alt="P"></a></p><p>after</p>', [
        'https://s.example/p.jpg',
      ]),
    ).toEqual({ removed: 1, html: '<p>Look</p><p>after</p>' });
    expect(run('<figure><img src="https://s.example/p.jpg"></figure>', ['https://s.example/p.jpg']).html).toBe('');
  });

  it('keeps other images, and wrappers that still show something', () => {
    expect(
      run(
        '<p>Text <img src="/p.jpg"> <img src="/other.jpg"></p><figure><img src="/p.jpg"><figcaption>C</figcaption></figure>',
        ['https://s.example/p.jpg'],
      ),
    ).toEqual({ removed: 2, html: '<p>Text  <img src="/other.jpg"></p><figure><figcaption>C</figcaption></figure>' });
    expect(run('<img src="/p.jpg">', [])).toEqual({ removed: 0, html: '<img src="/p.jpg">' });
  });
});
