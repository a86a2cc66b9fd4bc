import { Injectable } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FolderSender, PageResult } from './folder-sender.service';
import { SiteFolder, SiteFolderOptions, SitePage } from './site-folder';
import { publicUrl } from './path-url';

const run = promisify(execFile);

/** How to scan a folder. */
export interface ScanOptions extends SiteFolderOptions {
  /** List what would be sent (endpoints discovered), send nothing, record nothing. */
  dryRun?: boolean;
  /** Only files modified since this date, or changed since this git commit (a ref such as `HEAD~1` or `main`). */
  since?: Date | string;
  /** Called after each page, for progress display. */
  onResult?: (result: PageResult) => void;
}

/**
 * One pass over a static site's folder: sends for every page whose content changed since it was last sent for (all
 * of them on a first run), and for every page sent for before that no file gives any more (deleted). Running it
 * again sends nothing: the content sent for is recorded per page.
 */
@Injectable()
export class FolderScan {
  constructor(private readonly folders: FolderSender) {}

  async scan(options: ScanOptions): Promise<PageResult[]> {
    const folder = new SiteFolder(options);
    const files = await folder.files();
    const changed = await this.changedSince(folder, files, options.since);
    const pages = (await Promise.all(files.map((file) => folder.read(file)))).filter((p): p is SitePage => p !== null);
    const results: PageResult[] = [];
    const done = (result: PageResult): void => {
      results.push(result);
      options.onResult?.(result);
    };
    for (const page of pages) {
      if (changed && !changed.has(page.file)) continue;
      done(await this.folders.sendPage(page, 'now', options.dryRun));
    }
    // NOTE: a page the history knows under this site's URL, which no file gives now, was deleted or moved.
    const present = new Set(pages.map((p) => p.url));
    const prefix = publicUrl(folder.baseUrl, '/') ?? folder.baseUrl;
    for (const url of await this.folders.livePagesUnder(prefix)) {
      if (!present.has(url)) done(await this.folders.sendDeleted(url, null, 'now', options.dryRun));
    }
    return results;
  }

  /** The files changed since a date (modification time) or a git ref; null when every file counts. */
  private async changedSince(folder: SiteFolder, files: string[], since?: Date | string): Promise<Set<string> | null> {
    if (since === undefined) return null;
    if (since instanceof Date) {
      const recent = await Promise.all(
        files.map(async (file) => ((await stat(join(folder.root, file))).mtimeMs >= since.getTime() ? file : null)),
      );
      return new Set(recent.filter((f): f is string => f !== null));
    }
    const git = async (args: string[]): Promise<string[]> => {
      try {
        const { stdout } = await run('git', args, { cwd: folder.root, maxBuffer: 16 * 1024 * 1024 });
        return stdout.split('\n').filter((line) => line !== '');
      } catch (error) {
        const detail = ((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n')[0];
        throw new Error(`--since ${since}: not a date, nor a git commit of ${folder.root} (${detail})`);
      }
    };
    await git(['rev-parse', '--verify', '--quiet', `${since}^{commit}`]);
    const [committed, untracked] = await Promise.all([
      git(['diff', '--name-only', '--relative', since, '--', '.']),
      git(['ls-files', '--others', '--exclude-standard', '--', '.']),
    ]);
    return new Set([...committed, ...untracked]);
  }
}
