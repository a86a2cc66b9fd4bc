import { Inject, Optional } from '@nestjs/common';
import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'nest-commander';
import { Jf2TransferService } from '../api/jf2-transfer.service';
import { parseHttpUrl } from '../url/url-validate';
import { COMMAND_OUTPUT, CommandOutput, ExitCode, processOutput, UsageError } from './cli-output';
import { WebmentionCommand } from './webmention-command';

/** Options of `export`. */
interface ExportCommandOptions {
  target?: string;
  output?: string;
}

/**
 * `export --jf2 [--target URL] [--output FILE]`: the verified, approved mentions as a jf2 feed in webmention.io's
 * `mentions.jf2` shape (on standard output, or into a file), which `import` reads back to the same rows.
 */
@Command({ name: 'export', description: "Export mentions as a jf2 feed (webmention.io's mentions.jf2 shape)" })
export class ExportCommand extends WebmentionCommand {
  constructor(
    private readonly transfer: Jf2TransferService,
    @Optional() @Inject(COMMAND_OUTPUT) private readonly output: CommandOutput = processOutput,
  ) {
    super();
  }

  @Option({ flags: '--jf2', description: 'write jf2 (the one format, and the default)' })
  parseJf2(): boolean {
    return true;
  }

  @Option({ flags: '--target <url>', description: 'only the mentions of this page' })
  parseTarget(value: string): string {
    const target = parseHttpUrl(value, { label: '--target' });
    if (!target.ok) throw new UsageError(`export: ${target.message}`);
    return target.url.href;
  }

  @Option({ flags: '--output <file>', description: 'write the feed to this file instead of standard output' })
  parseOutput(value: string): string {
    return value;
  }

  async run(_args: string[], options: ExportCommandOptions = {}): Promise<void> {
    const feed = await this.transfer.export(options.target);
    const text = JSON.stringify(feed, null, 2);
    if (options.output) {
      await writeFile(options.output, `${text}\n`);
      this.output.err(`${feed.children.length} mention(s) written to ${options.output}`);
    } else {
      this.output.out(text);
    }
    process.exitCode = ExitCode.Ok;
  }
}
