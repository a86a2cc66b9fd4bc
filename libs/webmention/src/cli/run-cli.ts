import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
import { ExitCode, UsageError } from './cli-output';
import { DiscoverCommand } from './discover.command';
import { ExportCommand } from './export.command';
import { ImportCommand } from './import.command';
import { ListCommand } from './list.command';
import { MODERATION_COMMANDS } from './moderate.command';
import { ReverifyCommand } from './reverify.command';
import { ScanCommand } from './scan.command';
import { SendCommand } from './send.command';
import { WatchCommand } from './watch.command';
import { exitCodeOf } from './webmention-command';

/** The library's commands, to register as providers of a nest-commander root module. */
export const WEBMENTION_COMMANDS: Provider[] = [
  SendCommand,
  DiscoverCommand,
  ReverifyCommand,
  ListCommand,
  ...MODERATION_COMMANDS,
  WatchCommand,
  ScanCommand,
  ImportCommand,
  ExportCommand,
];

/**
 * Runs the Webmention CLI over `imports` (modules that provide storage and `WebmentionModule` with
 * `processor: false, controllers: false`). Usage errors exit 2, failures 1; help and version exit 0.
 */
export async function runWebmentionCli(
  imports: (DynamicModule | Type)[],
  options: { cliName?: string; version?: string } = {},
): Promise<void> {
  @Module({})
  class WebmentionCliModule {}
  await CommandFactory.run(
    { module: WebmentionCliModule, imports, providers: WEBMENTION_COMMANDS },
    {
      cliName: options.cliName ?? 'webmention',
      version: options.version,
      logger: ['error', 'warn'],
      errorHandler: (error: Error & { code?: string }) => {
        if (!error.code?.startsWith('commander.')) process.stderr.write(`${error.message}\n`);
        process.exit(exitCodeOf({ code: error.code ?? '' }));
      },
      serviceErrorHandler: (error: Error) => {
        process.stderr.write(`${error.message}\n`);
        process.exit(error instanceof UsageError ? ExitCode.Usage : ExitCode.Failed);
      },
    },
  );
}
