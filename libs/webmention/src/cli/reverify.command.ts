import { Inject, Optional } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { WebmentionCommand } from './webmention-command';
import { WEBMENTION_STATUSES, WebmentionStatus } from '../entities/webmention.entity';
import { ReverifyService, ReverifySelection } from '../verify/reverify.service';
import { WEBMENTION_EXTRAS } from '../webmention.constants';
import type { ResolvedWebmentionExtras } from '../resolve-options';
import { COMMAND_OUTPUT, CommandOutput, ExitCode, processOutput, UsageError } from './cli-output';

/**
 * `reverify [--id ID | --target URL | --status STATUS]`: verifies chosen mentions again. With the Bull queue the
 * jobs go to the workers; with the in-process queue they run here, one by one, and each result is printed.
 */
@Command({ name: 'reverify', description: 'Verify stored Webmentions again (by id, target URL or status)' })
export class ReverifyCommand extends WebmentionCommand {
  constructor(
    private readonly reverifier: ReverifyService,
    @Inject(WEBMENTION_EXTRAS) private readonly extras: ResolvedWebmentionExtras,
    @Optional() @Inject(COMMAND_OUTPUT) private readonly output: CommandOutput = processOutput,
  ) {
    super();
  }

  @Option({ flags: '--id <id>', description: 'the id of one mention' })
  parseId(value: string): number {
    if (!/^\d+$/.test(value)) throw new UsageError(`--id must be a positive whole number (got "${value}")`);
    return Number(value);
  }

  @Option({ flags: '--target <url>', description: 'every mention of this target URL' })
  parseTarget(value: string): string {
    return value;
  }

  @Option({
    flags: '--status <status>',
    description: `every mention in this status (${WEBMENTION_STATUSES.join(', ')})`,
  })
  parseStatus(value: string): WebmentionStatus {
    if (!WEBMENTION_STATUSES.includes(value as WebmentionStatus)) {
      throw new UsageError(`--status must be one of ${WEBMENTION_STATUSES.join(', ')} (got "${value}")`);
    }
    return value as WebmentionStatus;
  }

  async run(_params: string[], options: ReverifySelection = {}): Promise<void> {
    const problem = ReverifyService.validate(options);
    if (problem) {
      this.output.err(`reverify: ${problem}. Example: reverify --status failed`);
      process.exitCode = ExitCode.Usage;
      return;
    }
    if (this.extras.queue === 'bull') {
      const report = await this.reverifier.reverify(options);
      this.output.out(
        `${report.matched} matched, ${report.queued} queued, ${report.alreadyQueued} already queued, ${report.unavailable} not queued (queue unavailable)`,
      );
      process.exitCode = report.unavailable > 0 ? ExitCode.Failed : ExitCode.Ok;
      return;
    }
    let failed = 0;
    const results = await this.reverifier.reverifyNow(options, (w) => {
      if (w.status !== 'verified') failed++;
      const reason = w.failureReason ? ` (${w.failureReason})` : '';
      this.output.out(
        `${w.status === 'verified' ? '✓' : '✗'} #${w.id} ${w.sourceUrl} → ${w.targetUrl}: ${w.status}${reason}`,
      );
    });
    this.output.out(`${results} checked, ${results - failed} verified, ${failed} not verified`);
    process.exitCode = ExitCode.Ok;
  }
}
