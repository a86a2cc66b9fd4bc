import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { FSWatcher } from 'chokidar';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { FolderSender, PageResult } from './folder-sender.service';
import { SiteFolder } from './site-folder';
import type { WatchFolderOptions } from './watch-options';

/** One thing the watcher did: a page sent for, or a file it could not read. */
export type WatchEvent = { kind: 'page'; result: PageResult } | { kind: 'error'; file: string; message: string };

/** A running watch of one folder. */
export interface FolderWatch {
  /** Resolves once the folder's existing files are known (changes after it are sent for). */
  ready: Promise<void>;
  /** Stops watching; sends already started finish first. */
  close(): Promise<void>;
}

/** Default debounce of a file's changes. */
export const DEFAULT_DEBOUNCE_MS = 500;

/**
 * Watches a static site's folder with chokidar (recursive; dot-folders, editor temporary and swap files and other
 * extensions ignored) and sends Webmentions when a page is added, edited or deleted, once per burst of saves.
 * Started with the app by the `watch` option, or by the CLI's `watch` command.
 */
@Injectable()
export class FileSystemMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebmentionWatch');
  private readonly watches = new Set<FolderWatch>();

  constructor(
    private readonly folders: FolderSender,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  onApplicationBootstrap(): void {
    const watchOptions = this.options.watch;
    if (!watchOptions) return;
    this.watch(watchOptions, (event) => {
      if (event.kind === 'error') this.logger.warn(`${event.file}: ${event.message}`);
      else this.logger.log(`${event.result.status}: ${event.result.url}${event.result.deleted ? ' (deleted)' : ''}`);
    });
  }

  /** Resolves once every folder watched now knows its existing files. */
  async ready(): Promise<void> {
    await Promise.all([...this.watches].map((w) => w.ready));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.watches].map((w) => w.close()));
  }

  /** Starts watching `options.dir`; `listener` hears of every page sent for and every file that failed. */
  watch(options: WatchFolderOptions, listener: (event: WatchEvent) => void = () => undefined): FolderWatch {
    const folder = new SiteFolder(options);
    const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    const mode = options.mode ?? 'queue';
    // NOTE: the URL of every file seen, so a deleted file (whose front matter is gone) is sent for at its URL.
    const urls = new Map<string, string>();
    const timers = new Map<string, NodeJS.Timeout>();
    const running = new Set<Promise<void>>();
    let initial = true;

    const settle = async (file: string): Promise<void> => {
      try {
        const page = await folder.read(file).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return undefined;
          throw error;
        });
        const known = urls.get(file);
        if (page === undefined) {
          urls.delete(file);
          if (known && !initial) listener({ kind: 'page', result: await this.folders.sendDeleted(known, file, mode) });
          return;
        }
        if (page === null) return;
        urls.set(file, page.url);
        if (initial) return;
        // NOTE: a page whose front matter moved it to another URL is deleted at the old one.
        if (known && known !== page.url)
          listener({ kind: 'page', result: await this.folders.sendDeleted(known, file, mode) });
        listener({ kind: 'page', result: await this.folders.sendPage(page, mode) });
      } catch (error) {
        listener({ kind: 'error', file, message: (error as Error).message });
      }
    };
    const schedule = (path: string): void => {
      const file = folder.relativePath(path);
      if (file === null || !folder.reads(file)) return;
      clearTimeout(timers.get(file));
      timers.set(
        file,
        setTimeout(() => {
          timers.delete(file);
          const work = settle(file).finally(() => running.delete(work));
          running.add(work);
        }, debounceMs),
      );
    };

    // NOTE: chokidar loads when a watch starts: the other commands and most processes never watch.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { watch } = require('chokidar') as typeof import('chokidar');
    const watcher: FSWatcher = watch(folder.root, {
      ignored: (path, stats) => {
        const rel = folder.relativePath(path);
        if (rel === null) return false;
        return stats?.isDirectory() ? folder.ignoresFolder(rel) : folder.ignoresFolder(rel.replace(/[^/]*$/, ''));
      },
      // NOTE: chokidar's atomic mode folds an editor's write-to-temp-then-rename into one change.
      atomic: true,
    });
    const initialFiles: Promise<void>[] = [];
    watcher.on('add', (path) => {
      if (!initial) return schedule(path);
      const file = folder.relativePath(path);
      if (file !== null && folder.reads(file)) initialFiles.push(settle(file));
    });
    watcher.on('change', schedule);
    watcher.on('unlink', schedule);
    watcher.on('error', (error) => listener({ kind: 'error', file: folder.root, message: (error as Error).message }));
    const ready = new Promise<void>((resolve) =>
      watcher.once('ready', () => {
        void Promise.all(initialFiles).then(() => {
          initial = false;
          resolve();
        });
      }),
    );

    const handle: FolderWatch = {
      ready,
      close: async () => {
        this.watches.delete(handle);
        for (const timer of timers.values()) clearTimeout(timer);
        timers.clear();
        await watcher.close();
        await Promise.all([...running]);
      },
    };
    this.watches.add(handle);
    return handle;
  }
}
