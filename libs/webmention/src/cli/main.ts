#!/usr/bin/env node
// NOTE: first, so that nest-commander finds the stand-in for inquirer.
import './defer-inquirer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, UsageError } from './cli-output';
import { DiscoverCommand } from './discover.command';
import { findHostModule, loadHostModule } from './host-module';
import { runWebmentionCli } from './run-cli';
import { SendCommand } from './send.command';
import { needsHostModule, StatelessCliModule } from './stateless-cli.module';

/**
 * The `webmention` command of the installed package. It runs over the host's root module, found through
 * `--module <path>`, `WEBMENTION_MODULE` or a `webmention.config.{js,cjs,mjs,ts}` in the current folder (see
 * {@link findHostModule}). Without one, `discover` and `send --dry-run` work (BASE_URL and
 * WEBMENTION_ALLOW_PRIVATE_ADDRESSES=true set their options) and the other commands say what is missing.
 */
async function main(): Promise<void> {
  const version = packageVersion();
  const host = findHostModule(process.argv.slice(2));
  // NOTE: nest-commander reads process.argv; `--module` is the bin's own option, not a command's.
  process.argv.splice(2, process.argv.length, ...host.args);
  if (host.path) return runWebmentionCli(await loadHostModule(host.path), { version });
  const missing = needsHostModule(host.args);
  if (missing) throw new UsageError(missing);
  return runWebmentionCli(StatelessCliModule, { version, commands: [SendCommand, DiscoverCommand] });
}

/** The package's version, from the package.json two folders up (dist/cli/main.js), when it is there. */
function packageVersion(): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(error instanceof UsageError ? ExitCode.Usage : ExitCode.Failed);
});
