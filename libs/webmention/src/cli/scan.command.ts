import { Inject, Optional } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { FolderScan } from '../watch/folder-scan.service';
import { COMMAND_OUTPUT, CommandOutput, ExitCode, processOutput, UsageError } from './cli-output';
import { formatPage, formatPagesSummary, summarizePages } from './folder-format';
import { FolderCommand, FolderCommandOptions, folderOptions } from './folder-options';

/** Options of `scan`. */
interface ScanCommandOptions extends FolderCommandOptions {
  dryRun?: boolean;
  json?: boolean;
  since?: string;
}

/** A `--since` value: an ISO 8601 date (or date-time), else a git ref. */
export function parseSince(value: string): Date | string {
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(date.getTime())) throw new UsageError(`scan: --since ${value} is not a valid date`);
    return date;
  }
  if (value.trim() === '' || value.startsWith('-')) throw new UsageError(`scan: --since needs a date or a git ref`);
  return value;
}

/**
 * `scan <dir> --base-url <url> [--dry-run] [--json] [--since <date|git-ref>] [--extensions …] [--map <pattern>]`:
 * one pass over a static site's folder, sending for every page changed since it was last sent for and every page
 * deleted since. Exit 0 when every delivery worked, 1 when any failed, 2 on bad usage.
 */
@Command({
  name: 'scan',
  arguments: '<dir>',
  description: "Send Webmentions for every changed or deleted page of a static site's folder (once per change)",
  argsDescription: { dir: 'the folder of the site (its sources or its build output)' },
})
export class ScanCommand extends FolderCommand {
  constructor(
    private readonly scanner: FolderScan,
    @Optional() @Inject(COMMAND_OUTPUT) private readonly output: CommandOutput = processOutput,
  ) {
    super();
  }

  @Option({ flags: '--since <date|git-ref>', description: 'only files changed since this date or git commit' })
  parseSince(value: string): string {
    return value;
  }

  @Option({ flags: '--dry-run', description: 'list what would be sent, without sending or recording' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'print the results as JSON' })
  parseJson(): boolean {
    return true;
  }

  async run([dir]: string[], options: ScanCommandOptions = {}): Promise<void> {
    const folder = folderOptions('scan', dir, options);
    const since = options.since === undefined ? undefined : parseSince(options.since);
    const results = await this.scanner
      .scan({
        ...folder,
        since,
        dryRun: options.dryRun,
        onResult: (result) => {
          if (!options.json && result.status !== 'unchanged')
            for (const line of formatPage(result)) this.output.out(line);
        },
      })
      .catch((error: Error) => {
        if (error.message.startsWith('--since')) throw new UsageError(`scan: ${error.message}`);
        throw error;
      });
    if (options.json) this.output.out(JSON.stringify({ pages: results, summary: summarizePages(results) }, null, 2));
    else this.output.out(formatPagesSummary(results));
    process.exitCode = results.some((r) => r.status === 'failed') ? ExitCode.Failed : ExitCode.Ok;
  }
}
