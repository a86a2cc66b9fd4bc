/**
 * The fixture corpus: each `fixtures/<name>.html` (or `<name>.mf2.json`, an mf2 JSON source) with its expectation
 * `fixtures/<name>.json`. A mention fixture's cases are interpreted against their target and matched with
 * `expect`; a case may also name an `authorPage` fixture to run the authorship step on the result. An `author-page`
 * fixture (`"kind": "author-page"`) is read for its representative h-card and checked against claimed authors.
 */
import { existsSync, readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { representativeHCard } from './author';
import { authorPageToConfirm, authorshipCheck, withAuthorPageCard } from './authorship';
import { interpretMention } from './mention-content';
import { interpretMf2Json, mf2JsonAlternate } from './mf2-json';
import type { MentionAuthor, MentionContent } from './types';

interface MentionCase {
  targetUrl: string;
  sourceUrl?: string;
  baseUrl?: string;
  expect: Record<string, unknown>;
  /** The author page the mention's author URL leads to: another fixture, of kind `author-page`. */
  authorPage?: string;
  /** The author once completed from that page, and the authorship verdict. */
  expectAfterAuthorPage?: { author?: MentionAuthor; authorship?: Record<string, unknown> };
  /** `authorPageToConfirm` of the interpreted author (null: nothing to confirm). */
  expectPageToConfirm?: string | null;
}

interface AuthorPageCase {
  /** What the case is about (the test name). */
  name: string;
  claimed: MentionAuthor;
  /** The mention's source URL, whose site the claimed author URL is compared with. */
  mentionSource: string;
  expect: { card?: MentionAuthor | null; authorship?: Record<string, unknown> };
}

interface Fixture {
  description: string;
  kind?: 'mention' | 'author-page';
  sourceUrl: string;
  baseUrl?: string;
  /** For HTML fixtures: what `mf2JsonAlternate` finds (default null). */
  mf2JsonAlternate?: string | null;
  cases: Array<MentionCase | AuthorPageCase>;
}

const FIXTURES = join(__dirname, 'fixtures');
const JSON_SOURCE = '.mf2.json';

/** Dates become ISO strings so JSON expectations can state them. */
function comparable(result: MentionContent): Record<string, unknown> {
  return {
    ...result,
    published: result.published?.toISOString() ?? null,
    updated: result.updated?.toISOString() ?? null,
  };
}

const files = readdirSync(FIXTURES);
const sourceName = (f: string): string | null =>
  f.endsWith('.html') ? f.slice(0, -'.html'.length) : f.endsWith(JSON_SOURCE) ? f.slice(0, -JSON_SOURCE.length) : null;
const names = files
  .map(sourceName)
  .filter((n): n is string => n !== null)
  .sort();

function load(name: string): { source: string; isJson: boolean; fixture: Fixture } {
  const isJson = existsSync(join(FIXTURES, `${name}${JSON_SOURCE}`));
  const source = readFileSync(join(FIXTURES, isJson ? `${name}${JSON_SOURCE}` : `${name}.html`), 'utf8');
  const fixture = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Fixture;
  return { source, isJson, fixture };
}

/** The representative h-card of an author-page fixture, read at that fixture's URL. */
function authorPageCard(name: string): MentionAuthor | null {
  const { source, fixture } = load(name);
  expect(fixture.kind).toBe('author-page');
  return representativeHCard({ html: source, pageUrl: fixture.sourceUrl });
}

describe('mention fixture corpus', () => {
  it('has an expectation file for every source, and a source for every expectation', () => {
    expect(names.length).toBeGreaterThanOrEqual(35);
    for (const name of names) expect(existsSync(join(FIXTURES, `${name}.json`))).toBe(true);
    const expectations = files.filter((f) => f.endsWith('.json') && !f.endsWith(JSON_SOURCE));
    for (const f of expectations) expect(names).toContain(f.slice(0, -'.json'.length));
  });

  describe.each(names)('%s', (name) => {
    const { source, isJson, fixture } = load(name);

    if (fixture.kind === 'author-page') {
      it.each((fixture.cases as AuthorPageCase[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
        const card = representativeHCard({ html: source, pageUrl: fixture.sourceUrl });
        if (c.expect.card !== undefined) expect(card).toEqual(c.expect.card);
        if (c.expect.authorship !== undefined) {
          expect(authorshipCheck(c.claimed, c.mentionSource, card)).toMatchObject(c.expect.authorship);
        }
      });
      return;
    }

    if (!isJson) {
      it('finds the advertised mf2 JSON alternate, if any', () => {
        expect(mf2JsonAlternate(source, fixture.baseUrl ?? fixture.sourceUrl)).toBe(fixture.mf2JsonAlternate ?? null);
      });
    }

    it.each((fixture.cases as MentionCase[]).map((c) => [c.targetUrl, c] as const))('target %s', (_target, c) => {
      const sourceUrl = c.sourceUrl ?? fixture.sourceUrl;
      const ctx = { sourceUrl, baseUrl: c.baseUrl ?? fixture.baseUrl ?? sourceUrl, targetUrl: c.targetUrl };
      const result = isJson ? interpretMf2Json(JSON.parse(source), ctx) : interpretMention({ html: source, ...ctx });
      expect(comparable(result)).toMatchObject(c.expect);
      if (result.entry !== null) {
        expect(Buffer.byteLength(JSON.stringify(result.entry))).toBeLessThanOrEqual(16 * 1024);
        expect(JSON.stringify(result.entry)).not.toMatch(/<(script|a|p|img|div)\b/i);
      }
      // NOTE: plain text never carries an image's URL (the parsers' alt-or-src replacement).
      if (result.content !== null) expect(result.content).not.toMatch(/https?:\/\/\S+\.(jpe?g|png|gif|webp)\b/i);
      if (c.expectPageToConfirm !== undefined) {
        expect(authorPageToConfirm(result.author, sourceUrl)).toBe(c.expectPageToConfirm);
      }
      if (c.authorPage !== undefined) {
        const card = authorPageCard(c.authorPage);
        const after = c.expectAfterAuthorPage ?? {};
        if (after.author !== undefined) expect(withAuthorPageCard(result.author, card)).toEqual(after.author);
        if (after.authorship !== undefined) {
          expect(authorshipCheck(result.author, sourceUrl, card)).toMatchObject(after.authorship);
        }
      }
    });
  });
});
