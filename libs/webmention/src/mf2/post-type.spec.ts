import { discoverMentionType, rsvpValue } from './post-type';
import type { MicroformatRoot } from './types';

const T = 'https://target.example/p';
const entry = (properties: MicroformatRoot['properties']): MicroformatRoot => ({ type: ['h-entry'], properties });
const cite = (url: string): MicroformatRoot => ({ type: ['h-cite'], properties: { url: [url] }, value: url });

describe('discoverMentionType', () => {
  it('follows Post Type Discovery order when several properties refer to the target', () => {
    const all = { rsvp: ['yes'], 'in-reply-to': [T], 'repost-of': [T], 'like-of': [T], 'bookmark-of': [T] };
    expect(discoverMentionType(entry(all), T)).toEqual({ mentionType: 'rsvp', rsvp: 'yes' });
    const { rsvp: _r, ...noRsvp } = all;
    expect(discoverMentionType(entry(noRsvp), T).mentionType).toBe('repost');
    const { 'repost-of': _p, ...noRepost } = noRsvp;
    expect(discoverMentionType(entry(noRepost), T).mentionType).toBe('like');
    const { 'like-of': _l, ...noLike } = noRepost;
    expect(discoverMentionType(entry(noLike), T).mentionType).toBe('reply');
    const { 'in-reply-to': _i, ...noReply } = noLike;
    expect(discoverMentionType(entry(noReply), T).mentionType).toBe('bookmark');
    expect(discoverMentionType(entry({}), T)).toEqual({ mentionType: 'mention', rsvp: null });
  });

  it('only counts properties that refer to the target', () => {
    const other = 'https://target.example/other';
    expect(discoverMentionType(entry({ 'like-of': [other], 'in-reply-to': [T] }), T).mentionType).toBe('reply');
    expect(discoverMentionType(entry({ 'repost-of': [other], 'bookmark-of': [T] }), T).mentionType).toBe('bookmark');
    expect(discoverMentionType(entry({ rsvp: ['yes'], 'in-reply-to': [other] }), T)).toEqual({
      mentionType: 'mention',
      rsvp: null,
    });
  });

  it('reads nested h-cite references and URL variants', () => {
    expect(discoverMentionType(entry({ 'like-of': [cite('https://www.target.example/p/#x')] }), T).mentionType).toBe(
      'like',
    );
    expect(
      discoverMentionType(entry({ 'in-reply-to': [{ type: ['h-cite'], properties: {}, value: T }] }), T).mentionType,
    ).toBe('reply');
  });

  it('accepts RSVP values case-insensitively and rejects others', () => {
    expect(rsvpValue(entry({ rsvp: [' Interested '] }))).toBe('interested');
    expect(rsvpValue(entry({ rsvp: ['perhaps', 'MAYBE'] }))).toBe('maybe');
    expect(rsvpValue(entry({ rsvp: ['going'] }))).toBeNull();
    expect(discoverMentionType(entry({ rsvp: ['going'], 'in-reply-to': [T] }), T)).toEqual({
      mentionType: 'reply',
      rsvp: null,
    });
  });
});
