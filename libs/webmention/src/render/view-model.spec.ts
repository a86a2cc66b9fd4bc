import type { PublicWebmention } from '../api/public-webmention';
import type { Webmention } from '../entities/webmention.entity';
import { cutText, htmlText, rewriteImageSources } from './render-text';
import { isDisplayable, mentionKind, toViewModel } from './view-model';
import type { RenderableWebmention } from './view-model';

const base: RenderableWebmention = { sourceUrl: 'https://alice.example/notes/1', mentionType: 'reply' };

describe('toViewModel', () => {
  // NOTE: a compile-time check (tsc): both stored shapes must be accepted without casts.
  it('accepts the entity and PublicWebmention shapes', () => {
    const fromEntity = (w: Webmention): RenderableWebmention => w;
    const fromPublic = (w: PublicWebmention): RenderableWebmention => w;
    expect(typeof fromEntity).toBe('function');
    expect(typeof fromPublic).toBe('function');
  });

  it('formats dates given as Date or ISO string, in UTC', () => {
    const a = toViewModel({ ...base, published: new Date('2026-12-01T23:30:00-05:00') });
    expect(a.isoDate).toBe('2026-12-02T04:30:00.000Z');
    expect(a.humanDate).toBe('2 Dec 2026');
    const b = toViewModel({ ...base, published: null, createdAt: '2026-01-09T00:00:00Z' });
    expect(b.humanDate).toBe('9 Jan 2026');
    const c = toViewModel({ ...base, published: 'not a date' });
    expect(c.isoDate).toBeNull();
    expect(c.humanDate).toBeNull();
  });

  it('falls back from the author name to the source host', () => {
    expect(toViewModel({ ...base, authorName: '  Alice  Smith ' }).authorDisplayName).toBe('Alice Smith');
    const vm = toViewModel({ ...base, authorName: '   ' });
    expect(vm.authorDisplayName).toBe('alice.example');
    expect(vm.authorInitial).toBe('A');
  });

  it('keeps only http(s) author URLs, photos and entry URLs', () => {
    const vm = toViewModel({
      ...base,
      sourceUrl: 'javascript:alert(1)',
      authorUrl: 'javascript:alert(1)',
      authorPhoto: 'data:image/png;base64,AAAA',
      url: 'JaVaScRiPt:alert(1)',
    });
    expect(vm.authorUrl).toBeNull();
    expect(vm.photo).toBeNull();
    expect(vm.entryUrl).toBeNull();
    expect(vm.faceUrl).toBeNull();
  });

  it('uses the entry URL, else the source, and names the source host when they differ', () => {
    const bridged = toViewModel({
      ...base,
      sourceUrl: 'https://brid.gy/comment/1',
      url: 'https://social.example/@a/1',
    });
    expect(bridged.entryUrl).toBe('https://social.example/@a/1');
    expect(bridged.viaHost).toBe('brid.gy');
    expect(toViewModel({ ...base, url: 'https://www.alice.example/notes/1' }).viaHost).toBeNull();
    expect(toViewModel(base).entryUrl).toBe('https://alice.example/notes/1');
  });

  it('rewrites photos and content images through mediaUrl, dropping non-http results', () => {
    const mediaUrl = (u: string) => `https://proxy.example/?u=${encodeURIComponent(u)}`;
    const vm = toViewModel(
      { ...base, authorPhoto: 'https://alice.example/me.jpg', contentHtml: '<p>x <img src="/pic.png" alt="p"></p>' },
      { mediaUrl },
    );
    expect(vm.photo).toBe('https://proxy.example/?u=https%3A%2F%2Falice.example%2Fme.jpg');
    expect(vm.contentHtml).toContain('src="https://proxy.example/?u=https%3A%2F%2Falice.example%2Fpic.png"');
    const bad = toViewModel(
      { ...base, authorPhoto: 'https://a.example/x.jpg', contentHtml: '<p>y<img src="https://a.example/i.png"></p>' },
      { mediaUrl: () => 'javascript:alert(1)' },
    );
    expect(bad.photo).toBeNull();
    expect(bad.contentHtml).toBe('<p>y</p>');
  });

  it('prefers sanitised HTML and cuts long content at a word boundary', () => {
    expect(toViewModel({ ...base, content: 'plain', contentHtml: '<p>rich</p>' }).contentHtml).toBe('<p>rich</p>');
    const long = toViewModel({ ...base, content: 'word '.repeat(100) }, { maxContentChars: 32 });
    expect(long.truncated).toBe(true);
    expect(long.contentText).toBe('word word word word word word…');
    const html = toViewModel({ ...base, contentHtml: `<p>${'lorem ipsum '.repeat(50)}</p>` }, { maxContentChars: 40 });
    expect(html.contentHtml).toBeNull();
    expect(html.contentText?.endsWith('…')).toBe(true);
    expect(html.contentText?.length).toBeLessThanOrEqual(40);
    expect(html.truncated).toBe(true);
  });

  it('drops a title that only repeats the content', () => {
    expect(toViewModel({ ...base, title: 'Nice post', content: 'Nice post, thanks!' }).title).toBeNull();
    expect(toViewModel({ ...base, title: 'On caching', content: 'A long essay.' }).title).toBe('On caching');
  });

  it('normalises kinds and RSVP answers', () => {
    expect(mentionKind({ ...base, mentionType: 'rsvp', rsvp: 'YES' })).toBe('rsvp');
    expect(toViewModel({ ...base, mentionType: 'rsvp', rsvp: 'YES' }).rsvp).toBe('yes');
    expect(mentionKind({ ...base, mentionType: 'rsvp', rsvp: 'perhaps' })).toBe('mention');
    expect(mentionKind({ ...base, mentionType: 'weird' })).toBe('mention');
  });

  it('hides mentions that are not verified and approved, when those fields are present', () => {
    expect(isDisplayable(base)).toBe(true);
    expect(isDisplayable({ ...base, status: 'verified', moderation: 'approved' })).toBe(true);
    expect(isDisplayable({ ...base, status: 'pending' })).toBe(false);
    expect(isDisplayable({ ...base, status: 'verified', moderation: 'rejected' })).toBe(false);
  });
});

describe('toViewModel: photos', () => {
  const lake = { url: 'https://alice.example/lake.jpg', alt: 'A lake at dawn' };

  it('shows the entry photos with their alt, from the entity, PublicWebmention and jf2 shapes alike', () => {
    const fromEntity = toViewModel({ ...base, photos: [lake, { url: 'https://alice.example/2.jpg', alt: null }] });
    expect(fromEntity.photos).toEqual([
      { url: lake.url, alt: 'A lake at dawn' },
      { url: 'https://alice.example/2.jpg', alt: '' },
    ]);
    expect(fromEntity.hasPhotos).toBe(true);
    expect(fromEntity.thumbnailSize).toBe(160);
    expect(toViewModel({ ...base, photo: [lake] }).photos).toEqual(fromEntity.photos.slice(0, 1));
    expect(toViewModel({ ...base, photo: [lake.url] }).photos).toEqual([{ url: lake.url, alt: '' }]);
  });

  it('keeps only http(s) photos, each once, and none when there are none', () => {
    const vm = toViewModel({
      ...base,
      photos: [{ url: 'javascript:alert(1)' }, { url: 'data:image/png;base64,AAAA' }, null, lake, lake],
    });
    expect(vm.photos.map((p) => p.url)).toEqual([lake.url]);
    for (const none of [undefined, null, [], 'https://alice.example/a.jpg']) {
      const empty = toViewModel({ ...base, photos: none as never });
      expect([empty.photos, empty.hasPhotos]).toEqual([[], false]);
    }
  });

  it('rewrites photos through mediaUrl, like the author photo', () => {
    const vm = toViewModel(
      { ...base, authorPhoto: 'https://alice.example/me.jpg', photos: [lake] },
      { mediaUrl: (u) => `https://me.example/media/${u.length}`, thumbnailSize: 96.4 },
    );
    expect(vm.photos).toEqual([{ url: `https://me.example/media/${lake.url.length}`, alt: 'A lake at dawn' }]);
    expect(vm.photo).toBe('https://me.example/media/28');
    expect(vm.thumbnailSize).toBe(96);
  });

  it('does not repeat a photo the shown content already has inline, but shows it when the content is cut to text', () => {
    const inline = {
      ...base,
      photos: [lake],
      contentHtml: `<p>${'Look '.repeat(20)}</p><p><img src="${lake.url}"></p>`,
    };
    expect(toViewModel(inline).photos).toEqual([]);
    const cut = toViewModel(inline, { maxContentChars: 20 });
    expect(cut.contentHtml).toBeNull();
    expect(cut.photos.map((p) => p.url)).toEqual([lake.url]);
  });
});

describe('render text helpers', () => {
  it('cutText keeps short text and never splits a surrogate pair', () => {
    expect(cutText('short', 10)).toEqual({ text: 'short', truncated: false });
    expect(cutText('😀😀😀😀😀', 4).text).toBe('😀…');
  });

  it('htmlText separates blocks', () => {
    expect(htmlText('<p>a</p><p>b &amp; c</p>')).toBe('a\n\nb & c');
  });

  it('rewriteImageSources removes non-http sources', () => {
    expect(rewriteImageSources('<img src="data:x">', 'https://a.example/', (u) => u)).toBe('<img>');
  });
});

describe('video and audio', () => {
  it('are links to http(s) URLs only, each once, never players', () => {
    const vm = toViewModel({
      sourceUrl: 'https://a.example/r',
      mentionType: 'reply',
      content: 'Listen',
      videos: ['https://a.example/v.mp4', 'javascript:alert(1)', 'https://a.example/v.mp4'],
      audio: ['https://a.example/a.mp3', 'data:audio/mp3,xx'],
    });
    expect(vm.videos).toEqual(['https://a.example/v.mp4']);
    expect(vm.audios).toEqual(['https://a.example/a.mp3']);
    expect(vm.hasAv).toBe(true);
  });
});
