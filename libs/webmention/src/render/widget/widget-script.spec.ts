import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWidgetScript } from './widget-script';

const DEFAULTS = { api: '/wm', stylesheet: false as const, live: true, facepileLimit: 3, maxComments: 9 };

describe('loadWidgetScript', () => {
  it('writes the defaults into the shipped script, which stays small', () => {
    const { js, etag } = loadWidgetScript(DEFAULTS);
    expect(js).toContain(
      '/*WEBMENTION_DEFAULTS*/ {"api":"/wm","stylesheet":false,"live":true,"facepileLimit":3,"maxComments":9}',
    );
    expect(js).not.toContain("api: '/webmentions'");
    expect(js.length).toBeLessThan(16 * 1024);
    expect(etag).toMatch(/^"/);
  });

  it('escapes < in the defaults, and says which file is missing or has no slot', () => {
    expect(loadWidgetScript({ ...DEFAULTS, api: '/</script>' }).js).toContain('"/\\u003c/script>"');
    const dir = mkdtempSync(join(tmpdir(), 'widget-'));
    try {
      writeFileSync(join(dir, 'w.js'), 'no slot');
      expect(() => loadWidgetScript(DEFAULTS, join(dir, 'w.js'))).toThrow(/has no \/\*WEBMENTION_DEFAULTS\*\/ slot/);
      expect(() => loadWidgetScript(DEFAULTS, join(dir, 'none.js'))).toThrow(/none\.js cannot be read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
