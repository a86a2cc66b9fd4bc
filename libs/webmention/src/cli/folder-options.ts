/** The options `watch` and `scan` share: the folder, its public URL, the mapping and the extensions. */
import { statSync } from 'node:fs';
import { Option } from 'nest-commander';
import { parseHttpUrl } from '../url/url-validate';
import { SiteFolder, SiteFolderOptions } from '../watch/site-folder';
import { UsageError } from './cli-output';
import { WebmentionCommand } from './webmention-command';

/** The raw shared options, as commander parsed them. */
export interface FolderCommandOptions {
  baseUrl?: string;
  extensions?: string;
  map?: string;
}

/** A comma-separated list of extensions (`md,html` or `.md,.html`). */
export function parseExtensions(value: string): string[] {
  return value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')
    .map((e) => (e.startsWith('.') ? e : `.${e}`));
}

/** The folder options of a command, checked; a {@link UsageError} says what to fix. */
export function folderOptions(
  command: string,
  dir: string | undefined,
  given: FolderCommandOptions,
): SiteFolderOptions {
  const example = `Example: ${command} ./public --base-url https://blog.example`;
  let isDir = false;
  try {
    isDir = dir !== undefined && statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UsageError(`${command}: ${JSON.stringify(dir ?? '')} is not a folder. ${example}`);
  const base = parseHttpUrl(given.baseUrl ?? '', { label: '--base-url' });
  if (!base.ok) throw new UsageError(`${command}: ${base.message}. ${example}`);
  const options: SiteFolderOptions = {
    dir: dir!,
    baseUrl: base.url.href,
    map: given.map,
    extensions: given.extensions === undefined ? undefined : parseExtensions(given.extensions),
  };
  try {
    new SiteFolder(options);
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
  return options;
}

/** Base of `watch` and `scan`: the options naming the folder's public URL, its mapping and its extensions. */
export abstract class FolderCommand extends WebmentionCommand {
  @Option({ flags: '--base-url <url>', description: 'the public URL the folder is published at', required: true })
  parseBaseUrl(value: string): string {
    return value;
  }

  @Option({ flags: '--extensions <list>', description: 'extensions to read (default: html,htm,md,markdown,txt)' })
  parseExtensions(value: string): string {
    parseExtensions(value);
    return value;
  }

  @Option({ flags: '--map <pattern>', description: "a file's URL from {path}, {dir}, {name}, {ext}, {file}" })
  parseMap(value: string): string {
    return value;
  }
}
