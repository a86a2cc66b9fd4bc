import { Inject, Optional } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { toPublicWebmention } from '../api/public-webmention';
import { WebmentionStore } from '../storage/webmention.store';
import { COMMAND_OUTPUT, CommandOutput, ExitCode, processOutput } from './cli-output';
import {
  MentionFilterCommand,
  MentionFilterOptions,
  parseCountOption,
  toMentionFilter,
} from './mention-filter-options';
import { formatMentionLine } from './mention-format';

/** Options of `list`. */
interface ListCommandOptions extends MentionFilterOptions {
  limit?: number;
  json?: boolean;
}

/** Most mentions one `list` prints. */
const MAX_LIST = 1000;
/** Mentions `list` prints without `--limit`. */
const DEFAULT_LIST = 50;

/**
 * `list [filters] [--limit N] [--json]`: the newest stored mentions the filters select, one line each (or a JSON
 * array). Exit 0 when some matched, 1 when none did, 2 on bad usage.
 */
@Command({ name: 'list', description: 'List stored Webmentions, newest first (filter by status, host, target, …)' })
export class ListCommand extends MentionFilterCommand {
  constructor(
    private readonly store: WebmentionStore,
    @Optional() @Inject(COMMAND_OUTPUT) private readonly output: CommandOutput = processOutput,
  ) {
    super();
  }

  @Option({ flags: '--limit <n>', description: `how many to show, 1 to ${MAX_LIST} (default ${DEFAULT_LIST})` })
  parseLimit(value: string): number {
    return parseCountOption('--limit', value, MAX_LIST);
  }

  @Option({ flags: '--json', description: 'print the mentions as a JSON array' })
  parseJson(): boolean {
    return true;
  }

  async run(_params: string[], options: ListCommandOptions = {}): Promise<void> {
    const filter = toMentionFilter(options);
    const limit = options.limit ?? DEFAULT_LIST;
    const page = await this.store.list(filter, { limit });
    if (options.json) {
      this.output.out(JSON.stringify(page.items.map(toPublicWebmention), null, 2));
    } else if (page.items.length === 0) {
      this.output.err('No mentions match.');
    } else {
      for (const w of page.items) this.output.out(formatMentionLine(w));
      if (page.next) {
        const { count } = await this.store.countByType(filter);
        this.output.out(`${page.items.length} of ${count} matching mention(s), newest first (see more with --limit)`);
      } else {
        this.output.out(`${page.items.length} mention(s)`);
      }
    }
    process.exitCode = page.items.length > 0 ? ExitCode.Ok : ExitCode.Failed;
  }
}
