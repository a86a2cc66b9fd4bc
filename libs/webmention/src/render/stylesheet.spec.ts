import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStylesheet, STYLESHEET_FILE } from './stylesheet';

describe('loadStylesheet', () => {
  it('reads the bundled CSS with a strong, quoted ETag of its text', () => {
    const sheet = loadStylesheet();
    expect(sheet.css).toBe(readFileSync(join(__dirname, 'webmention.css'), 'utf8'));
    expect(sheet.css).toContain('--wm-text');
    expect(sheet.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(loadStylesheet(STYLESHEET_FILE).etag).toBe(sheet.etag);
  });

  it('names the file it cannot read', () => {
    expect(() => loadStylesheet('/nonexistent/webmention.css')).toThrow(
      /\/nonexistent\/webmention\.css cannot be read/,
    );
  });
});
