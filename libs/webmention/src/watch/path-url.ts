/** Where a static site's file is published: its path under the site's folder mapped to a public URL. */
import { posix } from 'node:path';

/**
 * Maps a file's path relative to the watched folder (with `/` separators, e.g. `posts/hello.md`) to its public URL
 * or a path on the base URL; null leaves the file out.
 */
export type PathToUrl = (relativePath: string) => string | null;

/** Placeholders of a map pattern. */
const PLACEHOLDERS = ['path', 'dir', 'name', 'ext', 'file'] as const;

/** What a pattern's placeholders stand for, for one file. */
function parts(relativePath: string): Record<(typeof PLACEHOLDERS)[number], string> {
  const ext = posix.extname(relativePath);
  const name = posix.basename(relativePath, ext);
  const dir = posix.dirname(relativePath);
  return {
    path: relativePath.slice(0, relativePath.length - ext.length),
    dir: dir === '.' ? '' : `${dir}/`,
    name,
    ext: ext.replace(/^\./, ''),
    file: relativePath,
  };
}

/**
 * The usual static-site layout: `index.*` is its folder (`blog/index.md` → `/blog/`); other HTML and text files keep
 * their name (`about.html` → `/about.html`); Markdown becomes a folder of its name (`posts/hello.md` → `/posts/hello/`).
 */
export function defaultPathToUrl(relativePath: string): string {
  const { path, dir, name, ext } = parts(relativePath);
  if (name === 'index') return `/${dir}`;
  if (ext === 'md' || ext === 'markdown') return `/${path}/`;
  return `/${relativePath}`;
}

/**
 * A mapping from a pattern such as `/blog/{path}/` or `https://example.com/{dir}{name}.html`: `{path}` is the
 * relative path without its extension, `{dir}` its folder with a trailing `/` (or nothing), `{name}` the file name
 * without extension, `{ext}` the extension without its dot, `{file}` the whole relative path.
 */
export function pathPattern(pattern: string): PathToUrl {
  const unknown = [...pattern.matchAll(/\{([^}]*)\}/g)]
    .map((m) => m[1])
    .filter((p) => !PLACEHOLDERS.includes(p as never));
  if (unknown.length > 0 || !/\{(path|name|file)\}/.test(pattern)) {
    throw new Error(
      `the map pattern must contain {path}, {name} or {file}, and only ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}` +
        (unknown.length > 0 ? ` (unknown: {${unknown.join('}, {')}})` : '') +
        ` (got "${pattern}"); e.g. "/blog/{path}/"`,
    );
  }
  return (relativePath) => {
    const values = parts(relativePath);
    return pattern.replace(/\{(path|dir|name|ext|file)\}/g, (_, key: keyof typeof values) =>
      values[key].split('/').map(encodeURIComponent).join('/'),
    );
  };
}

/**
 * The absolute URL of a page: `mapped` (a path or a URL) resolved against `baseUrl`, or null when it is not http(s)
 * or leaves the base URL's origin.
 */
export function publicUrl(baseUrl: string, mapped: string | null): string | null {
  if (mapped === null) return null;
  let url: URL;
  try {
    const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    url = new URL(mapped.replace(/^\/+/, ''), base);
    if (/^[a-z][a-z0-9+.-]*:/i.test(mapped)) url = new URL(mapped);
    if (url.origin !== base.origin) return null;
  } catch {
    return null;
  }
  url.hash = '';
  return url.href;
}
