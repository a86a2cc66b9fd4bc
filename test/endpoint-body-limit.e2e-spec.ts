/**
 * The endpoint's size limit applies in its route's body parser, on Express and Fastify: a form declaring more than
 * `maxRequestBytes` is refused from its headers, before a byte of it is read (the app-wide parsers would wait for
 * 100 KB / 1 MiB); a streamed body over the limit, or one of many fields, is refused while read — each with the
 * endpoint's own `{ error, error_description }` answer — while other routes keep the app's own limits.
 */
import { Body, Controller, Module, Post } from '@nestjs/common';
import { connect, Socket } from 'node:net';
import request from 'supertest';
import { STACKS, startTestApp, TestApp } from './support/test-app';

const SQLITE = STACKS.find((s) => s.database === 'sqlite')!;
const TARGET = 'https://blog.example/posts/limits';

@Controller('host-form')
class HostFormController {
  @Post()
  take(@Body() body: Record<string, string>): { fields: number } {
    return { fields: Object.keys(body).length };
  }
}

@Module({ controllers: [HostFormController] })
class HostFormModule {}

/** A POST of a form to the endpoint over a raw socket: `header` added, the body written by `write`; the answer so far. */
function rawPost(url: string, header: string, write: (socket: Socket) => void): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST /webmention HTTP/1.1\r\nHost: ${hostname}\r\nAccept: application/json\r\n` +
          `Content-Type: application/x-www-form-urlencoded\r\n${header}\r\n\r\n`,
      );
      write(socket);
    });
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer || 'no answer');
    };
    // NOTE: the answer, whole or not, after 1.5 s; a server still waiting for the body has sent nothing by then.
    const timer = setTimeout(finish, 1500);
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (/\r\n\r\n[\s\S]*\}/.test(answer)) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
  });
}

describe.each(['express', 'fastify'] as const)('endpoint body limit over %s', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ stack: SQLITE, adapter, imports: [HostFormModule] });
  });
  afterAll(() => t?.close());

  it('refuses a form declaring 50 KB from its headers, without waiting for the body', async () => {
    const answer = await rawPost(t.url, 'Content-Length: 50000', (socket) => socket.write('x'.repeat(1000)));
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('"error":"request_too_large"');
  });

  it('refuses a chunked body once it passes the limit, with the endpoint own answer', async () => {
    const answer = await rawPost(t.url, 'Transfer-Encoding: chunked', (socket) => {
      const chunk = 'x'.repeat(16_384);
      for (let i = 0; i < 10; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      socket.write('0\r\n\r\n');
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('"error":"request_too_large"');
  });

  it('refuses a small form of many fields', async () => {
    const fields = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, '1']));
    const res = await request(t.url)
      .post('/webmention')
      .set('Accept', 'application/json')
      .type('form')
      .send({ source: 'https://a.example/', target: TARGET, ...fields });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      error: 'request_too_large',
      error_description: 'the request may have at most 8 fields',
    });
  });

  it("leaves the host's own routes to the app's parser and limits", async () => {
    const fields = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, 'x'.repeat(1000)]));
    const res = await request(t.url).post('/host-form').type('form').send(fields).expect(201);
    expect(res.body).toEqual({ fields: 20 });
  });
});
