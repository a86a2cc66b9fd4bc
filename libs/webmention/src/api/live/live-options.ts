/** Defaults and boot-time checks of the `live` extra (see `WebmentionModuleExtras`). */
import type { WebmentionLiveOptions } from '../../interfaces/webmention-options.interface';
import { WebmentionConfigError } from '../../webmention-config.exception';
import { WEBMENTION_DEFAULTS } from '../../webmention.defaults';

/** `live` with every default applied. */
export type ResolvedLiveOptions = Required<WebmentionLiveOptions>;

/** Applies the defaults to the `live` extra and checks it, failing with a message that says what to change. */
export function resolveLiveOptions(given: WebmentionLiveOptions | undefined): ResolvedLiveOptions {
  const defaults = WEBMENTION_DEFAULTS.extras.live;
  const live = { ...defaults, ...Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined)) };
  if (typeof live.enabled !== 'boolean') {
    throw new WebmentionConfigError(`live.enabled must be true or false (got ${JSON.stringify(live.enabled)}).`);
  }
  for (const [key, min] of [
    ['maxClients', 1],
    ['maxClientsPerAddress', 1],
    ['heartbeatMs', 1000],
  ] as const) {
    const value: unknown = live[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new WebmentionConfigError(`live.${key} must be a whole number of at least ${min} (got ${String(value)}).`);
    }
  }
  return live;
}
