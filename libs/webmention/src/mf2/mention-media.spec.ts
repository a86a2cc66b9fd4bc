import { MAX_MEDIA_PER_MENTION, mentionMediaUrls } from './mention-media';

describe('mentionMediaUrls', () => {
  it('lists the author photo, then content images in document order, serialised and once each', () => {
    const urls = mentionMediaUrls({
      authorPhoto: 'https://Photos.example/me.jpg',
      contentHtml:
        '<p>Look <img src="https://img.example/a.png" alt="a"> and <b><img src="https://img.example/b.gif"></b></p>' +
        '<p><img src="https://photos.example/me.jpg"><img src="https://img.example/a.png"></p>',
    });
    expect(urls).toEqual(['https://photos.example/me.jpg', 'https://img.example/a.png', 'https://img.example/b.gif']);
  });

  it('lists the entry photos between the author photo and the content images', () => {
    expect(
      mentionMediaUrls({
        authorPhoto: 'https://photos.example/me.jpg',
        photos: [{ url: 'https://img.example/p1.jpg' }, 'https://img.example/p2.jpg', { url: 'javascript:x' }],
        contentHtml: '<img src="https://img.example/p1.jpg"><img src="https://img.example/c.png">',
      }),
    ).toEqual([
      'https://photos.example/me.jpg',
      'https://img.example/p1.jpg',
      'https://img.example/p2.jpg',
      'https://img.example/c.png',
    ]);
  });

  it('skips non-http(s), relative and missing sources, and links that are not images', () => {
    expect(
      mentionMediaUrls({
        authorPhoto: 'javascript:alert(1)',
        contentHtml:
          '<img src="data:image/png;base64,AAAA"><img src="/local.png"><img alt="none">' +
          '<a href="https://img.example/c.png">c</a>',
      }),
    ).toEqual([]);
  });

  it('reads entity-encoded sources as a browser does', () => {
    expect(mentionMediaUrls({ contentHtml: '<img src="https://img.example/a.png?x=1&amp;y=2">' })).toEqual([
      'https://img.example/a.png?x=1&y=2',
    ]);
  });

  it('is empty without fields, and bounded for content with very many images', () => {
    expect(mentionMediaUrls({})).toEqual([]);
    expect(mentionMediaUrls({ authorPhoto: null, contentHtml: null })).toEqual([]);
    const many = Array.from({ length: 80 }, (_, i) => `<img src="https://img.example/${i}.png">`).join('');
    const urls = mentionMediaUrls({ contentHtml: many });
    expect(urls).toHaveLength(MAX_MEDIA_PER_MENTION);
    expect(urls[0]).toBe('https://img.example/0.png');
  });

  it('skips URLs longer than the column', () => {
    expect(mentionMediaUrls({ authorPhoto: `https://img.example/${'x'.repeat(2100)}.png` })).toEqual([]);
  });
});
