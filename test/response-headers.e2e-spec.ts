/**
 * The library's own responses on Express and Fastify: `X-Content-Type-Options: nosniff` and no `X-Powered-By` on
 * every route it serves (answers from its guard and its validation included); the host's own routes are left alone.
 */
import { Controller, Get, Module } from '@nestjs/common';
import request from 'supertest';
import { STACKS, startTestApp, TestApp } from './support/test-app';

@Controller('host-page')
class HostPageController {
  @Get()
  page(): string {
    return 'the host app';
  }
}

@Module({ controllers: [HostPageController] })
class HostPageModule {}

const SQLITE = STACKS.find((s) => s.database === 'sqlite')!;
const TARGET = 'https://blog.example/posts/headers';

describe.each(['express', 'fastify'] as const)('library response headers over %s', (adapter) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      stack: SQLITE,
      adapter,
      imports: [HostPageModule],
      options: { moderation: { token: 'moderation-token-0123456789abcdef0123' } },
    });
  });
  afterAll(() => t?.close());

  const libraryRoutes: [string, (url: string) => request.Test][] = [
    ['POST /webmention, refused', (url) => request(url).post('/webmention').type('form').send({ source: 'nope' })],
    [
      'POST /webmention, accepted',
      (url) => request(url).post('/webmention').type('form').send({ source: 'http://127.0.0.1:9/x', target: TARGET }),
    ],
    ['GET /webmention', (url) => request(url).get('/webmention')],
    ['GET /webmentions', (url) => request(url).get('/webmentions').query({ target: TARGET })],
    ['GET /webmentions, refused', (url) => request(url).get('/webmentions').query({ target: TARGET, limit: '-1' })],
    [
      'GET /webmentions/moderation without a token (the guard answers)',
      (url) => request(url).get('/webmentions/moderation'),
    ],
    ['GET the stylesheet', (url) => request(url).get('/webmention/webmention.css')],
  ];

  it.each(libraryRoutes)('%s: nosniff, no X-Powered-By', async (_name, send) => {
    const res = await send(t.url);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it("leaves the host's own routes alone", async () => {
    const res = await request(t.url).get('/host-page').expect(200);
    expect(res.headers['x-content-type-options']).toBeUndefined();
    if (adapter === 'express') expect(res.headers['x-powered-by']).toBe('Express');
  });
});
