import { Inject, Injectable, Optional } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { ModerationAction, ModerationReport, ModerationService } from '../moderate/moderation.service';
import { wouldChange } from '../moderate/moderation-change';
import type { ResolvedWebmentionExtras } from '../resolve-options';
import { WebmentionStore } from '../storage/webmention.store';
import { VerificationService } from '../verify/verification.service';
import { WEBMENTION_EXTRAS } from '../webmention.constants';
import { COMMAND_OUTPUT, CommandOutput, ExitCode, processOutput, UsageError } from './cli-output';
import {
  FILTER_FLAGS,
  MentionFilterCommand,
  MentionFilterOptions,
  parseIds,
  selectionOf,
} from './mention-filter-options';
import { formatMentionLine, formatModerationSummary, formatReportIds, formatVerification } from './mention-format';

/** Options of the moderation commands. */
export interface ModerationCommandOptions extends MentionFilterOptions {
  dryRun?: boolean;
  json?: boolean;
}

/**
 * `<action> [ids...] [filters] [--dry-run] [--json]`: applies a moderation action to mentions named by id or chosen
 * with filter options (never to every mention by accident). Exit 0 done, 1 nothing matched, 2 bad usage.
 */
@Injectable()
export abstract class ModerationCommand extends MentionFilterCommand {
  /** The action this command applies. */
  protected abstract readonly action: ModerationAction;
  /** The command's name on the command line. */
  protected abstract readonly commandName: string;

  constructor(
    protected readonly moderation: ModerationService,
    protected readonly store: WebmentionStore,
    protected readonly verification: VerificationService,
    @Inject(WEBMENTION_EXTRAS) protected readonly extras: ResolvedWebmentionExtras,
    @Optional() @Inject(COMMAND_OUTPUT) protected readonly output: CommandOutput = processOutput,
  ) {
    super();
  }

  @Option({ flags: '--dry-run', description: 'list the selected mentions and what would change, changing nothing' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'print the report as JSON' })
  parseJson(): boolean {
    return true;
  }

  async run(params: string[], options: ModerationCommandOptions = {}): Promise<void> {
    const name = this.commandName;
    let ids: number[];
    try {
      ids = parseIds(params);
    } catch (error) {
      return this.usage(`${name}: ${(error as UsageError).message}`);
    }
    const selection = selectionOf(ids, options);
    if (!selection) return this.usage(`${name}: give mention ids or at least one filter option (${FILTER_FLAGS})`);
    const problem = ModerationService.validate(this.action, selection);
    if (problem) return this.usage(`${name}: ${problem}`);

    const report = await this.moderation.apply(this.action, selection, { dryRun: options.dryRun });
    if (options.json) this.output.out(JSON.stringify(report, null, 2));
    else await this.print(report);
    if (!report.dryRun && this.action === 'not_spam' && this.extras.queue === 'inline')
      await this.verifyNow(report, options.json === true);
    if (report.matched === 0) this.output.err('No mentions match the selection.');
    process.exitCode = report.matched > 0 ? ExitCode.Ok : ExitCode.Failed;
  }

  private usage(message: string): void {
    const name = this.commandName;
    this.output.err(`${message}. Example: ${name} 12 13, or ${name} --source-host spam.example --dry-run`);
    process.exitCode = ExitCode.Usage;
  }

  private async print(report: ModerationReport): Promise<void> {
    if (report.dryRun && report.ids.length > 0) {
      // NOTE: '·' would change, '=' is already as the action would leave it.
      for await (const row of this.store.each({ ids: report.ids }))
        this.output.out(`${wouldChange(this.action, row) ? '·' : '='} ${formatMentionLine(row)}`);
    }
    this.output.out(`${this.commandName}: ${formatModerationSummary(report)}`);
    if (!report.dryRun && report.ids.length > 0) this.output.out(formatReportIds(report));
  }

  /**
   * NOTE: a CLI with the in-process queue has no processor, so the re-verification not-spam queues cannot run; the
   * mentions it turned pending are verified here and now instead (beyond the report's ids, the app's sweeper does it).
   */
  private async verifyNow(report: ModerationReport, quiet: boolean): Promise<void> {
    for (const id of report.ids) {
      if ((await this.store.findById(id))?.status !== 'pending') continue;
      await this.verification.verify(id);
      const row = await this.store.findById(id);
      if (row && !quiet) this.output.out(formatVerification(row));
    }
  }
}

/** `approve [ids...] [filters]`: shows the mentions (moderation approved). */
@Command({ name: 'approve', arguments: '[ids...]', description: 'Approve Webmentions (by id or filter options)' })
export class ApproveCommand extends ModerationCommand {
  protected readonly action = 'approve';
  protected readonly commandName = 'approve';
}

/** `reject [ids...] [filters]`: hides the mentions (moderation rejected). */
@Command({ name: 'reject', arguments: '[ids...]', description: 'Reject Webmentions (by id or filter options)' })
export class RejectCommand extends ModerationCommand {
  protected readonly action = 'reject';
  protected readonly commandName = 'reject';
}

/** `spam [ids...] [filters]`: marks the mentions spam and teaches the spam checker. */
@Command({ name: 'spam', arguments: '[ids...]', description: 'Mark Webmentions as spam (by id or filter options)' })
export class SpamCommand extends ModerationCommand {
  protected readonly action = 'spam';
  protected readonly commandName = 'spam';
}

/** `not-spam [ids...] [filters]`: approves the mentions, teaches the checker and verifies them again. */
@Command({
  name: 'not-spam',
  arguments: '[ids...]',
  description: 'Mark Webmentions as not spam, approve and verify them again (by id or filter options)',
})
export class NotSpamCommand extends ModerationCommand {
  protected readonly action = 'not_spam';
  protected readonly commandName = 'not-spam';
}

/** `delete [ids...] [filters]`: deletes the mentions and their comments. */
@Command({ name: 'delete', arguments: '[ids...]', description: 'Delete Webmentions (by id or filter options)' })
export class DeleteCommand extends ModerationCommand {
  protected readonly action = 'delete';
  protected readonly commandName = 'delete';
}

/** The moderation commands, for the CLI's providers (`reverify` is its own command). */
export const MODERATION_COMMANDS = [ApproveCommand, RejectCommand, SpamCommand, NotSpamCommand, DeleteCommand];
