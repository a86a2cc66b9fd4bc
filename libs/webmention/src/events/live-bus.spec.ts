import type { Webmention } from '../entities/webmention.entity';
import { InProcessLiveBus, liveMessageOf } from './live-bus';

const mention = (fields: Partial<Webmention>) =>
  ({ id: 7, targetUrl: 'https://blog.example/p', status: 'verified', moderation: 'approved', ...fields }) as Webmention;

describe('liveMessageOf', () => {
  it('adds a mention verified or approved only when it is shown', () => {
    expect(liveMessageOf('webmention.verified', { webmention: mention({}), created: true })).toEqual({
      kind: 'add',
      id: 7,
      target: 'https://blog.example/p',
    });
    expect(
      liveMessageOf('webmention.verified', { webmention: mention({ moderation: 'pending' }), created: true }),
    ).toBeNull();
    expect(
      liveMessageOf('webmention.approved', { webmention: mention({ status: 'pending' }), previous: 'pending' }),
    ).toBeNull();
  });

  it('removes a mention deleted, rejected, marked spam or failed; ignores the rest', () => {
    expect(liveMessageOf('webmention.deleted', { webmention: mention({}), reason: 'gone' })?.kind).toBe('remove');
    expect(liveMessageOf('webmention.rejected', { webmention: mention({}), previous: 'approved' })?.kind).toBe(
      'remove',
    );
    expect(liveMessageOf('webmention.spam', { webmention: mention({}) })?.kind).toBe('remove');
    expect(liveMessageOf('webmention.received', { webmention: mention({}), created: true })).toBeNull();
    expect(liveMessageOf('webmention.sent', { outgoing: {} as never })).toBeNull();
  });
});

describe('InProcessLiveBus', () => {
  it('hands every message to its subscribers until they stop', async () => {
    const bus = new InProcessLiveBus();
    const seen: number[] = [];
    const stop = bus.subscribe((m) => seen.push(m.id));
    await bus.publish({ kind: 'add', id: 1, target: 'https://a.example/' });
    stop();
    await bus.publish({ kind: 'add', id: 2, target: 'https://a.example/' });
    expect(seen).toEqual([1]);
  });
});
