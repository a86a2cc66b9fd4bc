import { Module } from '@nestjs/common';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebmentionModule } from '../webmention.module';
import { UsageError } from './cli-output';
import { findHostModule, loadHostModule } from './host-module';
import { shareWebmentionModule } from './run-cli';

describe('the host module of the webmention bin', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'webmention-host-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes --module first, then WEBMENTION_MODULE, then a config file in the folder, and strips --module', () => {
    writeFileSync(join(dir, 'webmention.config.cjs'), '');
    const env = { WEBMENTION_MODULE: 'env.module.js' };
    expect(findHostModule(['list', '--module', 'a.js', '--json'], env, dir)).toEqual({
      path: join(dir, 'a.js'),
      from: '--module',
      args: ['list', '--json'],
    });
    expect(findHostModule(['list', '--module=/abs/b.js'], env, dir)).toMatchObject({ path: '/abs/b.js' });
    expect(findHostModule(['list'], env, dir)).toMatchObject({
      path: join(dir, 'env.module.js'),
      from: 'WEBMENTION_MODULE',
    });
    expect(findHostModule(['list'], {}, dir)).toMatchObject({
      path: join(dir, 'webmention.config.cjs'),
      from: 'config file',
    });
    rmSync(join(dir, 'webmention.config.cjs'));
    expect(findHostModule(['discover', 'https://a.example/'], {}, dir)).toEqual({
      path: null,
      from: null,
      args: ['discover', 'https://a.example/'],
    });
    expect(() => findHostModule(['list', '--module'], {}, dir)).toThrow(UsageError);
  });

  it('loads the module however the file exports it, and says what to export when it does not', async () => {
    const cases: Record<string, string> = {
      'whole.cjs': 'module.exports = class AppModule {};',
      'named.cjs': 'exports.AppModule = class AppModule {};',
      'only.cjs': 'exports.helper = 1; exports.BlogModule = class BlogModule {};',
      'dynamic.cjs': 'module.exports = { module: class HostModule {}, imports: [] };',
      'factory.cjs': 'module.exports = async () => ({ module: class HostModule {} });',
      'default.mjs': 'export default class AppModule {}',
    };
    for (const [name, text] of Object.entries(cases)) {
      writeFileSync(join(dir, name), text);
      const loaded = await loadHostModule(join(dir, name), dir);
      expect(typeof loaded === 'function' ? loaded.name : loaded.module.name).toMatch(/Module$/);
    }
    writeFileSync(join(dir, 'none.cjs'), 'exports.a = 1; exports.b = 2;');
    await expect(loadHostModule(join(dir, 'none.cjs'), dir)).rejects.toThrow('exports no Nest module');
    await expect(loadHostModule(join(dir, 'missing.js'), dir)).rejects.toThrow('No such module file');
  });

  it('makes the WebmentionModule under the host module global, without the processor and the sweeper', () => {
    const webmention = WebmentionModule.forRoot({ baseUrl: 'https://blog.example', queue: 'inline' });
    @Module({ imports: [webmention] })
    class FeatureModule {}
    @Module({ imports: [FeatureModule] })
    class AppModule {}
    const names = () => (webmention.providers ?? []).map((p) => (typeof p === 'function' ? p.name : ''));
    expect(names()).toContain('PendingSweeper');

    expect(shareWebmentionModule([AppModule])).toBe(true);
    expect(webmention.global).toBe(true);
    expect(names()).not.toContain('PendingSweeper');
    @Module({})
    class ElseModule {}
    expect(shareWebmentionModule([ElseModule])).toBe(false);
  });
});
