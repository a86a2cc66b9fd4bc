/** The media proxy's settings after defaults and validation. */
import type { WebmentionMediaProxyOptions } from '../interfaces/webmention-options.interface';
import { WebmentionConfigError } from '../webmention-config.exception';
import { WEBMENTION_DEFAULTS } from '../webmention.defaults';

/** `mediaProxy` with every default applied. */
export type ResolvedMediaProxyOptions = Required<WebmentionMediaProxyOptions>;

const PATH = /^\/[A-Za-z0-9._~\-/]*[A-Za-z0-9._~-]$/;

function wholeNumber(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new WebmentionConfigError(
      `mediaProxy.${name} must be a whole number of at least ${min} (got ${String(value)}).`,
    );
  }
  return value;
}

/** Applies the defaults to the `mediaProxy` extra and checks it, failing with a message that says what to change. */
export function resolveMediaProxyOptions(given: WebmentionMediaProxyOptions | undefined): ResolvedMediaProxyOptions {
  const defaults = WEBMENTION_DEFAULTS.extras.mediaProxy;
  const value = (key: keyof WebmentionMediaProxyOptions) => given?.[key] ?? defaults[key];
  const enabled = value('enabled');
  if (typeof enabled !== 'boolean') {
    throw new WebmentionConfigError(`mediaProxy.enabled must be true or false (got ${JSON.stringify(enabled)}).`);
  }
  const path = value('path');
  if (typeof path !== 'string' || !PATH.test(path)) {
    throw new WebmentionConfigError(
      `mediaProxy.path must be a path starting with '/' and not ending with one, such as '/webmention/media' (got ${JSON.stringify(path)}).`,
    );
  }
  const cacheDir = value('cacheDir');
  if (typeof cacheDir !== 'string' || cacheDir.trim() === '') {
    throw new WebmentionConfigError(
      `mediaProxy.cacheDir must be the path of a directory for cached images (got ${JSON.stringify(cacheDir)}).`,
    );
  }
  return {
    enabled,
    path,
    cacheDir,
    ttlMs: wholeNumber('ttlMs', value('ttlMs'), 1000),
    maxBytes: wholeNumber('maxBytes', value('maxBytes'), 1024),
  };
}
