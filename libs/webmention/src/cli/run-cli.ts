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
import { BullWebmentionProcessor } from '../queue/bull-webmention.processor';
import { PendingSweeper } from '../queue/pending-sweeper';
import { WebmentionModule } from '../webmention.module';

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

/** A Nest module to run the commands over. */
export type CliModules = Type | DynamicModule | (Type | DynamicModule)[];

/** Providers of the worker role that the CLI leaves out. */
const WORKER_ONLY: unknown[] = [BullWebmentionProcessor, PendingSweeper];

/** The module's own imports: a class's `@Module` metadata, or a dynamic module's list and its class's. */
function importsOf(entry: Type | DynamicModule): unknown[] {
  const cls = typeof entry === 'function' ? entry : entry.module;
  const declared = (Reflect.getMetadata('imports', cls) as unknown[] | undefined) ?? [];
  return typeof entry === 'function' ? declared : [...declared, ...(entry.imports ?? [])];
}

/**
 * Makes every `WebmentionModule` imported under `roots` global and without its queue processor and sweeper, and says
 * whether there was one. NOTE: a host's root module seldom exports `WebmentionModule`, and the commands, registered
 * beside it, need its providers.
 */
export function shareWebmentionModule(roots: (Type | DynamicModule)[]): boolean {
  const seen = new Set<unknown>();
  let found = false;
  const visit = (entry: unknown): void => {
    if (seen.has(entry) || !entry || (typeof entry !== 'function' && typeof entry !== 'object')) return;
    seen.add(entry);
    if (entry instanceof Promise || 'forwardRef' in entry) return;
    const module = entry as Type | DynamicModule;
    if (typeof module === 'object' && module.module === WebmentionModule) {
      module.global = true;
      // NOTE: a command never consumes the queue: without these, a Bull processor would take jobs and keep Redis busy.
      module.providers = module.providers?.filter((p) => !WORKER_ONLY.includes(p as Type));
      found = true;
    }
    if (typeof module === 'function' || typeof module.module === 'function') importsOf(module).forEach(visit);
  };
  roots.forEach(visit);
  return found;
}

/** Options of {@link runWebmentionCli}. */
export interface WebmentionCliOptions {
  /** Name shown in help. @default 'webmention' */
  cliName?: string;
  /** Shown by `--version`. @default none */
  version?: string;
  /** The commands to register. @default WEBMENTION_COMMANDS */
  commands?: Provider[];
}

/**
 * Runs the Webmention CLI over the host's root module (or a list of modules that provide storage and
 * `WebmentionModule`). Usage errors exit 2, failures 1; help and version exit 0. The process exits when the command
 * is done, even when the host's module keeps connections or timers open (a Bull processor, a pool).
 */
export async function runWebmentionCli(modules: CliModules, options: WebmentionCliOptions = {}): Promise<void> {
  const imports = Array.isArray(modules) ? modules : [modules];
  shareWebmentionModule(imports);
  @Module({})
  class WebmentionCliModule {}
  await CommandFactory.run(
    {
      module: WebmentionCliModule,
      imports,
      providers: options.commands ?? WEBMENTION_COMMANDS,
    },
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
  process.exit(process.exitCode ?? ExitCode.Ok);
}
