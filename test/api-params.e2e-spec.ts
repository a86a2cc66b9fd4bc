/**
 * Bad parameters of the read and moderation APIs end to end, on both stacks and both HTTP adapters: each answers
 * 400 `{ error, error_description }` naming what is wrong, and a small seeded fuzz over every parameter (random
 * strings, huge and negative numbers, repeats, bracket keys, broken escapes) never gets a 5xx.
 */
import request from 'supertest';
import { seedVerified } from './support/api-seed';
import { describeWith } from './support/services';
import { STACKS, startTestApp, TestApp } from './support/test-app';

const VARIANTS = STACKS.flatMap((stack) => (['express', 'fastify'] as const).map((adapter) => ({ stack, adapter })));
const T = encodeURIComponent('https://blog.example/posts/params');
const TOKEN = 'params-suite-token-0123456789';

/** A small deterministic random generator (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  'target',
  'target[]',
  'type',
  'since',
  'limit',
  'cursor',
  'offset',
  'format',
  'source',
  'status',
  'moderation',
  'source_host',
  'q',
  'x',
];
const VALUES = [
  'https://blog.example/posts/params',
  'like',
  'like,repost,',
  '1e21',
  '-1',
  '9'.repeat(40),
  '0',
  '1.5',
  'NaN',
  'Infinity',
  '',
  '%',
  '%E0%A4%A',
  '%00',
  '\u0000',
  '[]',
  '{"a":1}',
  '2025-01-31T12:00:00Z',
  '2025-02-30',
  'jf2',
  'eyJ2IjoxLCJiZWZvcmUiOjF9',
  'eyJ2IjoxLCJiZWZvcmUiOjF9x',
  'javascript:alert(1)',
  'http://[::1',
  'x'.repeat(5000),
  '😀',
];

/** Values sent without escaping: broken percent escapes and bracket syntax the query parsers must survive. */
const RAW = ['%', '%E0%A4%A', '%00', '%zz', 'a%2', 'a[b]', '[0]', '%5B%5D'];

describe.each(VARIANTS)('API parameters on $stack.name over $adapter', ({ stack, adapter }) => {
  describeWith(stack.services, 'bad input', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ stack, adapter, options: { moderation: { token: TOKEN } } });
      await seedVerified(t, 'https://a.example/1', 'https://blog.example/posts/params', { mentionType: 'like' });
    }, 30_000);
    afterAll(async () => {
      await t?.close();
    });

    it.each([
      ['/webmentions', 'missing_target'],
      [`/webmentions?target=${T}&type=likes`, 'invalid_type'],
      [`/webmentions?target=${T}&since=yesterday`, 'invalid_since'],
      [`/webmentions?target=${T}&limit=101`, 'invalid_limit'],
      [`/webmentions?target=${T}&limit=1e21`, 'invalid_limit'],
      [`/webmentions?target=${T}&cursor=forged`, 'invalid_cursor'],
      [`/webmentions?target=${T}&offset=-1`, 'invalid_offset'],
      [`/webmentions?target=${T}&offset=100001`, 'invalid_offset'],
      [`/webmentions?target=${T}&offset=5&cursor=eyJ2IjoxLCJiZWZvcmUiOjV9`, 'invalid_offset'],
      [`/webmentions?target=mailto:me@blog.example`, 'invalid_target'],
      [`/webmentions?target=${T}&format=rss`, 'invalid_format'],
      [`/webmentions?target=${T}&limit=1&limit=2`, 'invalid_limit'],
      ['/webmentions/count', 'missing_target'],
      [`/webmentions/count?target=${T}&type=poke`, 'invalid_type'],
      ['/webmentions/outgoing', 'missing_source'],
      ['/webmentions/outgoing?source=nope', 'invalid_source'],
    ])('GET %s answers 400 %s', async (path, code) => {
      const res = await request(t.url).get(path);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: code, error_description: expect.any(String) });
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it.each([
      ['?status=deleted', 'invalid_status'],
      ['?moderation=maybe', 'invalid_moderation'],
      ['?source_host=a.example%2Fx', 'invalid_source_host'],
      ['?limit=0', 'invalid_limit'],
      ['?cursor=forged', 'invalid_cursor'],
    ])('GET /webmentions/moderation%s answers 400 %s', async (query, code) => {
      const res = await request(t.url).get(`/webmentions/moderation${query}`).set('Authorization', `Bearer ${TOKEN}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: code, error_description: expect.any(String) });
    });

    it('never answers 5xx to random parameters (seeded fuzz)', async () => {
      const rnd = random(20_251_201);
      const pick = <V>(list: readonly V[]) => list[Math.floor(rnd() * list.length)];
      const paths = ['/webmentions', '/webmentions/count', '/webmentions/outgoing', '/webmentions/moderation'];
      const seen = new Set<number>();
      for (let i = 0; i < 120; i++) {
        const parts: string[] = [];
        const n = 1 + Math.floor(rnd() * 5);
        for (let j = 0; j < n; j++) {
          const value = rnd() < 0.2 ? pick(RAW) : encodeURIComponent(pick(VALUES));
          parts.push(`${encodeURIComponent(pick(NAMES))}=${value}`);
        }
        if (rnd() < 0.6) parts.push(`target=${T}`);
        const path = `${pick(paths)}?${parts.join('&')}`;
        const res = await request(t.url).get(path).set('Authorization', `Bearer ${TOKEN}`);
        seen.add(res.status);
        expect([path, res.status < 500]).toEqual([path, true]);
        if (res.status === 400 && res.headers['content-type']?.startsWith('application/json')) {
          expect([path, Object.keys(res.body).sort()]).toEqual([path, ['error', 'error_description']]);
        }
      }
      // NOTE: the fuzz reached both answers, so it exercised the handlers and not only the 400 path.
      expect(seen.has(200)).toBe(true);
      expect(seen.has(400)).toBe(true);
    }, 60_000);
  });
});
