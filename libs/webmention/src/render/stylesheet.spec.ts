import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { etagMatches, loadStylesheet, STYLESHEET_FILE } from './stylesheet';

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

describe('etagMatches', () => {
  const etag = '"abc"';
  it('matches the tag, a weak spelling, a list containing it, and *', () => {
    expect(etagMatches('"abc"', etag)).toBe(true);
    expect(etagMatches('W/"abc"', etag)).toBe(true);
    expect(etagMatches('"x", "abc"', etag)).toBe(true);
    expect(etagMatches('*', etag)).toBe(true);
  });
  it('does not match other tags or nothing', () => {
    expect(etagMatches('"abd"', etag)).toBe(false);
    expect(etagMatches('abc', etag)).toBe(false);
    expect(etagMatches('', etag)).toBe(false);
    expect(etagMatches(undefined, etag)).toBe(false);
  });
});
