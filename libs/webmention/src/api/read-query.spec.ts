import { encodeCursor, InvalidCursorError } from '../storage/page-cursor';
import { cursorRefused, parseIsoDateTime } from './query-values';
import { nextPageParams, parseMentionFilter, parseOutgoingQuery, parseReadQuery, READ_LIMITS } from './read-query';

const T = 'https://blog.example/posts/a';
const T2 = 'https://blog.example/posts/b';
const parse = (query: Record<string, unknown>) => parseReadQuery(query, 2048);

/** The value of a successful parse; fails the test on a refusal. */
function ok<T>(result: { ok: true; value: T } | { ok: false; reason: string; message: string }): T {
  if (!result.ok) throw new Error(`refused: ${result.reason}: ${result.message}`);
  return result.value;
}

describe('parseReadQuery', () => {
  it('applies the defaults: every type, 20 per page, no cursor or offset, JSON', () => {
    expect(ok(parse({ target: T }))).toEqual({
      targets: [T],
      types: [],
      since: undefined,
      limit: 20,
      cursor: null,
      offset: null,
      format: 'json',
    });
    expect(READ_LIMITS).toMatchObject({ defaultLimit: 20, maxLimit: 100, maxOffset: 100_000 });
  });

  it('takes several targets, repeated or as target[], canonical and without duplicates', () => {
    expect(ok(parse({ target: [T, T2, 'HTTPS://BLOG.example/posts/a'] })).targets).toEqual([T, T2]);
    expect(ok(parse({ 'target[]': [T, T2] })).targets).toEqual([T, T2]);
    expect(ok(parse({ target: T, 'target[]': T2 })).targets).toEqual([T, T2]);
  });

  it('takes one type or several, repeated and/or comma-separated', () => {
    expect(ok(parse({ target: T, type: 'like' })).types).toEqual(['like']);
    expect(ok(parse({ target: T, type: ['like', 'repost'] })).types).toEqual(['like', 'repost']);
    expect(ok(parse({ target: T, type: ['like,repost', 'reply', 'like'] })).types).toEqual(['like', 'repost', 'reply']);
  });

  it('takes since as an ISO 8601 date-time with a zone, or a date', () => {
    expect(ok(parse({ target: T, since: '2025-01-31T12:30:00Z' })).since).toEqual(new Date('2025-01-31T12:30:00Z'));
    expect(ok(parse({ target: T, since: '2025-01-31T14:30:00+02:00' })).since).toEqual(
      new Date('2025-01-31T12:30:00Z'),
    );
    expect(ok(parse({ target: T, since: '2025-01-31' })).since).toEqual(new Date('2025-01-31T00:00:00Z'));
  });

  it('takes limit, cursor, offset and format', () => {
    const cursor = encodeCursor(42);
    expect(ok(parse({ target: T, limit: '100', cursor, format: 'jf2' }))).toMatchObject({
      limit: 100,
      cursor,
      format: 'jf2',
    });
    expect(ok(parse({ target: T, offset: '100000' })).offset).toBe(100_000);
    expect(ok(parse({ target: T, offset: '0' })).offset).toBe(0);
  });

  it.each([
    [{}, 'missing_target'],
    [{ target: '' }, 'missing_target'],
    [{ target: [T, ''] }, 'invalid_target'],
    [{ target: 'not a url' }, 'invalid_target'],
    [{ target: 'ftp://blog.example/x' }, 'invalid_target'],
    [{ target: `https://blog.example/${'x'.repeat(2100)}` }, 'invalid_target'],
    [{ target: Array.from({ length: 21 }, (_, i) => `${T}/${i}`) }, 'invalid_target'],
    [{ target: { a: T } }, 'invalid_target'],
    [{ target: [T, ['nested']] }, 'invalid_target'],
    [{ target: 42 }, 'invalid_target'],
    [{ target: T, type: 'likes' }, 'invalid_type'],
    [{ target: T, type: 'like,' }, 'invalid_type'],
    [{ target: T, type: '' }, 'invalid_type'],
    [{ target: T, type: { like: '1' } }, 'invalid_type'],
    [{ target: T, since: 'yesterday' }, 'invalid_since'],
    [{ target: T, since: '2025-01-31T12:00:00' }, 'invalid_since'],
    [{ target: T, since: '2025-02-30T00:00:00Z' }, 'invalid_since'],
    [{ target: T, since: '2025-01-31T25:00:00Z' }, 'invalid_since'],
    [{ target: T, since: '1738324800' }, 'invalid_since'],
    [{ target: T, since: ['2025-01-01', '2025-01-02'] }, 'invalid_since'],
    [{ target: T, limit: '0' }, 'invalid_limit'],
    [{ target: T, limit: '101' }, 'invalid_limit'],
    [{ target: T, limit: '-1' }, 'invalid_limit'],
    [{ target: T, limit: '1e21' }, 'invalid_limit'],
    [{ target: T, limit: '2.5' }, 'invalid_limit'],
    [{ target: T, limit: 'lots' }, 'invalid_limit'],
    [{ target: T, limit: '' }, 'invalid_limit'],
    [{ target: T, limit: ['5', '6'] }, 'invalid_limit'],
    [{ target: T, cursor: 'nope!' }, 'invalid_cursor'],
    [{ target: T, cursor: Buffer.from('{"v":1,"before":-3}').toString('base64url') }, 'invalid_cursor'],
    [{ target: T, cursor: '' }, 'invalid_cursor'],
    [{ target: T, offset: '-1' }, 'invalid_offset'],
    [{ target: T, offset: '100001' }, 'invalid_offset'],
    [{ target: T, offset: '1e21' }, 'invalid_offset'],
    [{ target: T, offset: 'ten' }, 'invalid_offset'],
    [{ target: T, offset: '10', cursor: encodeCursor(5) }, 'invalid_offset'],
    [{ target: T, format: 'xml' }, 'invalid_format'],
    [{ target: T, format: ['jf2', 'json'] }, 'invalid_format'],
  ])('refuses %j with %s', (query, reason) => {
    const result = parse(query);
    expect(result).toEqual({ ok: false, reason, message: expect.any(String), transient: false });
  });

  it('refuses values too long to be real before looking at them', () => {
    expect(parse({ target: T, type: 'like,'.repeat(2000) })).toMatchObject({ ok: false, reason: 'invalid_type' });
  });
});

describe('parseIsoDateTime', () => {
  it.each([
    ['2025-01-31T12:30:45.123Z', '2025-01-31T12:30:45.123Z'],
    ['2025-01-31T12:30:45.123456789Z', '2025-01-31T12:30:45.123Z'],
    ['2025-01-31t12:30z', '2025-01-31T12:30:00.000Z'],
    ['2025-01-31 12:30:00-0130', '2025-01-31T14:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseIsoDateTime(text)?.toISOString()).toBe(iso);
  });

  it.each(['2023-02-29', '2025-13-01', '2025-01-31T12:60:00Z', '2025-01-31T12:00:00+24:00', '31/01/2025', ''])(
    'refuses %j',
    (text) => {
      expect(parseIsoDateTime(text)).toBeNull();
    },
  );
});

describe('parseMentionFilter and parseOutgoingQuery', () => {
  it('the count takes targets, type and since, and ignores paging', () => {
    expect(ok(parseMentionFilter({ target: [T, T2], type: 'like', limit: 'lots' }, 2048))).toEqual({
      targets: [T, T2],
      types: ['like'],
      since: undefined,
    });
    expect(parseMentionFilter({}, 2048)).toMatchObject({ ok: false, reason: 'missing_target' });
  });

  it('the outgoing history takes exactly one source URL', () => {
    expect(ok(parseOutgoingQuery({ source: 'https://blog.example/p' }, 2048))).toEqual({
      source: 'https://blog.example/p',
    });
    expect(parseOutgoingQuery({}, 2048)).toMatchObject({ ok: false, reason: 'missing_source' });
    expect(parseOutgoingQuery({ source: 'nope' }, 2048)).toMatchObject({ ok: false, reason: 'invalid_source' });
    expect(parseOutgoingQuery({ source: ['https://a.example/', 'https://b.example/'] }, 2048)).toMatchObject({
      ok: false,
      reason: 'invalid_source',
    });
  });
});

describe('nextPageParams', () => {
  it('keeps the filters and size, swaps any offset for the cursor, in a fixed order', () => {
    const query = ok(parse({ type: 'repost,like', target: [T, T2], limit: '5', offset: '10', since: '2025-01-31' }));
    expect(nextPageParams(query, 'CUR').toString()).toBe(
      `target=${encodeURIComponent(T)}&target=${encodeURIComponent(T2)}&type=repost%2Clike` +
        '&since=2025-01-31T00%3A00%3A00.000Z&limit=5&cursor=CUR',
    );
    expect(nextPageParams(ok(parse({ target: T, format: 'jf2' })), 'C').get('format')).toBe('jf2');
  });
});

describe('cursorRefused', () => {
  it('turns the store refusing a cursor into null and lets other errors through', () => {
    expect(cursorRefused(new InvalidCursorError())).toBeNull();
    expect(() => cursorRefused(new Error('database down'))).toThrow('database down');
  });
});
