import { Inject, Optional } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'nest-commander';
import { WebmentionCommand } from './webmention-command';
import type { SendReport, TargetReport } from '../send/send-report';
import { WebmentionSender } from '../send/webmention-sender.service';
import { parseHttpUrl } from '../url/url-validate';
import { COMMAND_OUTPUT, CommandOutput, ExitCode, processOutput } from './cli-output';
import { parseCountOption } from './mention-filter-options';

/** Largest `--max-targets` accepted. */
const MAX_TARGETS_LIMIT = 100_000;

/** Options of `send`. */
interface SendCommandOptions {
  content?: string;
  dryRun?: boolean;
  json?: boolean;
  maxTargets?: number;
}

/** Reads all of standard input as text. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** One line of the human-readable report. */
export function formatTarget(t: TargetReport): string {
  const note = t.stillLinked ? '' : ' [link removed]';
  const http = t.httpStatus !== undefined ? ` (HTTP ${t.httpStatus})` : '';
  switch (t.status) {
    case 'sent':
      return `✓ ${t.target} → ${t.endpoint}${http}${note}`;
    case 'would_send':
      return `· ${t.target} → ${t.endpoint} (dry run: not sent)${note}`;
    case 'no_endpoint':
      return `✗ ${t.target}: no endpoint${note}`;
    default:
      return `✗ ${t.target}${t.endpoint ? ` → ${t.endpoint}` : ''}: ${t.error ?? t.status}${http}${note}`;
  }
}

/** The summary line of a report. */
export function formatSummary(r: SendReport): string {
  const s = r.summary;
  const parts = r.dryRun ? [`${s.wouldSend} would be sent`] : [`${s.sent} sent`, `${s.failed} failed`];
  parts.push(`${s.noEndpoint} without endpoint`, `${s.skipped} skipped over the cap`);
  return `${r.targets.length} target(s)${r.deleted ? ' of a deleted source' : ''}: ${parts.join(', ')}`;
}

/**
 * `send <source-url> [--content <html> | --content -] [--dry-run] [--max-targets <n>] [--json]`: finds the links of a source, discovers
 * their endpoints and notifies them, recording the history. Exit code 0 when every target with an endpoint was
 * notified, 1 when any failed, 2 on bad usage.
 */
@Command({
  name: 'send',
  arguments: '<source-url>',
  description: 'Send Webmentions for every link of a page (fetched, or given with --content)',
  argsDescription: { 'source-url': 'the absolute URL of your page that links to others' },
})
export class SendCommand extends WebmentionCommand {
  constructor(
    private readonly sender: WebmentionSender,
    @Optional() @Inject(COMMAND_OUTPUT) private readonly output: CommandOutput = processOutput,
  ) {
    super();
  }

  @Option({
    flags: '--content <html>',
    description: "the page's HTML instead of fetching it ('-' reads standard input)",
  })
  parseContent(value: string): string {
    return value;
  }

  @Option({ flags: '--dry-run', description: 'discover endpoints and list what would be sent, without sending' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({
    flags: '--max-targets <n>',
    description: "most targets to notify for this page (default: the module's send.maxTargets, 100)",
  })
  parseMaxTargets(value: string): number {
    return parseCountOption('--max-targets', value, MAX_TARGETS_LIMIT);
  }

  @Option({ flags: '--json', description: 'print the report as JSON' })
  parseJson(): boolean {
    return true;
  }

  async run([sourceUrl]: string[], options: SendCommandOptions = {}): Promise<void> {
    const source = parseHttpUrl(sourceUrl ?? '', { label: 'source-url' });
    if (!source.ok) {
      this.output.err(`send: ${source.message}. Example: send https://example.com/my-post`);
      process.exitCode = ExitCode.Usage;
      return;
    }
    const html = options.content === '-' ? await readStdin() : options.content;
    // NOTE: drawn on stderr, and only for a person at a terminal: piped or redirected output stays clean.
    const bar =
      !options.json && process.stdout.isTTY && process.stderr.isTTY
        ? new SingleBar({
            format: 'Sending [{bar}] {value}/{total} {target}',
            hideCursor: true,
            clearOnComplete: true,
            stream: process.stderr,
          })
        : null;
    let started = false;
    const report = await this.sender.send(source.url.href, {
      html,
      dryRun: options.dryRun,
      maxTargets: options.maxTargets,
      onTarget: (result, done, total) => {
        if (!bar) return;
        if (!started) bar.start(total, 0, { target: '' });
        started = true;
        bar.update(done, { target: result.target });
      },
    });
    if (started) bar?.stop();

    if (options.json) {
      this.output.out(JSON.stringify(report, null, 2));
    } else if (report.error) {
      this.output.err(`✗ ${report.source}: ${report.error}`);
    } else {
      for (const t of report.targets) this.output.out(formatTarget(t));
      for (const t of report.overflow) this.output.out(`- ${t}: skipped (over the cap of targets per source)`);
      if (report.targets.length === 0 && report.overflow.length === 0)
        this.output.out(`No links to notify in ${report.source}`);
      this.output.out(formatSummary(report));
    }
    process.exitCode = report.error || report.summary.failed > 0 ? ExitCode.Failed : ExitCode.Ok;
  }
}
