import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { UrlResolver, WebmentionModule, WebmentionModuleOptions } from 'nestjs-webmention';
import { ReceiveService, WEBMENTION_RESOLVED_OPTIONS } from 'nestjs-webmention/testing';
import { sqliteFileModule } from './support/sqlite-module';

/** A host's options class, as `useClass` and `useExisting` expect it. */
@Injectable()
class WebmentionConfig {
  createWebmentionOptions(): WebmentionModuleOptions {
    return { baseUrl: 'https://configured.example', initialModeration: 'pending' };
  }
}

@Module({ providers: [WebmentionConfig], exports: [WebmentionConfig] })
class ConfigModule {}

describe('WebmentionModule configuration', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'webmention-module-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['useClass', { useClass: WebmentionConfig }],
    ['useExisting', { imports: [ConfigModule], useExisting: WebmentionConfig }],
    [
      'useFactory with inject',
      {
        imports: [ConfigModule],
        inject: [WebmentionConfig],
        useFactory: (c: WebmentionConfig) => c.createWebmentionOptions(),
      },
    ],
  ])('forRootAsync with %s resolves and validates the options', async (_name, async) => {
    const moduleRef = await Test.createTestingModule({
      imports: [sqliteFileModule(dir), WebmentionModule.forRootAsync({ ...async, processor: false } as never)],
    }).compile();
    const options = moduleRef.get(WEBMENTION_RESOLVED_OPTIONS);
    expect(options).toMatchObject({
      baseUrl: 'https://configured.example',
      targetHosts: ['configured.example'],
      initialModeration: 'pending',
    });
    await moduleRef.close();
  });

  it.each([
    [{}, /set baseUrl .* or targetHosts/],
    [{ baseUrl: 'not a url' }, /baseUrl must be an absolute http\(s\) URL/],
    [{ baseUrl: 'https://x.example', initialModeration: 'later' }, /initialModeration must be 'approved' or 'pending'/],
    [{ baseUrl: 'https://x.example', http: { userAgent: 'curl' } }, /userAgent must contain the word "Webmention"/],
    [
      { baseUrl: 'https://x.example', verifyRetry: { attempts: 0 } },
      /verifyRetry.attempts must be a whole number of at least 1/,
    ],
  ])('refuses to boot with %j, saying what to change', async (options, message) => {
    const compiling = Test.createTestingModule({
      imports: [
        sqliteFileModule(dir),
        WebmentionModule.forRoot({ ...(options as WebmentionModuleOptions), processor: false }),
      ],
    }).compile();
    await expect(compiling).rejects.toThrow(message);
  });

  it('refuses an unknown queue driver before dependency injection runs', () => {
    expect(() => WebmentionModule.forRoot({ baseUrl: 'https://x.example', queue: 'kafka' as never })).toThrow(
      /queue must be 'bull' or 'inline'/,
    );
  });

  it('lets tests replace a pluggable provider with overrideProvider', async () => {
    const resolver: UrlResolver = {
      resolve: (url) => (url.endsWith('/only-this') ? { url } : null),
      getAbsoluteUrl: (o) => (o as { url: string }).url,
    };
    const moduleRef = await Test.createTestingModule({
      imports: [sqliteFileModule(dir), WebmentionModule.forRoot({ baseUrl: 'https://x.example', processor: false })],
    })
      .overrideProvider(UrlResolver)
      .useValue(resolver)
      .compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    const receiver = app.get(ReceiveService);
    const form = (target: string) => ({
      contentType: 'application/x-www-form-urlencoded',
      contentLength: 100,
      body: { source: 'https://a.example/post', target },
    });
    expect(await receiver.receive(form('https://x.example/other'))).toMatchObject({
      ok: false,
      error: { code: 'target_not_accepted' },
    });
    expect(await receiver.receive(form('https://x.example/only-this'))).toMatchObject({ ok: true, created: true });
    await request(app.getHttpServer()).get('/webmention').expect(200);
    await app.close();
  });
});
