import type { DynamicModule, Type } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from './cli-output';

/** Files the `webmention` bin looks for in the current folder, in this order, when no module is given. */
export const WEBMENTION_CONFIG_FILES = [
  'webmention.config.js',
  'webmention.config.cjs',
  'webmention.config.mjs',
  'webmention.config.ts',
] as const;

/** Where the host's module was found, and the arguments left for the commands. */
export interface HostModuleLocation {
  /** Absolute path of the file, or null when none was given or found. */
  path: string | null;
  /** How it was found. */
  from: '--module' | 'WEBMENTION_MODULE' | 'config file' | null;
  /** The command-line arguments without `--module`. */
  args: string[];
}

/**
 * Finds the host's module for the `webmention` bin: `--module <path>` (or `--module=<path>`), else the
 * `WEBMENTION_MODULE` environment variable, else the first of {@link WEBMENTION_CONFIG_FILES} in `cwd`.
 */
export function findHostModule(
  args: string[],
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): HostModuleLocation {
  const rest: string[] = [];
  let given: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--module') {
      given = args[++i];
      if (!given) throw new UsageError('--module needs a path, for example --module ./dist/app.module.js');
    } else if (arg.startsWith('--module=')) given = arg.slice('--module='.length);
    else rest.push(arg);
  }
  const at = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  if (given) return { path: at(given), from: '--module', args: rest };
  if (env.WEBMENTION_MODULE) return { path: at(env.WEBMENTION_MODULE), from: 'WEBMENTION_MODULE', args: rest };
  const file = WEBMENTION_CONFIG_FILES.map((name) => join(cwd, name)).find((path) => existsSync(path));
  return { path: file ?? null, from: file ? 'config file' : null, args: rest };
}

type NestModule = Type | DynamicModule;

function isClass(value: unknown): value is Type {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

function isModule(value: unknown): value is NestModule {
  return isClass(value) || (typeof value === 'object' && value !== null && 'module' in value);
}

/** Registers a TypeScript loader of the host (tsx or ts-node) so that a `.ts` file can be required. */
function registerTypeScript(path: string, cwd: string): void {
  for (const loader of ['tsx/cjs', 'ts-node/register']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(require.resolve(loader, { paths: [cwd] }));
      return;
    } catch {
      /* try the next one */
    }
  }
  throw new UsageError(
    `${path} is TypeScript: install a loader (npm install --save-dev tsx) or point --module at the compiled .js file`,
  );
}

/**
 * Loads the host's module from `path`: its default export, the whole export (`module.exports = AppModule`, or a
 * dynamic module), an export named `AppModule`, or the one export whose name ends in `Module`; a function that is
 * not a class is called (it may return a promise).
 */
export async function loadHostModule(path: string, cwd: string = process.cwd()): Promise<NestModule> {
  if (!existsSync(path)) throw new UsageError(`No such module file: ${path}`);
  if (extname(path) === '.ts' || extname(path) === '.mts') registerTypeScript(path, cwd);
  // NOTE: on Node 20.19+ `require` also loads ES modules (.mjs, or .js under "type": "module").
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(path) as Record<string, unknown>;
  const named = Object.entries(exported).filter(([name]) => name.endsWith('Module'));
  const whole = typeof exported === 'function' || isModule(exported) ? exported : undefined;
  let found: unknown =
    exported.default ?? whole ?? exported.AppModule ?? (named.length === 1 ? named[0][1] : undefined);
  if (typeof found === 'function' && !isClass(found)) found = await (found as () => unknown)();
  if (!isModule(found))
    throw new UsageError(
      `${path} exports no Nest module: export your root module (export default AppModule, or module.exports = AppModule)`,
    );
  return found;
}
