import { encodeCursor } from '../storage/page-cursor';
import { actionOf, idOf, moderationNextParams, parseBulkBody, parseModerationListQuery } from './moderation-query';

const list = (query: Record<string, unknown>) => parseModerationListQuery(query, 2048);

describe('parseModerationListQuery', () => {
  it('lists everything, 20 at a time, when nothing is given', () => {
    expect(list({})).toEqual({ ok: true, value: { filter: {}, limit: 20, cursor: null } });
  });

  it('reads every filter', () => {
    const cursor = encodeCursor(9);
    expect(
      list({
        status: 'failed,spam',
        moderation: ['pending'],
        type: 'reply',
        target: ['https://blog.example/a', 'https://blog.example/b'],
        source_host: 'Spam.Example',
        q: 'cheap pills',
        since: '2025-01-01T00:00:00Z',
        limit: '50',
        cursor,
      }),
    ).toEqual({
      ok: true,
      value: {
        filter: {
          status: ['failed', 'spam'],
          moderation: ['pending'],
          types: ['reply'],
          targets: ['https://blog.example/a', 'https://blog.example/b'],
          sourceHost: 'Spam.Example',
          search: 'cheap pills',
          since: new Date('2025-01-01T00:00:00Z'),
        },
        limit: 50,
        cursor,
      },
    });
  });

  it.each([
    [{ status: 'deleted' }, 'invalid_status'],
    [{ moderation: 'maybe' }, 'invalid_moderation'],
    [{ type: 'poke' }, 'invalid_type'],
    [{ target: 'nope' }, 'invalid_target'],
    [{ source_host: 'a.example/path' }, 'invalid_source_host'],
    [{ source_host: ['a.example', 'b.example'] }, 'invalid_source_host'],
    [{ q: 'x'.repeat(201) }, 'invalid_q'],
    [{ q: { $ne: 1 } }, 'invalid_q'],
    [{ since: 'soon' }, 'invalid_since'],
    [{ limit: '1e21' }, 'invalid_limit'],
    [{ cursor: 'bad cursor' }, 'invalid_cursor'],
  ])('refuses %j with %s', (query, reason) => {
    expect(list(query)).toEqual({ ok: false, reason, message: expect.any(String), transient: false });
  });

  it('makes the next page link from the parsed filters', () => {
    const parsed = list({ status: 'spam', q: 'pills', limit: '5', cursor: encodeCursor(50) });
    if (!parsed.ok) throw new Error(parsed.message);
    expect(moderationNextParams(parsed.value, 'NEXT').toString()).toBe('status=spam&q=pills&limit=5&cursor=NEXT');
  });
});

describe('actionOf and idOf', () => {
  it('reads the action of a path, with not-spam spelled either way', () => {
    expect(['approve', 'reject', 'spam', 'not-spam', 'not_spam', 'delete', 'reverify'].map(actionOf)).toEqual([
      'approve',
      'reject',
      'spam',
      'not_spam',
      'not_spam',
      'delete',
      'reverify',
    ]);
    expect(actionOf('destroy')).toBeNull();
    expect(actionOf(undefined)).toBeNull();
  });

  it('reads positive whole ids only', () => {
    expect(idOf('42')).toBe(42);
    for (const bad of ['0', '-1', '1.5', '1e3', '042', 'abc', '', '9'.repeat(20), undefined])
      expect(idOf(bad)).toBeNull();
  });
});

describe('parseBulkBody', () => {
  it('reads an action with ids, a filter (since as ISO text) and dryRun', () => {
    expect(
      parseBulkBody({
        action: 'not-spam',
        ids: [1, 2],
        filter: { status: ['spam'], since: '2025-01-01' },
        dryRun: true,
      }),
    ).toEqual({
      ok: true,
      value: {
        action: 'not_spam',
        selection: { ids: [1, 2], filter: { status: ['spam'], since: new Date('2025-01-01T00:00:00Z') } },
        dryRun: true,
      },
    });
    expect(parseBulkBody({ action: 'delete', ids: [3] })).toMatchObject({ ok: true, value: { dryRun: false } });
  });

  it.each([
    [undefined, 'invalid_request'],
    ['action=approve', 'invalid_request'],
    [[{ action: 'approve' }], 'invalid_request'],
    [{ action: 'approve', ids: [1], extra: true }, 'invalid_request'],
    [{ ids: [1] }, 'invalid_action'],
    [{ action: 'nuke', ids: [1] }, 'invalid_action'],
    [{ action: 'approve', ids: [1], dryRun: 'yes' }, 'invalid_request'],
    [{ action: 'approve', filter: 'spam' }, 'invalid_selection'],
    [{ action: 'approve', filter: { since: 'last week' } }, 'invalid_selection'],
  ])('refuses %j with %s', (body, reason) => {
    expect(parseBulkBody(body)).toEqual({ ok: false, reason, message: expect.any(String), transient: false });
  });
});
