// Loaded first by the `webmention` bin, before nest-commander.
import Module from 'node:module';

/** What Nest looks for on a provider's value, and inquirer does not export. */
const NOT_INQUIRER = new Set<string | symbol>([
  'then',
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

/**
 * nest-commander loads inquirer and its prompts as it loads, for commands that ask questions; the library's commands
 * ask none. Puts a stand-in where nest-commander's `require('inquirer')` finds it: the real package loads on the
 * stand-in's first use. Does nothing when inquirer is already loaded or cannot be found.
 */
export function deferInquirer(): void {
  let path: string;
  let load: (id: string) => unknown;
  try {
    load = Module.createRequire(require.resolve('nest-commander'));
    path = (load as NodeJS.Require).resolve('inquirer');
  } catch {
    return;
  }
  if (require.cache[path]) return;
  let real: object | undefined;
  const loaded = (): object => {
    if (!real) {
      delete require.cache[path];
      real = load(path) as object;
    }
    return real;
  };
  // NOTE: `__esModule` keeps TypeScript's import helper from copying every property (which would load it). What Nest
  // reads of every provider (`then`, `constructor`, the lifecycle hooks) is answered without loading.
  const standIn = new Proxy(
    {},
    {
      get: (_target, key) => {
        if (key === '__esModule') return true;
        if (NOT_INQUIRER.has(key)) return undefined;
        if (key in Object.prototype) return Reflect.get(Object.prototype, key);
        return Reflect.get(loaded(), key);
      },
      has: (_target, key) => Reflect.has(loaded(), key),
    },
  );
  const entry = new Module(path);
  entry.filename = path;
  entry.loaded = true;
  entry.exports = standIn;
  require.cache[path] = entry;
}

deferInquirer();
