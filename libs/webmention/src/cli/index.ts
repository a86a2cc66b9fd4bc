/**
 * `nestjs-webmention/cli`: the library's commands for the host's own CLI (needs the optional peers `nest-commander`
 * and `cli-progress`). A host entry in three lines:
 *
 * ```ts
 * import { runWebmentionCli } from 'nestjs-webmention/cli';
 * import { AppModule } from './app.module';
 * void runWebmentionCli(AppModule);
 * ```
 */
export { ExitCode, UsageError } from './cli-output';
export { runWebmentionCli, WEBMENTION_COMMANDS } from './run-cli';
export { findHostModule, loadHostModule, WEBMENTION_CONFIG_FILES } from './host-module';
