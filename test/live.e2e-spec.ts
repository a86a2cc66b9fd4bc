/**
 * Live updates (`GET /webmentions/live`, Server-Sent Events). On SQLite with the in-process queue one app does
 * everything; on PostgreSQL with Bull a web app (no processor) and a worker app (no routes) share the database and
 * Redis, so the worker's verification reaches the web app's connections through Redis.
 */
import { ModerationService } from 'nestjs-webmention';
import { RemoteSite } from './support/remote-site';
import { SseClient } from './support/sse-client';
import { describeWith } from './support/services';
import { STACKS, startTestApp, TestApp } from './support/test-app';

const TARGET = 'https://blog.example/posts/live';
const READER = 'https://reader.example';

describe.each(STACKS)('live updates on $name', (stack) => {
  describeWith(stack.services, 'GET /webmentions/live', () => {
    let web: TestApp;
    let worker: TestApp | null = null;
    let site: RemoteSite;
    const streams: SseClient[] = [];
    const open = async (query = `target=${encodeURIComponent(TARGET)}`, headers: Record<string, string> = {}) => {
      const stream = await SseClient.open(`${web.url}/webmentions/live?${query}`, headers);
      streams.push(stream);
      return stream;
    };
    const send = async (path: string, name: string) => {
      const source = site.page(
        path,
        `<article class="h-entry"><p class="p-author h-card">${name}</p>` +
          `<p class="e-content">Re <a class="u-in-reply-to" href="${TARGET}">your post</a></p></article>`,
      );
      const res = await fetch(`${web.url}/webmention`, {
        method: 'POST',
        body: new URLSearchParams({ source, target: TARGET }),
      });
      expect(res.status).toBe(201);
      return source;
    };

    beforeAll(async () => {
      site = await new RemoteSite().start();
      const live = { enabled: true, maxClientsPerAddress: 3, heartbeatMs: 1000 };
      const options = { api: { corsOrigins: [READER] } };
      if (stack.queue === 'bull') {
        web = await startTestApp({ stack, options, extras: { live, processor: false } });
        worker = await startTestApp({ stack, options, extras: { live, controllers: false }, shared: web.shared });
      } else {
        web = await startTestApp({ stack, options, extras: { live } });
      }
    }, 30_000);

    afterAll(async () => {
      for (const s of streams) s.close();
      await worker?.close();
      await web?.close();
      await site?.stop();
    });

    it('answers an event stream with CORS, a reconnect delay and heartbeats', async () => {
      const stream = await open(undefined, { Origin: READER });
      expect(stream.status).toBe(200);
      expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(stream.headers['access-control-allow-origin']).toBe(READER);
      expect(stream.headers['cache-control']).toBe('no-store, no-transform');
      const deadline = Date.now() + 3000;
      while (!stream.comments.includes('heartbeat') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(stream.body.startsWith('retry: 5000\n\n')).toBe(true);
      expect(stream.comments).toContain('heartbeat');
      stream.close();
    });

    it('a mention verified while the stream is open arrives as a jf2 entry', async () => {
      const stream = await open();
      const other = await open(`target=${encodeURIComponent('https://blog.example/posts/other')}`);
      const source = await send('/replies/1', 'Ada');
      const event = await stream.waitFor((e) => e.event === 'mention');
      const entry = JSON.parse(event.data);
      expect(entry).toMatchObject({
        type: 'entry',
        'wm-source': source,
        'wm-target': TARGET,
        'wm-property': 'in-reply-to',
        author: { name: 'Ada' },
      });
      expect(event.id).toBe(String(entry['wm-id']));
      await new Promise((r) => setTimeout(r, 200));
      expect(other.events).toEqual([]);
      stream.close();
      other.close();
    });

    it('a reconnecting client gets what it missed after its Last-Event-ID', async () => {
      const first = await open();
      await send('/replies/2', 'Bo');
      const seen = await first.waitFor((e) => e.event === 'mention');
      first.close();
      await send('/replies/3', 'Cy');
      await new Promise((r) => setTimeout(r, 1500));
      const again = await open(undefined, { 'Last-Event-ID': seen.id! });
      const missed = await again.waitFor((e) => e.event === 'mention');
      expect(JSON.parse(missed.data).author.name).toBe('Cy');
      expect(again.events.filter((e) => e.event === 'mention')).toHaveLength(1);
      again.close();
    });

    it('a rejected mention is taken away', async () => {
      const stream = await open();
      const before = await SseClient.open(`${web.url}/webmentions/live?target=${encodeURIComponent(TARGET)}`, {
        'Last-Event-ID': '0',
      });
      streams.push(before);
      const adas = await before.waitFor((e) => e.event === 'mention' && JSON.parse(e.data).author.name === 'Ada');
      before.close();
      const id = JSON.parse(adas.data)['wm-id'] as number;
      await web.app.get(ModerationService).apply('reject', { ids: [id] });
      const removed = await stream.waitFor((e) => e.event === 'remove');
      expect(JSON.parse(removed.data)).toEqual({ 'wm-id': id });
      stream.close();
    });

    it('refuses more connections from one address than allowed (429) and a target that is not a URL (400)', async () => {
      const held = [await open(), await open(), await open()];
      const refused = await open();
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('30');
      await refused.ended;
      expect(JSON.parse(refused.body)).toMatchObject({ error: 'too_many_from_address' });
      for (const s of held) s.close();
      await new Promise((r) => setTimeout(r, 100));
      expect((await open()).status).toBe(200);
      const bad = await open('target=nope');
      expect(bad.status).toBe(400);
    });

    it('closing the app ends open streams instead of waiting for them', async () => {
      const stream = await open();
      const started = Date.now();
      await worker?.close();
      worker = null;
      await web.close();
      await stream.ended;
      expect(Date.now() - started).toBeLessThan(5000);
      web = { close: async () => undefined } as unknown as TestApp;
    });
  });
});

describe('live updates on Fastify', () => {
  let app: TestApp;
  let site: RemoteSite;

  beforeAll(async () => {
    site = await new RemoteSite().start();
    app = await startTestApp({ stack: STACKS[0], adapter: 'fastify', extras: { live: { enabled: true } } });
  });
  afterAll(async () => {
    await app?.close();
    await site?.stop();
  });

  it('streams a verified mention, and closing the app ends the stream', async () => {
    const stream = await SseClient.open(`${app.url}/webmentions/live?target=${encodeURIComponent(TARGET)}`);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const source = site.page('/r', `<p class="h-entry"><a class="u-in-reply-to" href="${TARGET}">re</a></p>`);
    const res = await fetch(`${app.url}/webmention`, {
      method: 'POST',
      body: new URLSearchParams({ source, target: TARGET }),
    });
    expect(res.status).toBe(201);
    const event = await stream.waitFor((e) => e.event === 'mention');
    expect(JSON.parse(event.data)['wm-source']).toBe(source);
    const widget = await fetch(`${app.url}/webmention/widget.js`);
    expect(widget.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    await app.close();
    await stream.ended;
    app = { close: async () => undefined } as unknown as TestApp;
  });
});
