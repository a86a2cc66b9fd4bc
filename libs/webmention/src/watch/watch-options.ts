/** Defaults and boot-time checks of the `watch` option (see `WebmentionModuleOptions`). */
import type { WebmentionWatchOptions } from '../interfaces/webmention-options.interface';
import { WebmentionConfigError } from '../webmention-config.exception';
import { WEBMENTION_DEFAULTS } from '../webmention.defaults';
import { SiteFolder, SiteFolderOptions } from './site-folder';

/** How a page's Webmentions go out: sent now (with a report), or queued (with retries, by a worker). */
export type FolderSendMode = 'now' | 'queue';

/** How to watch a folder. */
export interface WatchFolderOptions extends SiteFolderOptions {
  /** Quiet time after a file's last change before it is sent for, in milliseconds. @default 500 */
  debounceMs?: number;
  /** `'queue'` sends through the job queue (retries, workers); `'now'` sends at once and reports. @default 'queue' */
  mode?: FolderSendMode;
}

/** The `watch` option with defaults applied and checked, or null when no folder is watched. */
export function resolveWatchOptions(
  given: WebmentionWatchOptions | undefined,
  baseUrl: string | null,
): WatchFolderOptions | null {
  if (given === undefined || given === null) return null;
  if (typeof given.dir !== 'string' || given.dir.trim() === '') {
    throw new WebmentionConfigError(
      `watch.dir must be the path of the site's folder (got ${JSON.stringify(given.dir)}).`,
    );
  }
  const siteUrl = given.baseUrl ?? baseUrl;
  if (!siteUrl || !/^https?:\/\/[^/]/.test(siteUrl)) {
    throw new WebmentionConfigError(
      `watch needs the site's public URL: set watch.baseUrl or baseUrl to an http(s) URL (got ${JSON.stringify(siteUrl)}).`,
    );
  }
  const debounceMs = given.debounceMs ?? WEBMENTION_DEFAULTS.options.watch.debounceMs;
  if (!Number.isInteger(debounceMs) || debounceMs < 0) {
    throw new WebmentionConfigError(
      `watch.debounceMs must be a whole number of at least 0 (got ${String(debounceMs)}).`,
    );
  }
  const resolved: WatchFolderOptions = { ...given, baseUrl: siteUrl, debounceMs, mode: 'queue' };
  try {
    // NOTE: built once here so a bad pattern or extension fails the boot, not the first save.
    new SiteFolder(resolved);
  } catch (error) {
    throw new WebmentionConfigError(`watch: ${(error as Error).message}.`);
  }
  return resolved;
}
