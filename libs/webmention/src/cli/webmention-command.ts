import { CommandRunner } from 'nest-commander';
import { ExitCode } from './cli-output';

/** commander's Command, as nest-commander's own copy of commander types it. */
type CommanderCommand = Parameters<CommandRunner['setCommand']>[0];

/** Help and version are reported by commander as errors with these codes; they are not failures. */
const NOT_FAILURES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/** Exit code for a commander parse error: 0 for help, 2 (usage) for everything else. */
export function exitCodeOf(error: { code: string }): number {
  return NOT_FAILURES.has(error.code) ? ExitCode.Ok : ExitCode.Usage;
}

/**
 * Base of the library's commands. NOTE: nest-commander sets `exitOverride` on the root program only, so a
 * subcommand's parse errors (a missing argument, a bad option) would exit 1; here they exit 2 like other usage errors.
 */
export abstract class WebmentionCommand extends CommandRunner {
  override setCommand(command: CommanderCommand): this {
    command.exitOverride((error) => process.exit(exitCodeOf(error)));
    return super.setCommand(command);
  }
}
