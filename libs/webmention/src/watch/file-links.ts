/**
 * A file of a static site as the HTML whose links are its targets: HTML as it is, Markdown rendered (front matter
 * skipped, its `url`/`permalink` kept as the page's URL), plain text as links to the URLs found in it.
 */
import type MarkdownIt from 'markdown-it';
import type { parse as ParseYaml } from 'yaml';

/** How a file is read, by its extension. */
export type FileFormat = 'html' | 'markdown' | 'text';

/** The extensions watched by default, and their formats. */
export const DEFAULT_FORMATS: Readonly<Record<string, FileFormat>> = {
  '.html': 'html',
  '.htm': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
};

/** A file turned into a source document. */
export interface SourceDocument {
  /** HTML to extract links from: the file's own, or rendered from it. */
  html: string;
  /** The page's public URL or path when the file names it (front matter `url` or `permalink`), else null. */
  url: string | null;
}

// NOTE: raw HTML in Markdown is kept (authors write `<a href>` too), and bare URLs become links, as most static
// site generators render them. The output is only read for links, never shown.
// NOTE: both parsers load on first use: most processes (a web app, a worker, `send`) never read a site's files.
let markdown: MarkdownIt | null = null;
let parseYaml: typeof ParseYaml | null = null;

function markdownRenderer(): MarkdownIt {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  markdown ??= new (require('markdown-it') as typeof MarkdownIt)({ html: true, linkify: true });
  return markdown;
}

function yamlParser(): typeof ParseYaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parseYaml ??= (require('yaml') as { parse: typeof ParseYaml }).parse;
  return parseYaml;
}

/** Front matter: `---` on the first line, YAML, then a line of `---` (or `...`). */
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** http(s) URLs in running text, up to whitespace or a closing bracket or quote. */
const TEXT_URL = /\bhttps?:\/\/[^\s<>"'`()[\]{}]+/gi;
/** Punctuation that ends a sentence rather than a URL. */
const TRAILING = /[.,;:!?]+$/;

/** The format of a file with extension `ext` (with the dot, any case) under `formats`, or null when not watched. */
export function formatOf(
  ext: string,
  formats: Readonly<Record<string, FileFormat>> = DEFAULT_FORMATS,
): FileFormat | null {
  return formats[ext.toLowerCase()] ?? null;
}

/** The front matter's fields and the text after it; a file without front matter has none. */
export function splitFrontMatter(text: string): { fields: Record<string, unknown>; body: string } {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { fields: {}, body: text };
  let fields: unknown;
  try {
    fields = yamlParser()(match[1]);
  } catch {
    // NOTE: a broken front matter is still not content: it is skipped, and names no URL.
    fields = null;
  }
  const body = text.slice(match[0].length);
  return { fields: fields && typeof fields === 'object' && !Array.isArray(fields) ? (fields as never) : {}, body };
}

/** The `url` or `permalink` named by front matter fields, when one is a non-empty string. */
function frontMatterUrl(fields: Record<string, unknown>): string | null {
  for (const key of ['url', 'permalink']) {
    const value = fields[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return null;
}

/** Escapes text for an HTML attribute or element. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The http(s) URLs found in plain text, in order, sentence punctuation after them left out. */
export function urlsInText(text: string): string[] {
  return [...text.matchAll(TEXT_URL)].map((m) => m[0].replace(TRAILING, '')).filter((u) => u.length > 8);
}

/** A file's text as a source document, read as `format`. */
export function sourceDocument(format: FileFormat, text: string): SourceDocument {
  if (format === 'html') return { html: text, url: null };
  if (format === 'text') {
    const links = urlsInText(text).map((u) => `<a href="${escapeHtml(u)}">${escapeHtml(u)}</a>`);
    return { html: `<p>${links.join(' ')}</p>`, url: null };
  }
  const { fields, body } = splitFrontMatter(text);
  return { html: markdownRenderer().render(body), url: frontMatterUrl(fields) };
}
