import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { interpretMention } from './mention-content';
import type { MentionContent } from './types';

interface FixtureCase {
  targetUrl: string;
  sourceUrl?: string;
  baseUrl?: string;
  expect: Record<string, unknown>;
}

interface Fixture {
  description: string;
  sourceUrl: string;
  baseUrl?: string;
  cases: FixtureCase[];
}

const FIXTURES = join(__dirname, 'fixtures');

/** Dates become ISO strings so JSON expectations can state them. */
function comparable(result: MentionContent): Record<string, unknown> {
  return {
    ...result,
    published: result.published?.toISOString() ?? null,
    updated: result.updated?.toISOString() ?? null,
  };
}

const names = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.html'))
  .map((f) => f.slice(0, -'.html'.length))
  .sort();

describe('mention fixture corpus', () => {
  it('has an expectation file for every fixture page', () => {
    expect(names.length).toBeGreaterThanOrEqual(25);
    for (const name of names) {
      expect(() => readFileSync(join(FIXTURES, `${name}.json`), 'utf8')).not.toThrow();
    }
  });

  describe.each(names)('%s', (name) => {
    const html = readFileSync(join(FIXTURES, `${name}.html`), 'utf8');
    const fixture = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Fixture;

    it.each(fixture.cases.map((c) => [c.targetUrl, c] as const))('target %s', (_target, c) => {
      const sourceUrl = c.sourceUrl ?? fixture.sourceUrl;
      const result = interpretMention({
        html,
        sourceUrl,
        baseUrl: c.baseUrl ?? fixture.baseUrl ?? sourceUrl,
        targetUrl: c.targetUrl,
      });
      expect(comparable(result)).toMatchObject(c.expect);
      if (result.entry !== null) {
        expect(Buffer.byteLength(JSON.stringify(result.entry))).toBeLessThanOrEqual(16 * 1024);
        expect(JSON.stringify(result.entry)).not.toMatch(/<(script|a|p|img|div)\b/i);
      }
    });
  });
});
