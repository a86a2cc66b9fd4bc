/** The embeddable widget's script: read once, this server's paths and limits written into it, with a strong ETag. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entityTag } from '../../http/entity-tag';

/** The script next to the compiled code (copied there as a nest-cli asset, like the stylesheet). */
export const WIDGET_FILE = join(__dirname, 'widget.js');

/** What the widget needs to know of the server that serves it. */
export interface WidgetDefaults {
  /** Path of the read API. */
  api: string;
  /** Path of the stylesheet, or false when none is served. */
  stylesheet: string | false;
  /** Whether the live route is there. */
  live: boolean;
  facepileLimit: number;
  maxComments: number;
}

/** The script's text and its ETag. */
export interface WidgetScript {
  js: string;
  etag: string;
}

/** The placeholder object the defaults replace. */
const DEFAULTS_SLOT = /\/\*WEBMENTION_DEFAULTS\*\/\s*\{[^}]*\}/;

/** Reads the script and writes `defaults` into it; throws an Error naming the file when it cannot. */
export function loadWidgetScript(defaults: WidgetDefaults, file: string = WIDGET_FILE): WidgetScript {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(
      `Webmention widget ${file} cannot be read (${(err as Error).message}); it ships next to the compiled code`,
    );
  }
  if (!DEFAULTS_SLOT.test(source)) throw new Error(`Webmention widget ${file} has no /*WEBMENTION_DEFAULTS*/ slot`);
  // NOTE: JSON of plain values; `<` is escaped so the text is safe even if someone inlines it in a <script>.
  const json = JSON.stringify(defaults).replace(/</g, '\\u003c');
  const js = source.replace(DEFAULTS_SLOT, () => `/*WEBMENTION_DEFAULTS*/ ${json}`);
  return { js, etag: entityTag(js) };
}
