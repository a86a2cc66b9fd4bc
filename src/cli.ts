#!/usr/bin/env node
import { Module } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
import { ExitCode, ReverifyCommand, UsageError } from 'nestjs-webmention';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config';

/** The CLI's module: the app's storage and Webmention services, no HTTP server and no queue processor. */
@Module({})
class CliModule {}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(ExitCode.Usage);
  }
  await CommandFactory.run(
    { module: CliModule, imports: [AppModule.forRoot({ role: 'cli', config })], providers: [ReverifyCommand] },
    {
      cliName: 'webmention',
      logger: ['error', 'warn'],
      errorHandler: (error: Error & { code?: string; exitCode?: number }) => {
        // NOTE: commander reports help and version as "errors" with exit code 0.
        if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') process.exit(0);
        if (!error.code?.startsWith('commander.')) process.stderr.write(`${error.message}\n`);
        process.exit(ExitCode.Usage);
      },
      serviceErrorHandler: (error: Error) => {
        process.stderr.write(`${error.message}\n`);
        process.exit(error instanceof UsageError || error instanceof ConfigError ? ExitCode.Usage : ExitCode.Failed);
      },
    },
  );
}

void main();
