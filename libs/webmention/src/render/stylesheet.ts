/** The bundled stylesheet: read once, with a strong ETag. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entityTag } from '../http/entity-tag';

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
  return { css, etag: entityTag(css) };
}
