import { resolveExtras } from '../resolve-options';
import { WebmentionConfigError } from '../webmention-config.exception';
import { resolveMediaProxyOptions } from './media-proxy.options';

const DEFAULTS = {
  enabled: false,
  path: '/webmention/media',
  cacheDir: './data/webmention-media',
  ttlMs: 86_400_000,
  maxBytes: 2 * 1024 * 1024,
};

describe('resolveMediaProxyOptions', () => {
  it('applies every default, also for values given as undefined', () => {
    expect(resolveMediaProxyOptions(undefined)).toEqual(DEFAULTS);
    expect(resolveMediaProxyOptions({ enabled: undefined, ttlMs: undefined })).toEqual(DEFAULTS);
  });

  it('merges given values over the defaults (the resolved extras carry them)', () => {
    expect(resolveMediaProxyOptions({ enabled: true, ttlMs: 5000 })).toEqual({
      ...DEFAULTS,
      enabled: true,
      ttlMs: 5000,
    });
    expect(resolveExtras({ mediaProxy: { enabled: true, path: '/media' } }).mediaProxy).toEqual({
      ...DEFAULTS,
      enabled: true,
      path: '/media',
    });
  });

  it.each([
    [{ enabled: 'yes' as never }, 'mediaProxy.enabled must be true or false (got "yes").'],
    [{ path: 'media' }, "mediaProxy.path must be a path starting with '/' and not ending with one"],
    [{ path: '/media/' }, "mediaProxy.path must be a path starting with '/' and not ending with one"],
    [{ path: '/media/:key' }, "mediaProxy.path must be a path starting with '/' and not ending with one"],
    [{ cacheDir: ' ' }, 'mediaProxy.cacheDir must be the path of a directory for cached images (got " ").'],
    [{ ttlMs: 999 }, 'mediaProxy.ttlMs must be a whole number of at least 1000 (got 999).'],
    [{ ttlMs: 1.5e3 + 0.5 }, 'mediaProxy.ttlMs must be a whole number of at least 1000 (got 1500.5).'],
    [{ maxBytes: 0 }, 'mediaProxy.maxBytes must be a whole number of at least 1024 (got 0).'],
  ])('refuses %j, saying what to change', (given, message) => {
    let error: unknown;
    try {
      resolveMediaProxyOptions(given);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WebmentionConfigError);
    expect((error as Error).message).toContain(message);
  });
});
