import { lastEventId, sseEvent } from './sse';

describe('sseEvent', () => {
  it('writes id, event and one line of JSON data, ending with a blank line', () => {
    expect(sseEvent({ event: 'mention', id: 3, data: { text: 'a\nb' } })).toBe(
      'id: 3\nevent: mention\ndata: {"text":"a\\nb"}\n\n',
    );
    expect(sseEvent({ event: 'remove', data: { 'wm-id': 3 } })).toBe('event: remove\ndata: {"wm-id":3}\n\n');
  });
});

describe('lastEventId', () => {
  it('reads the header, else the query, as a whole number', () => {
    expect(lastEventId('42', undefined)).toBe(42);
    expect(lastEventId(undefined, '7')).toBe(7);
    expect(lastEventId('x', '7')).toBeNull();
    expect(lastEventId(undefined, ['7'])).toBeNull();
    expect(lastEventId('1'.repeat(20), undefined)).toBeNull();
  });
});
