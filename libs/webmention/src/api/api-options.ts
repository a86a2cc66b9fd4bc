/** Defaults and boot-time checks of the `api` and `moderation` options (see `WebmentionModuleOptions`). */
import type { CanActivate, Type } from '@nestjs/common';
import type { WebmentionApiOptions, WebmentionModerationOptions } from '../interfaces/webmention-options.interface';
import { WebmentionConfigError } from '../webmention-config.exception';
import { WEBMENTION_DEFAULTS } from '../webmention.defaults';
import { CorsOrigins, normalizeOrigin } from './cors';

/** The `api` options after defaults and validation; origins in their serialised form. */
export interface ResolvedApiOptions {
  corsOrigins: CorsOrigins;
  cacheMaxAgeSeconds: number;
}

/** The `moderation` options after defaults and validation. */
export interface ResolvedModerationOptions {
  token: string | null;
  guard: Type<CanActivate> | null;
}

/** Shortest moderation token accepted. */
export const MIN_TOKEN_LENGTH = 16;
/** Longest `Cache-Control` max-age accepted, in seconds (one year). */
const MAX_CACHE_SECONDS = 31_536_000;

/** True when `text` is a URL with nothing after its host and port (a trailing `/` aside). */
function onlyOrigin(text: string): boolean {
  try {
    const url = new URL(text.trim());
    const bare = url.search === '' && url.hash === '' && url.username === '' && url.password === '';
    return bare && url.pathname === '/' && !/[?#]/.test(text);
  } catch {
    return false;
  }
}

/** The `api` options with defaults applied, each origin checked and normalised. */
export function resolveApiOptions(given: WebmentionApiOptions | undefined): ResolvedApiOptions {
  const defaults = WEBMENTION_DEFAULTS.options.api;
  const corsGiven = given?.corsOrigins ?? defaults.corsOrigins;
  let corsOrigins: CorsOrigins;
  if (corsGiven === '*') {
    corsOrigins = '*';
  } else if (Array.isArray(corsGiven)) {
    corsOrigins = corsGiven.map((origin: unknown) => {
      const normal = typeof origin === 'string' && onlyOrigin(origin) ? normalizeOrigin(origin) : null;
      if (normal === null) {
        throw new WebmentionConfigError(
          `api.corsOrigins entries must be origins such as 'https://example.com' (scheme and host, no path; got ${JSON.stringify(origin)}).`,
        );
      }
      return normal;
    });
  } else {
    throw new WebmentionConfigError(
      `api.corsOrigins must be a list of origins such as ['https://example.com'], or '*' (got ${JSON.stringify(corsGiven)}).`,
    );
  }
  const cacheMaxAgeSeconds = given?.cacheMaxAgeSeconds ?? defaults.cacheMaxAgeSeconds;
  if (!Number.isInteger(cacheMaxAgeSeconds) || cacheMaxAgeSeconds < 0 || cacheMaxAgeSeconds > MAX_CACHE_SECONDS) {
    throw new WebmentionConfigError(
      `api.cacheMaxAgeSeconds must be a whole number of seconds from 0 to ${MAX_CACHE_SECONDS} (got ${String(cacheMaxAgeSeconds)}).`,
    );
  }
  return { corsOrigins, cacheMaxAgeSeconds };
}

/** The `moderation` options with defaults applied; a short token or a guard that is not a class is refused. */
export function resolveModerationOptions(given: WebmentionModerationOptions | undefined): ResolvedModerationOptions {
  const defaults = WEBMENTION_DEFAULTS.options.moderation;
  const token = given?.token ?? defaults.token;
  if (token !== null && (typeof token !== 'string' || token.trim().length < MIN_TOKEN_LENGTH)) {
    throw new WebmentionConfigError(
      `moderation.token must be at least ${MIN_TOKEN_LENGTH} characters (got ${typeof token === 'string' ? token.trim().length : typeof token}); generate one with \`openssl rand -base64 32\`.`,
    );
  }
  const guard = given?.guard ?? defaults.guard;
  if (guard !== null && typeof guard !== 'function') {
    throw new WebmentionConfigError(
      `moderation.guard must be a guard class (implementing CanActivate), not an instance (got ${typeof guard}).`,
    );
  }
  return { token, guard };
}
