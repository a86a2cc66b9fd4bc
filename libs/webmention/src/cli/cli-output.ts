/** Exit codes of the library's commands. */
export const ExitCode = { Ok: 0, Failed: 1, Usage: 2 } as const;

/** Thrown by a command for bad usage; the CLI prints the message and exits with {@link ExitCode.Usage}. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Where commands write; replaceable in tests. */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

/** Writes to the process's stdout and stderr. */
export const processOutput: CommandOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Injection token of the {@link CommandOutput} commands write to. */
export const COMMAND_OUTPUT = Symbol('WEBMENTION:COMMAND_OUTPUT');
