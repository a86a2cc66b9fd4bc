import { Inject, Optional } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { Jf2FeedError } from '../api/jf2-import';
import { Jf2ImportReport, Jf2TransferService } from '../api/jf2-transfer.service';
import { COMMAND_OUTPUT, CommandOutput, ExitCode, processOutput, UsageError } from './cli-output';
import { WebmentionCommand } from './webmention-command';

/** Options of `import`. */
interface ImportCommandOptions {
  jf2?: string;
  status?: 'verified' | 'pending';
  reverify?: boolean;
  private?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** The lines of an import's report. */
export function formatImport(report: Jf2ImportReport): string[] {
  const verb = report.dryRun ? 'would be imported' : 'imported';
  const lines = [
    `${report.read} entries: ${report.imported} ${verb}, ${report.existing} already stored, ${report.skipped.length} skipped` +
      (report.reverified > 0 ? `; ${report.reverified} queued for verification` : ''),
  ];
  for (const s of report.skipped) lines.push(`- entry ${s.index}: ${s.reason}`);
  return lines;
}

/**
 * `import --jf2 <file|url> [--status verified|pending] [--reverify] [--private] [--dry-run] [--json]`: brings in the
 * mentions of a jf2 feed exported by webmention.io (`mentions.jf2`), once per pair. Exit 0 when the feed was read
 * (skipped entries are reported), 1 when it could not be, 2 on bad usage.
 */
@Command({
  name: 'import',
  arguments: '[file-or-url]',
  description: "Import mentions from a jf2 feed, as webmention.io's mentions.jf2 exports them",
  argsDescription: { 'file-or-url': 'the feed (the same as --jf2)' },
})
export class ImportCommand extends WebmentionCommand {
  constructor(
    private readonly transfer: Jf2TransferService,
    @Optional() @Inject(COMMAND_OUTPUT) private readonly output: CommandOutput = processOutput,
  ) {
    super();
  }

  @Option({ flags: '--jf2 <file|url>', description: 'the jf2 feed: a file, or an http(s) URL' })
  parseJf2(value: string): string {
    return value;
  }

  @Option({
    flags: '--status <status>',
    description: 'verified (shown at once, the default) or pending (verified here)',
  })
  parseStatus(value: string): 'verified' | 'pending' {
    if (value !== 'verified' && value !== 'pending')
      throw new UsageError(`import: --status must be verified or pending (got "${value}")`);
    return value;
  }

  @Option({ flags: '--reverify', description: 'queue a fresh verification of every imported mention' })
  parseReverify(): boolean {
    return true;
  }

  @Option({ flags: '--private', description: 'also import private entries (wm-private), held for moderation' })
  parsePrivate(): boolean {
    return true;
  }

  @Option({ flags: '--dry-run', description: 'check the feed and count what would be imported, storing nothing' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'print the report as JSON' })
  parseJson(): boolean {
    return true;
  }

  async run([location]: string[], options: ImportCommandOptions = {}): Promise<void> {
    const feed = options.jf2 ?? location;
    if (!feed) throw new UsageError('import: name the feed. Example: import --jf2 mentions.jf2');
    let report: Jf2ImportReport;
    try {
      report = await this.transfer.import(await this.transfer.load(feed), {
        status: options.status,
        reverify: options.reverify,
        includePrivate: options.private,
        dryRun: options.dryRun,
      });
    } catch (error) {
      if (!(error instanceof Jf2FeedError)) throw error;
      this.output.err(`import: ${error.message}`);
      process.exitCode = ExitCode.Failed;
      return;
    }
    if (options.json) this.output.out(JSON.stringify(report, null, 2));
    else for (const line of formatImport(report)) this.output.out(line);
    process.exitCode = ExitCode.Ok;
  }
}
