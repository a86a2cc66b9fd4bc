import { mf2 } from 'microformats-parser';
import { renderWebmentions } from './render-webmentions';
import { attr, byClass, elements, PAGE, reply, text } from './__tests__/html-fixtures';

describe('renderWebmentions: safety', () => {
  it('escapes the author name and drops javascript: and data: URLs', () => {
    const html = renderWebmentions([
      reply({
        authorName: '<script>alert(1)</script>',
        authorUrl: 'javascript:alert(1)',
        authorPhoto: 'data:image/svg+xml,<svg onload=alert(1)>',
      }),
      reply({
        sourceUrl: 'https://b.example/l',
        mentionType: 'like',
        authorName: '"><img src=x onerror=alert(1)>',
        authorUrl: 'javascript:alert(2)',
      }),
      reply({ sourceUrl: 'https://c.example/r', authorName: '<img src=x onerror=alert(3)>' }),
      reply({
        sourceUrl: 'https://d.example/m',
        mentionType: 'mention',
        authorUrl: null,
        authorName: '<b onmouseover=x>',
        title: '<script>alert(4)</script>',
      }),
    ]);
    expect(elements(html).some((e) => e.tagName === 'script')).toBe(false);
    expect(
      elements(html)
        .flatMap((e) => e.attrs)
        .filter((a) => /^on/i.test(a.name)),
    ).toEqual([]);
    expect(elements(html).filter((e) => e.tagName === 'img' && attr(e, 'src') === 'x')).toEqual([]);
    expect(text(byClass(html, 'wm-comment__name')[1])).toBe('<img src=x onerror=alert(3)>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/javascript:|data:image/i);
    expect(text(byClass(html, 'wm-comment__name')[0])).toBe('<script>alert(1)</script>');
  });

  it('sanitises contentHtml again at render time', () => {
    const html = renderWebmentions([
      reply({
        contentHtml:
          '<p onclick="x()">Hi <img src=x onerror=alert(1)><script>alert(2)</script><a href="javascript:alert(3)">l</a><iframe src="https://evil.example"></iframe></p>',
      }),
    ]);
    const all = elements(html);
    expect(all.filter((e) => ['script', 'iframe'].includes(e.tagName))).toHaveLength(0);
    expect(all.flatMap((e) => e.attrs).filter((a) => /^on/i.test(a.name))).toEqual([]);
    expect(html).not.toMatch(/javascript:/i);
    expect(text(byClass(html, 'e-content')[0])).toContain('Hi');
  });

  it('puts rel, referrerpolicy and image attributes on what it emits', () => {
    const html = renderWebmentions([
      reply(),
      reply({ sourceUrl: 'https://b.example/l', mentionType: 'like', authorUrl: 'https://b.example/' }),
    ]);
    const links = elements(html).filter((e) => e.tagName === 'a' && !(attr(e, 'href') ?? '').startsWith('/'));
    expect(links.length).toBeGreaterThan(2);
    for (const a of links) {
      expect(attr(a, 'rel')).toBe('nofollow ugc noopener');
      expect(attr(a, 'referrerpolicy')).toBe('no-referrer');
    }
    for (const img of elements(html).filter((e) => e.tagName === 'img')) {
      expect([attr(img, 'loading'), attr(img, 'decoding'), attr(img, 'width'), attr(img, 'height')]).toEqual([
        'lazy',
        'async',
        '48',
        '48',
      ]);
      expect(attr(img, 'alt')).toBeDefined();
    }
    const face = byClass(html, 'wm-face__photo')[0];
    expect(attr(face, 'alt')).toBe('Alice');
  });
});

describe('renderWebmentions: microformats of our own markup', () => {
  it('parses as h-cite items with an author h-card, url, published and content', () => {
    const html = renderWebmentions([
      reply(),
      reply({
        sourceUrl: 'https://bob.example/likes/1',
        mentionType: 'like',
        authorName: 'Bob',
        authorUrl: 'https://bob.example/',
        authorPhoto: 'https://bob.example/b.png',
        published: '2026-12-02T08:00:00Z',
      }),
    ]);
    const cites = mf2(html, { baseUrl: PAGE }).items.filter((i) => i.type?.includes('h-cite'));
    expect(cites).toHaveLength(2);
    const byUrl = (u: string) => cites.find((c) => c.properties.url?.includes(u));
    const r = byUrl('https://alice.example/replies/1');
    const l = byUrl('https://bob.example/likes/1');
    expect(r?.properties.published).toEqual(['2026-12-01T10:00:00.000Z']);
    expect(l?.properties.published).toEqual(['2026-12-02T08:00:00.000Z']);
    expect((r?.properties.content?.[0] as { value: string }).value).toBe('Great post!');
    for (const [cite, name, url, photo] of [
      [r, 'Alice', 'https://alice.example/', 'https://alice.example/me.jpg'],
      [l, 'Bob', 'https://bob.example/', 'https://bob.example/b.png'],
    ] as const) {
      const author = cite?.properties.author?.[0] as { type: string[]; properties: Record<string, unknown[]> };
      expect(author.type).toEqual(['h-card']);
      expect(author.properties.name).toEqual([name]);
      expect(author.properties.url).toEqual([url]);
      const shown = author.properties.photo?.[0] as string | { value: string };
      expect(typeof shown === 'string' ? shown : shown.value).toBe(photo);
    }
  });
});
