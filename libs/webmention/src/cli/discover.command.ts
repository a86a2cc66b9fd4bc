import { Inject, Optional } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { WebmentionCommand } from './webmention-command';
import { WebmentionSender } from '../send/webmention-sender.service';
import { parseHttpUrl } from '../url/url-validate';
import { COMMAND_OUTPUT, CommandOutput, ExitCode, processOutput } from './cli-output';

/** Why discovery found nothing, in words. */
const REASONS: Record<string, string> = {
  no_endpoint: 'the page advertises no Webmention endpoint (no Link header, <link> or <a> with rel="webmention")',
  http_status: 'the page answered with an error status',
  blocked_endpoint:
    'the endpoint is on a private or loopback address (set WEBMENTION_ALLOW_PRIVATE_ADDRESSES=true to allow)',
  blocked_address:
    'the page is on a private or loopback address (set WEBMENTION_ALLOW_PRIVATE_ADDRESSES=true to allow)',
  invalid_endpoint: 'the advertised endpoint is not an http(s) URL',
};

/** `discover <target-url> [--json]`: prints a page's Webmention endpoint, or why there is none. Exit 0 found, 1 none, 2 usage. */
@Command({ name: 'discover', arguments: '<target-url>', description: "Discover a page's Webmention endpoint" })
export class DiscoverCommand extends WebmentionCommand {
  constructor(
    private readonly sender: WebmentionSender,
    @Optional() @Inject(COMMAND_OUTPUT) private readonly output: CommandOutput = processOutput,
  ) {
    super();
  }

  @Option({ flags: '--json', description: 'print the result as JSON' })
  parseJson(): boolean {
    return true;
  }

  async run([targetUrl]: string[], options: { json?: boolean } = {}): Promise<void> {
    const target = parseHttpUrl(targetUrl ?? '', { label: 'target-url' });
    if (!target.ok) {
      this.output.err(`discover: ${target.message}. Example: discover https://example.com/post`);
      process.exitCode = ExitCode.Usage;
      return;
    }
    const result = await this.sender.discover(target.url.href);
    if (options.json) this.output.out(JSON.stringify(result, null, 2));
    else if (result.endpoint) this.output.out(result.endpoint);
    else {
      const why = REASONS[result.reason ?? ''] ?? result.reason ?? 'unknown';
      this.output.err(
        `No Webmention endpoint for ${result.target}: ${why}${result.message ? ` (${result.message})` : ''}`,
      );
    }
    process.exitCode = result.endpoint ? ExitCode.Ok : ExitCode.Failed;
  }
}
