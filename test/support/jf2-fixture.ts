/** The jf2 entries written after webmention.io's published shape (see test/fixtures/webmention-io/README.md). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The fixture feed. */
export const WEBMENTION_IO_JF2 = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/webmention-io/mentions.jf2.json'), 'utf8'),
) as { type: 'feed'; name: string; children: Record<string, unknown>[] };

const entries = WEBMENTION_IO_JF2.children;

/** The fixture's entry with this `wm-property`; throws when there is none. */
export function publishedJf2Entry(property: string): Record<string, unknown> {
  const entry = entries.find((e) => e['wm-property'] === property);
  if (!entry) throw new Error(`the fixture has no ${property} entry`);
  return entry;
}

/**
 * Every field of the fixture in webmention.io's order: each field after every field it follows in some entry.
 * NOTE: the entries agree on order, so a field's latest position ranks it; ties never share an entry.
 */
export const JF2_FIELD_ORDER = [...new Set(entries.flatMap((e) => Object.keys(e)))].sort(
  (a, b) =>
    Math.max(...entries.map((e) => Object.keys(e).indexOf(a))) -
    Math.max(...entries.map((e) => Object.keys(e).indexOf(b))),
);
