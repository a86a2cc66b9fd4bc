import { WebmentionConfigError } from './webmention-config.exception';

/** Loads a module by name; the seam tests use to simulate a package that is not installed. */
export type PeerResolver = (name: string) => unknown;

// NOTE: a plain `require` resolves from the installed package, so it finds the host's single copy of each peer.
// eslint-disable-next-line @typescript-eslint/no-require-imports
let resolvePeer: PeerResolver = (name) => require(name);

/** Replaces the resolver (tests only); returns the one it replaced, to put back. */
export function setPeerResolver(resolver: PeerResolver): PeerResolver {
  const previous = resolvePeer;
  resolvePeer = resolver;
  return previous;
}

/** True when `error` says that `name` itself is not installed (not that something inside it failed to load). */
function isMissing(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && String(message).includes(`'${name}'`);
}

/**
 * Loads the optional peer dependency `name`, needed by `feature` (an option, such as `queue: 'bull'`). A missing
 * package is a {@link WebmentionConfigError} that names what to install; any other load error is rethrown.
 */
export function requireOptionalPeer<T>(name: string, feature: string, install: string = name): T {
  try {
    return resolvePeer(name) as T;
  } catch (error) {
    if (!isMissing(error, name)) throw error;
    throw new WebmentionConfigError(
      `${feature} needs the package "${name}", which is not installed. Run: npm install ${install}`,
    );
  }
}

/** Loads the optional peer dependency `name`, or gives undefined when it is not installed. */
export function tryOptionalPeer<T>(name: string): T | undefined {
  try {
    return resolvePeer(name) as T;
  } catch (error) {
    if (isMissing(error, name)) return undefined;
    throw error;
  }
}
