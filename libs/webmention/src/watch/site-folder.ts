/** A static site's folder: which files count, where each is published, and what each links to. */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DEFAULT_FORMATS, FileFormat, formatOf, sourceDocument } from './file-links';
import { defaultPathToUrl, pathPattern, PathToUrl, publicUrl } from './path-url';

/** How to read a site's folder. */
export interface SiteFolderOptions {
  /** The folder of the site's files (the build output or the sources). */
  dir: string;
  /** Public URL the folder is published at, e.g. `https://blog.example`. */
  baseUrl: string;
  /** A file's relative path to its URL: a function, or a pattern such as `/blog/{path}/`. @default the usual layout */
  map?: PathToUrl | string;
  /** Extensions read, with their dot. @default ['.html', '.htm', '.md', '.markdown', '.txt'] */
  extensions?: string[];
}

/** One page read from the folder. */
export interface SitePage {
  /** Path relative to the folder, with `/` separators. */
  file: string;
  url: string;
  html: string;
  /** SHA-256 of the file's bytes and its URL: what a scan compares with the last send. */
  contentHash: string;
}

/** Editors' temporary, backup and swap files: `foo~`, `.foo.swp`, `#foo#`, vim's `4913` probe, `foo.tmp`, … */
const EDITOR_FILE = /(~|\.sw[a-p]|\.swx|\.tmp|\.temp|\.bak|\.orig|\.crdownload|\.part)$|^#.*#$|^\.#|^4913$|^\.~lock\./i;

/** True when a relative path has a segment starting with a dot (`.git/`, `.obsidian/`, `.draft.md`). */
function hasDotSegment(relativePath: string): boolean {
  return relativePath.split('/').some((segment) => segment.startsWith('.') && segment !== '.');
}

/** A static site's folder, read through the options' mapping and extensions. */
export class SiteFolder {
  readonly root: string;
  readonly baseUrl: string;
  private readonly map: PathToUrl;
  private readonly formats: Record<string, FileFormat>;

  constructor(options: SiteFolderOptions) {
    this.root = resolve(options.dir);
    this.baseUrl = options.baseUrl;
    this.map = typeof options.map === 'string' ? pathPattern(options.map) : (options.map ?? defaultPathToUrl);
    const extensions = options.extensions ?? Object.keys(DEFAULT_FORMATS);
    this.formats = {};
    for (const raw of extensions) {
      const ext = (raw.startsWith('.') ? raw : `.${raw}`).toLowerCase();
      const format = formatOf(ext) ?? (/^\.x?html?$/.test(ext) ? 'html' : null);
      if (format === null) {
        throw new Error(
          `cannot read "${raw}" files: use extensions of HTML (.html, .htm), Markdown (.md, .markdown) or text (.txt)`,
        );
      }
      this.formats[ext] = format;
    }
  }

  /** The path of `file` relative to the folder with `/` separators, or null when it lies outside. */
  relativePath(file: string): string | null {
    const rel = relative(this.root, isAbsolute(file) ? file : resolve(file));
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
    return rel.split(sep).join('/');
  }

  /** True when a folder (relative path) is left out: dot-folders such as `.git`. */
  ignoresFolder(relativePath: string): boolean {
    return hasDotSegment(relativePath);
  }

  /** True when a file (relative path) is read: a watched extension, not in a dot-folder, not an editor's file. */
  reads(relativePath: string): boolean {
    const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
    if (hasDotSegment(relativePath) || EDITOR_FILE.test(name)) return false;
    return this.formats[extname(name).toLowerCase()] !== undefined;
  }

  /** The URL a file is published at by the mapping alone (front matter aside), or null when the mapping leaves it out. */
  mappedUrl(relativePath: string): string | null {
    return publicUrl(this.baseUrl, this.map(relativePath));
  }

  /** Reads a page (relative path); null when the file is not read, or maps to no URL on the base URL. */
  async read(relativePath: string): Promise<SitePage | null> {
    if (!this.reads(relativePath)) return null;
    const bytes = await readFile(join(this.root, relativePath));
    const document = sourceDocument(this.formats[extname(relativePath).toLowerCase()], bytes.toString('utf8'));
    const url = publicUrl(this.baseUrl, document.url ?? this.map(relativePath));
    if (url === null) return null;
    const contentHash = createHash('sha256').update(url).update('\n').update(bytes).digest('hex');
    return { file: relativePath, url, html: document.html, contentHash };
  }

  /** Every file the folder reads, as relative paths in a stable order. */
  async files(): Promise<string[]> {
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => this.relativePath(join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)))
      .filter((rel): rel is string => rel !== null && this.reads(rel))
      .sort();
  }
}
