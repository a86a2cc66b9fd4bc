import { DataSource } from 'typeorm';
import { WEBMENTION_ENTITIES } from '../entities';
import { OutgoingWebmention } from '../entities/outgoing-webmention.entity';
import { OutgoingWebmentionStore } from './outgoing-webmention.store';

describe('OutgoingWebmentionStore.record', () => {
  let data: DataSource;
  let store: OutgoingWebmentionStore;
  beforeEach(async () => {
    data = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: WEBMENTION_ENTITIES,
      synchronize: true,
    });
    await data.initialize();
    store = new OutgoingWebmentionStore(data.getRepository(OutgoingWebmention));
  });
  afterEach(() => data.destroy());

  const stored = (id: number) => data.getRepository(OutgoingWebmention).findOneByOrFail({ id });

  it('returns the row as stored, on a new pair and on an existing one', async () => {
    const sentAt = new Date('2026-11-30T10:00:00.123Z');
    const first = await store.record(
      'https://me.example/p',
      'https://t.example/a',
      { status: 'sent', endpoint: 'https://t.example/wm', httpStatus: 202, sentAt, lastAttemptAt: sentAt },
      { countAttempt: true },
    );
    expect(first).toEqual(await stored(first.id));
    expect(first.attempts).toBe(1);

    const second = await store.record(
      'https://me.example/p',
      'https://t.example/a',
      { status: 'failed', httpStatus: 500, lastError: 'boom' },
      { countAttempt: true },
    );
    expect(second.id).toBe(first.id);
    expect(second).toEqual(await stored(first.id));
    expect(second).toMatchObject({
      status: 'failed',
      attempts: 2,
      endpoint: 'https://t.example/wm',
      lastError: 'boom',
    });
  });

  it('counts an attempt only when asked', async () => {
    const row = await store.record('https://me.example/p', 'https://t.example/b', { stillLinked: false });
    expect(row.attempts).toBe(0);
    expect(row).toEqual(await stored(row.id));
  });

  describe('recordKnown', () => {
    const sentAt = new Date('2026-11-30T10:00:00.123Z');
    const sent = { status: 'sent' as const, endpoint: 'https://t.example/wm', httpStatus: 202, sentAt };

    it('inserts a new pair in one statement and returns it as stored', async () => {
      const row = await store.recordKnown(undefined, 'https://me.example/p', 'https://t.example/a', sent, {
        countAttempt: true,
      });
      expect(row.id).toBeGreaterThan(0);
      expect(row).toEqual(await stored(row.id));
      expect(row).toMatchObject({ ...sent, attempts: 1, stillLinked: true, lastError: null });
      expect(await store.listForSource('https://me.example/p')).toHaveLength(1);
    });

    it('updates the row read before', async () => {
      const first = await store.record('https://me.example/p', 'https://t.example/a', { status: 'failed' });
      const row = await store.recordKnown({ ...first }, 'https://me.example/p', 'https://t.example/a', sent, {
        countAttempt: true,
      });
      expect(row.id).toBe(first.id);
      expect(row).toEqual(await stored(first.id));
      expect(row.attempts).toBe(1);
    });

    it('updates a pair another writer recorded since the history was read', async () => {
      const other = await store.record('https://me.example/p', 'https://t.example/a', { status: 'failed' });
      const row = await store.recordKnown(undefined, 'https://me.example/p', 'https://t.example/a', sent, {
        countAttempt: true,
      });
      expect(row.id).toBe(other.id);
      expect(row).toEqual(await stored(other.id));
      expect(await store.listForSource('https://me.example/p')).toHaveLength(1);
    });
  });
});
