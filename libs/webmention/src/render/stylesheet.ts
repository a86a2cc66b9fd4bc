/** The bundled stylesheet: read once, with a strong ETag, and the `If-None-Match` comparison of its route. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The stylesheet next to the compiled code (copied there as a nest-cli asset, like the templates). */
export const STYLESHEET_FILE = join(__dirname, 'webmention.css');

/** The stylesheet's text and its ETag. */
export interface Stylesheet {
  css: string;
  /** A strong entity tag of the text, quoted. */
  etag: string;
}

/** Reads the stylesheet; throws an Error naming the file when it cannot be read. */
export function loadStylesheet(file: string = STYLESHEET_FILE): Stylesheet {
  let css: string;
  try {
    css = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(
      `Webmention stylesheet ${file} cannot be read (${(err as Error).message}); it ships next to the compiled code`,
    );
  }
  return { css, etag: `"${createHash('sha256').update(css).digest('base64url').slice(0, 27)}"` };
}

/** True when an `If-None-Match` value names `etag` (weak comparison, as RFC 9110 §13.1.2 asks) or is `*`. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (typeof ifNoneMatch !== 'string' || ifNoneMatch.trim() === '') return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
