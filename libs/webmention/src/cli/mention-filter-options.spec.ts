import { MENTION_TYPES, WEBMENTION_STATUSES } from '../entities/webmention.entity';
import { UsageError } from './cli-output';
import {
  parseCountOption,
  parseIds,
  parseListOption,
  parseSearchOption,
  parseSourceHostOption,
  parseTargetOption,
  selectionOf,
  toMentionFilter,
} from './mention-filter-options';

/** The UsageError a parse throws (fails the test when it throws nothing or something else). */
function usageError(parse: () => unknown): UsageError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('filter option parsing', () => {
  it('reads list options comma-separated and repeated, once each', () => {
    const first = parseListOption('--status', WEBMENTION_STATUSES, 'failed, spam');
    expect(first).toEqual(['failed', 'spam']);
    expect(parseListOption('--status', WEBMENTION_STATUSES, 'spam,verified', first)).toEqual([
      'failed',
      'spam',
      'verified',
    ]);
  });

  it.each([
    [
      '--status',
      WEBMENTION_STATUSES,
      'deleted',
      '--status must be one of pending, verified, failed, spam (got "deleted")',
    ],
    [
      '--type',
      MENTION_TYPES,
      'like,comment',
      '--type must be one of mention, reply, like, repost, bookmark, rsvp (got "comment")',
    ],
    ['--status', WEBMENTION_STATUSES, '', '--status must be one of pending, verified, failed, spam (got "")'],
  ])('refuses %s %j', (flag, allowed, value, message) => {
    expect(usageError(() => parseListOption(flag, allowed, value)).message).toBe(message);
  });

  it('reads target URLs, repeated', () => {
    expect(parseTargetOption('https://Blog.Example/p', ['https://a.example/'])).toEqual([
      'https://a.example/',
      'https://blog.example/p',
    ]);
    expect(usageError(() => parseTargetOption('/posts/1')).message).toMatch(
      /--target must be an absolute http\(s\) URL/,
    );
  });

  it('reads a bare source host and refuses a URL or a host with a port', () => {
    expect(parseSourceHostOption('Spam.Example.')).toBe('spam.example');
    expect(usageError(() => parseSourceHostOption('https://spam.example/')).message).toMatch(
      /--source-host must be a host name/,
    );
    expect(() => parseSourceHostOption('spam.example:8080')).toThrow(UsageError);
  });

  it('wants words to search for', () => {
    expect(parseSearchOption('cheap pills')).toBe('cheap pills');
    expect(() => parseSearchOption('  ')).toThrow(/--search needs some words/);
  });

  it.each([['0'], ['1001'], ['ten'], ['1.5'], ['-3'], ['']])('refuses --limit %j', (value) => {
    expect(usageError(() => parseCountOption('--limit', value, 1000)).message).toBe(
      `--limit must be a whole number from 1 to 1000 (got "${value}")`,
    );
  });

  it('reads a count', () => {
    expect(parseCountOption('--limit', '1000', 1000)).toBe(1000);
  });
});

describe('parseIds', () => {
  it('reads positive whole numbers', () => {
    expect(parseIds(['12', '13'])).toEqual([12, 13]);
    expect(parseIds([])).toEqual([]);
  });

  it.each([['0'], ['-1'], ['12a'], ['1e3'], ['007'], ['99999999999999999999'], ['']])('refuses %j', (id) => {
    expect(usageError(() => parseIds(['1', id])).message).toBe(`ids must be positive whole numbers (got "${id}")`);
  });
});

describe('selectionOf', () => {
  it('is null when neither ids nor a filter option was given', () => {
    expect(selectionOf([], {})).toBeNull();
  });

  it('turns options into a store filter', () => {
    const options = {
      status: ['spam' as const],
      moderation: ['pending' as const],
      target: ['https://blog.example/p'],
      sourceHost: 'spam.example',
      type: ['reply' as const],
      search: 'pills',
    };
    expect(toMentionFilter(options)).toEqual({
      status: ['spam'],
      moderation: ['pending'],
      targets: ['https://blog.example/p'],
      sourceHost: 'spam.example',
      types: ['reply'],
      search: 'pills',
    });
    expect(selectionOf([], { sourceHost: 'spam.example' })).toEqual({ filter: { sourceHost: 'spam.example' } });
  });

  it('takes ids alone, or ids narrowed by filter options', () => {
    expect(selectionOf([3, 4], {})).toEqual({ ids: [3, 4] });
    expect(selectionOf([3], { status: ['verified'] })).toEqual({ ids: [3], filter: { status: ['verified'] } });
  });
});
