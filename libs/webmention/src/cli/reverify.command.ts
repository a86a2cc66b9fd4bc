import { Inject, Optional } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { MAX_REPORT_IDS, ModerationSelection, ModerationService } from '../moderate/moderation.service';
import { selectionFilter } from '../moderate/moderation-selection';
import type { ResolvedWebmentionExtras } from '../resolve-options';
import { WebmentionStore } from '../storage/webmention.store';
import { ReverifyReport, ReverifyService } from '../verify/reverify.service';
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
import { formatMentionLine, formatModerationSummary, formatVerification } from './mention-format';

/** Options of `reverify`. */
interface ReverifyCommandOptions extends MentionFilterOptions {
  id?: number;
  dryRun?: boolean;
  json?: boolean;
}

/**
 * `reverify [ids...] [--id ID] [filters] [--dry-run] [--json]`: verifies chosen mentions again. With the Bull queue the
 * jobs go to the workers; with the in-process queue they run here, one by one, and each result is printed.
 * Exit 0 done, 1 nothing matched (or the queue could not take a job), 2 bad usage.
 */
@Command({
  name: 'reverify',
  arguments: '[ids...]',
  description: 'Verify stored Webmentions again (by id, or filter options such as --status failed)',
})
export class ReverifyCommand extends MentionFilterCommand {
  constructor(
    private readonly reverifier: ReverifyService,
    private readonly verification: VerificationService,
    private readonly store: WebmentionStore,
    private readonly moderation: ModerationService,
    @Inject(WEBMENTION_EXTRAS) private readonly extras: ResolvedWebmentionExtras,
    @Optional() @Inject(COMMAND_OUTPUT) private readonly output: CommandOutput = processOutput,
  ) {
    super();
  }

  @Option({ flags: '--id <id>', description: 'the id of one mention (the same as giving it as an argument)' })
  parseId(value: string): number {
    return parseIds([value])[0];
  }

  @Option({ flags: '--dry-run', description: 'list the mentions that would be verified, verifying nothing' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'print the report as JSON' })
  parseJson(): boolean {
    return true;
  }

  async run(params: string[], options: ReverifyCommandOptions = {}): Promise<void> {
    let ids: number[];
    try {
      ids = [...parseIds(params), ...(options.id !== undefined ? [options.id] : [])];
    } catch (error) {
      return this.usage(`reverify: ${(error as UsageError).message}`);
    }
    const selection = selectionOf(ids, options);
    if (!selection) {
      return this.usage(`reverify: choose what to verify again: ids, or filter options (${FILTER_FLAGS})`);
    }
    const problem = ModerationService.validate('reverify', selection);
    if (problem) return this.usage(`reverify: ${problem}`);

    let matched: number;
    if (options.dryRun) {
      const report = await this.moderation.apply('reverify', selection, { dryRun: true });
      if (options.json) this.output.out(JSON.stringify(report, null, 2));
      else {
        for await (const row of this.store.each({ ids: report.ids })) this.output.out(`· ${formatMentionLine(row)}`);
        this.output.out(`reverify: ${formatModerationSummary(report)}`);
      }
      matched = report.matched;
    } else if (this.extras.queue === 'bull') {
      const report = await this.queueAll(selection);
      if (options.json) this.output.out(JSON.stringify({ action: 'reverify', dryRun: false, ...report }, null, 2));
      else
        this.output.out(
          `${report.matched} matched, ${report.queued} queued, ${report.alreadyQueued} already queued, ${report.unavailable} not queued (queue unavailable)`,
        );
      if (report.unavailable > 0) return void (process.exitCode = ExitCode.Failed);
      matched = report.matched;
    } else {
      matched = await this.verifyAllNow(selection, options.json === true);
    }
    if (matched === 0) this.output.err('No mentions match the selection.');
    process.exitCode = matched > 0 ? ExitCode.Ok : ExitCode.Failed;
  }

  private usage(message: string): void {
    this.output.err(`${message}. Example: reverify --status failed`);
    process.exitCode = ExitCode.Usage;
  }

  /** Queues a verification of every selected mention, counting what became of each job. */
  private async queueAll(selection: ModerationSelection): Promise<ReverifyReport & { ids: number[] }> {
    const total: ReverifyReport & { ids: number[] } = {
      matched: 0,
      queued: 0,
      alreadyQueued: 0,
      unavailable: 0,
      ids: [],
    };
    for await (const row of this.store.each(selectionFilter(selection))) {
      const one = await this.reverifier.reverify({ id: row.id });
      total.matched += one.matched;
      total.queued += one.queued;
      total.alreadyQueued += one.alreadyQueued;
      total.unavailable += one.unavailable;
      if (total.ids.length < MAX_REPORT_IDS) total.ids.push(row.id);
    }
    return total;
  }

  /** Verifies every selected mention here and now, printing each result; resolves how many were checked. */
  private async verifyAllNow(selection: ModerationSelection, json: boolean): Promise<number> {
    const results: { id: number; status: string; failureReason: string | null }[] = [];
    let failed = 0;
    for await (const { id } of this.store.each(selectionFilter(selection))) {
      await this.verification.verify(id);
      const row = await this.store.findById(id);
      if (!row) continue;
      if (row.status !== 'verified') failed++;
      results.push({ id, status: row.status, failureReason: row.failureReason });
      if (!json) this.output.out(formatVerification(row));
    }
    if (json)
      this.output.out(JSON.stringify({ action: 'reverify', dryRun: false, matched: results.length, results }, null, 2));
    else if (results.length > 0)
      this.output.out(`${results.length} checked, ${results.length - failed} verified, ${failed} not verified`);
    return results.length;
  }
}
