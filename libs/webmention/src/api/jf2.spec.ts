import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MentionType, Webmention } from '../entities/webmention.entity';
import { Jf2Entry, Jf2Feed, toJf2Entry, toJf2Feed } from './jf2';

/** Entries written after webmention.io's published `mentions.jf2` shape (see the fixture's README). */
const FIXTURE: Jf2Feed = JSON.parse(
  readFileSync(join(__dirname, '../../../../test/fixtures/webmention-io/mentions.jf2.json'), 'utf8'),
);

const TYPE_OF: Record<string, MentionType> = {
  'in-reply-to': 'reply',
  'like-of': 'like',
  'repost-of': 'repost',
  'bookmark-of': 'bookmark',
  'mention-of': 'mention',
  rsvp: 'rsvp',
};

/** The stored mention a fixture entry describes. */
function mentionOf(entry: Jf2Entry): Webmention {
  return {
    id: entry['wm-id'],
    sourceUrl: entry['wm-source'],
    targetUrl: entry['wm-target'],
    mentionType: TYPE_OF[entry['wm-property']],
    rsvp: entry.rsvp ?? null,
    authorName: entry.author.name || null,
    authorUrl: entry.author.url || null,
    authorPhoto: entry.author.photo || null,
    title: entry.name ?? null,
    content: entry.content?.text ?? null,
    contentHtml: entry.content?.html ?? null,
    url: entry.url === entry['wm-source'] ? null : entry.url,
    published: entry.published ? new Date(entry.published) : null,
    createdAt: new Date(entry['wm-received']),
    status: 'verified',
    moderation: 'approved',
  } as Webmention;
}

describe('toJf2Entry', () => {
  it.each(FIXTURE.children.map((e) => [e['wm-property'], e] as const))(
    'maps a %s mention field by field, in the published order',
    (_property, expected) => {
      const entry = toJf2Entry(mentionOf(expected));
      expect(entry).toEqual(expected);
      // NOTE: toEqual ignores key order; the serialised form does not.
      expect(JSON.stringify(entry)).toBe(JSON.stringify(expected));
    },
  );

  it('maps each mention type to its jf2 property', () => {
    const base = mentionOf(FIXTURE.children[0]);
    const property = (mentionType: MentionType) => toJf2Entry({ ...base, mentionType } as Webmention);
    expect(property('reply')).toMatchObject({ 'wm-property': 'in-reply-to', 'in-reply-to': base.targetUrl });
    expect(property('like')).toMatchObject({ 'wm-property': 'like-of', 'like-of': base.targetUrl });
    expect(property('repost')).toMatchObject({ 'wm-property': 'repost-of', 'repost-of': base.targetUrl });
    expect(property('bookmark')).toMatchObject({ 'wm-property': 'bookmark-of', 'bookmark-of': base.targetUrl });
    expect(property('mention')).toMatchObject({ 'wm-property': 'mention-of', 'mention-of': base.targetUrl });
    const rsvp = toJf2Entry({ ...base, mentionType: 'rsvp', rsvp: 'maybe' } as Webmention);
    expect(rsvp).toMatchObject({ 'wm-property': 'rsvp', rsvp: 'maybe', 'in-reply-to': base.targetUrl });
    expect(rsvp).not.toHaveProperty('rsvp-of');
    expect(property('like')).not.toHaveProperty('in-reply-to');
  });

  it('fills what webmention.io fills when a mention has little: empty author fields, source as url, no content', () => {
    const entry = toJf2Entry({
      ...mentionOf(FIXTURE.children[1]),
      authorName: null,
      authorUrl: null,
      authorPhoto: null,
      url: null,
      title: '  ',
      content: null,
      contentHtml: null,
      published: null,
      createdAt: new Date('2024-05-02T10:00:00.987Z'),
    } as Webmention);
    expect(entry.author).toEqual({ type: 'card', name: '', photo: '', url: '' });
    expect(entry.url).toBe(entry['wm-source']);
    expect(entry.published).toBeNull();
    expect(entry['wm-received']).toBe('2024-05-02T10:00:00Z');
    expect(entry).not.toHaveProperty('content');
    expect(entry).not.toHaveProperty('name');
    expect(entry['wm-private']).toBe(false);
  });

  it('gives html content a text twin, and text-only content no html', () => {
    const base = mentionOf(FIXTURE.children[0]);
    expect(toJf2Entry({ ...base, contentHtml: '<p>x</p>', content: null } as Webmention).content).toEqual({
      html: '<p>x</p>',
      text: '',
    });
    expect(toJf2Entry({ ...base, contentHtml: null, content: 'plain' } as Webmention).content).toEqual({
      text: 'plain',
    });
  });
});

describe('toJf2Entry: media', () => {
  const bookmark = () => mentionOf(FIXTURE.children.find((e) => e['wm-property'] === 'bookmark-of')!);

  it('lists photo, video and audio URLs as webmention.io does: after name, before content', () => {
    const entry = toJf2Entry({
      ...bookmark(),
      photos: [
        { url: 'https://di.example/p1.jpg', alt: 'A lake' },
        { url: 'https://di.example/p2.jpg', alt: null },
      ],
      videos: ['https://di.example/v.mp4'],
      audios: ['https://di.example/a.ogg'],
    } as Webmention);
    expect(entry.photo).toEqual(['https://di.example/p1.jpg', 'https://di.example/p2.jpg']);
    expect(entry.video).toEqual(['https://di.example/v.mp4']);
    expect(entry.audio).toEqual(['https://di.example/a.ogg']);
    const keys = Object.keys(entry);
    // NOTE: webmention.io's build_jf2_from_link sets name, then photo, video and audio, then content.
    expect(keys.slice(keys.indexOf('name'), keys.indexOf('content') + 1)).toEqual([
      'name',
      'photo',
      'video',
      'audio',
      'content',
    ]);
  });

  it('leaves out empty media lists, and rows stored before the media columns existed', () => {
    const entry = toJf2Entry({ ...bookmark(), photos: [], videos: null, audios: undefined } as unknown as Webmention);
    for (const field of ['photo', 'video', 'audio']) expect(entry).not.toHaveProperty(field);
    expect(toJf2Entry({ ...bookmark(), videos: [], audios: ['https://di.example/a.mp3'] } as Webmention)).toMatchObject(
      {
        audio: ['https://di.example/a.mp3'],
      },
    );
  });

  it('skips stored values that are not URLs', () => {
    const entry = toJf2Entry({
      ...bookmark(),
      photos: [null, { alt: 'no url' }, { url: 'https://di.example/ok.png', alt: 'ok' }],
      videos: [42, 'https://di.example/v.webm'],
    } as unknown as Webmention);
    expect(entry.photo).toEqual(['https://di.example/ok.png']);
    expect(entry.video).toEqual(['https://di.example/v.webm']);
  });
});

describe('toJf2Feed', () => {
  it('wraps the entries in a feed named Webmentions, in the order given', () => {
    const mentions = FIXTURE.children.map(mentionOf);
    expect(toJf2Feed(mentions)).toEqual(FIXTURE);
    expect(toJf2Feed([])).toEqual({ type: 'feed', name: 'Webmentions', children: [] });
  });
});
