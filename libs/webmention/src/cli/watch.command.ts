import { Inject, Optional } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { FileSystemMonitor } from '../watch/file-system-monitor.service';
import { COMMAND_OUTPUT, CommandOutput, ExitCode, processOutput, UsageError } from './cli-output';
import { formatPage } from './folder-format';
import { FolderCommand, FolderCommandOptions, folderOptions } from './folder-options';

/** Options of `watch`. */
interface WatchCommandOptions extends FolderCommandOptions {
  debounce?: number;
}

/**
 * `watch <dir> --base-url <url> [--extensions …] [--map <pattern>] [--debounce <ms>]`: watches a static site's
 * folder and sends for every page added, edited or deleted, a line per change and per target; stops on Ctrl-C
 * (SIGINT) or SIGTERM with exit 0.
 */
@Command({
  name: 'watch',
  arguments: '<dir>',
  description: "Watch a static site's folder and send Webmentions when a page is added, edited or deleted",
  argsDescription: { dir: 'the folder of the site (its sources or its build output)' },
})
export class WatchCommand extends FolderCommand {
  constructor(
    private readonly monitor: FileSystemMonitor,
    @Optional() @Inject(COMMAND_OUTPUT) private readonly output: CommandOutput = processOutput,
  ) {
    super();
  }

  @Option({ flags: '--debounce <ms>', description: "quiet time after a file's last change before sending (500)" })
  parseDebounce(value: string): number {
    const ms = Number(value);
    if (!Number.isInteger(ms) || ms < 0) throw new UsageError(`watch: --debounce must be milliseconds (got ${value})`);
    return ms;
  }

  async run([dir]: string[], options: WatchCommandOptions = {}): Promise<void> {
    const folder = folderOptions('watch', dir, options);
    const watch = this.monitor.watch({ ...folder, mode: 'now', debounceMs: options.debounce }, (event) => {
      if (event.kind === 'error') {
        this.output.err(`✗ ${event.file}: ${event.message}`);
      } else {
        for (const line of formatPage(event.result)) this.output.out(line);
      }
    });
    await watch.ready;
    this.output.out(`Watching ${folder.dir} for ${folder.baseUrl} (Ctrl-C stops)`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await watch.close();
    this.output.out('Stopped.');
    // NOTE: a signal is the normal end of a watch; a file that could not be read was reported, and is not fatal.
    process.exitCode = ExitCode.Ok;
  }
}
