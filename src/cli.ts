#!/usr/bin/env node
import { ExitCode, runWebmentionCli } from 'nestjs-webmention/cli';
import { AppModule } from './app.module';
import { loadConfig } from './config';

/** The example blog's CLI (`npm run cli -- --help`): the library's commands over the blog's database and providers. */
function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(ExitCode.Usage);
  }
  return runWebmentionCli([AppModule.forRoot({ role: 'cli', config })]);
}

void main();
