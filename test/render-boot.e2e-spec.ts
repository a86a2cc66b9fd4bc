/**
 * Display wiring at boot, on Express and Fastify: template overrides (a broken one fails the boot, naming the
 * file), the stylesheet path from an async factory, and the Link interceptor used by hand when `advertise` is off.
 */
import { Controller, Get, Header, INestApplication, UseInterceptors } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  WEBMENTION_ENTITIES,
  WebmentionLinkInterceptor,
  WebmentionModule,
  WebmentionModuleOptions,
  WebmentionRenderer,
} from 'nestjs-webmention';
import { FixturePagesModule } from './support/render-fixtures';
import { sqliteFileModule } from './support/sqlite-module';

const SITE = 'https://blog.example';
const LINK = `<${SITE}/webmention>; rel="webmention"`;

/** An HTML page behind `@UseInterceptors(WebmentionLinkInterceptor)`. */
@Controller('decorated')
@UseInterceptors(WebmentionLinkInterceptor)
class DecoratedController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return '<!doctype html><title>Decorated</title>';
  }
}

describe.each(['express', 'fastify'] as const)('display wiring over %s', (adapter) => {
  let dir: string;
  const apps: INestApplication[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'webmention-render-boot-'));
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Compiles and starts a fixture app on SQLite with the fixture pages; `setup` runs before `init`. */
  async function boot(
    webmention: ReturnType<typeof WebmentionModule.forRoot>,
    setup: (app: INestApplication) => void = () => undefined,
  ): Promise<string> {
    const moduleRef = await Test.createTestingModule({
      imports: [sqliteFileModule(dir), webmention, FixturePagesModule],
      controllers: [DecoratedController],
    }).compile();
    const app =
      adapter === 'fastify' ? moduleRef.createNestApplication(new FastifyAdapter()) : moduleRef.createNestApplication();
    app.useLogger(false);
    apps.push(app);
    setup(app);
    await app.listen(0, '127.0.0.1');
    return (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  const forRoot = (options: WebmentionModuleOptions = {}) =>
    WebmentionModule.forRoot({ baseUrl: SITE, isGlobal: true, processor: false, ...options });

  /** A templates directory holding the given files. */
  function templates(files: Record<string, string>): string {
    const templatesDir = mkdtempSync(join(dir, 'templates-'));
    for (const [name, source] of Object.entries(files)) writeFileSync(join(templatesDir, name), source);
    return templatesDir;
  }

  it('fails the boot on a broken template override, naming the file', async () => {
    const templatesDir = templates({ 'reply.hbs': '<li>{{#if authorName}}{{authorName}}</li>' });
    const compiling = Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: WEBMENTION_ENTITIES }),
        forRoot({ render: { templatesDir } }),
      ],
    }).compile();
    await expect(compiling).rejects.toThrow(`Webmention template ${join(templatesDir, 'reply.hbs')}:`);
  });

  it('fails the boot on a templatesDir that is not a directory', async () => {
    const templatesDir = join(dir, 'missing');
    const compiling = Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: WEBMENTION_ENTITIES }),
        forRoot({ render: { templatesDir } }),
      ],
    }).compile();
    await expect(compiling).rejects.toThrow(`Webmention template ${templatesDir}: templatesDir is not a directory`);
  });

  it('uses an override for its one file and the bundled templates for the rest', async () => {
    const templatesDir = templates({ 'send-form.hbs': '<form class="my-form" action="{{endpointUrl}}"></form>' });
    const url = await boot(forRoot({ render: { templatesDir } }));
    expect(apps[apps.length - 1].get(WebmentionRenderer).sendForm(`${SITE}/posts/known`)).toBe(
      `<form class="my-form" action="${SITE}/webmention"></form>`,
    );
    expect(await apps[apps.length - 1].get(WebmentionRenderer).render(`${SITE}/posts/known`)).toContain(
      'No responses yet.',
    );
    expect((await request(url).get('/pages/about').expect(200)).headers.link).toBeUndefined();
  });

  it('mounts the stylesheet where an async factory says, or nowhere', async () => {
    const at = await boot(
      WebmentionModule.forRootAsync({
        isGlobal: true,
        processor: false,
        useFactory: async () => ({ baseUrl: SITE, render: { stylesheetPath: '/async/wm.css' } }),
      }),
    );
    const res = await request(at).get('/async/wm.css').expect(200);
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    await request(at).get('/webmention/webmention.css').expect(404);
    const none = await boot(
      WebmentionModule.forRootAsync({
        isGlobal: true,
        processor: false,
        useFactory: () => ({ baseUrl: SITE, render: { stylesheetPath: false } }),
      }),
    );
    await request(none).get('/webmention/webmention.css').expect(404);
    const off = await boot(forRoot({ render: { stylesheetPath: false } }));
    await request(off).get('/webmention/webmention.css').expect(404);
  });

  it('leaves pages alone without advertise, and advertises where the interceptor is used by hand', async () => {
    const plain = await boot(forRoot());
    expect((await request(plain).get('/pages/about').expect(200)).headers.link).toBeUndefined();
    expect((await request(plain).get('/decorated').expect(200)).headers.link).toBe(LINK);
    const global = await boot(forRoot(), (app) => app.useGlobalInterceptors(app.get(WebmentionLinkInterceptor)));
    expect((await request(global).get('/pages/about').expect(200)).headers.link).toBe(LINK);
    // NOTE: used globally and on the controller, it still adds one value.
    expect((await request(global).get('/decorated').expect(200)).headers.link).toBe(LINK);
    expect((await request(global).get('/posts/known?format=json').expect(200)).headers.link).toBeUndefined();
  });
});
