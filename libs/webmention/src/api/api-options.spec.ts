import { WebmentionConfigError } from '../webmention-config.exception';
import { resolveApiOptions, resolveModerationOptions } from './api-options';

/** The message of the WebmentionConfigError `fn` throws; fails when it throws nothing or something else. */
function configMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WebmentionConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a WebmentionConfigError');
}

describe('resolveApiOptions', () => {
  it('defaults to CORS off and a minute of caching', () => {
    expect(resolveApiOptions(undefined)).toEqual({ corsOrigins: [], cacheMaxAgeSeconds: 60 });
    expect(resolveApiOptions({ corsOrigins: undefined, cacheMaxAgeSeconds: undefined })).toEqual({
      corsOrigins: [],
      cacheMaxAgeSeconds: 60,
    });
  });

  it('normalises origins and keeps *', () => {
    expect(
      resolveApiOptions({ corsOrigins: ['https://Reader.Example/', 'http://localhost:8080'] }).corsOrigins,
    ).toEqual(['https://reader.example', 'http://localhost:8080']);
    expect(resolveApiOptions({ corsOrigins: '*', cacheMaxAgeSeconds: 0 })).toEqual({
      corsOrigins: '*',
      cacheMaxAgeSeconds: 0,
    });
  });

  it.each([
    [{ corsOrigins: ['https://reader.example/path'] }, /api\.corsOrigins entries must be origins/],
    [{ corsOrigins: ['reader.example'] }, /api\.corsOrigins entries must be origins/],
    [{ corsOrigins: ['https://reader.example?x=1'] }, /api\.corsOrigins entries must be origins/],
    [{ corsOrigins: ['ftp://reader.example'] }, /api\.corsOrigins entries must be origins/],
    [{ corsOrigins: 'https://reader.example' }, /api\.corsOrigins must be a list of origins/],
    [{ cacheMaxAgeSeconds: -1 }, /api\.cacheMaxAgeSeconds must be a whole number/],
    [{ cacheMaxAgeSeconds: 1.5 }, /api\.cacheMaxAgeSeconds must be a whole number/],
  ])('refuses %j at boot', (given, message) => {
    expect(configMessage(() => resolveApiOptions(given as never))).toMatch(message);
  });
});

describe('resolveModerationOptions', () => {
  class Guard {
    canActivate() {
      return true;
    }
  }

  it('defaults to no token and no guard (routes off)', () => {
    expect(resolveModerationOptions(undefined)).toEqual({ token: null, guard: null });
  });

  it('keeps a token of 16 characters or more, and a guard class', () => {
    expect(resolveModerationOptions({ token: 'x'.repeat(16), guard: Guard })).toEqual({
      token: 'x'.repeat(16),
      guard: Guard,
    });
  });

  it('refuses a short token, saying how long it must be and how to make one', () => {
    const message = configMessage(() => resolveModerationOptions({ token: 'short-token' }));
    expect(message).toMatch(/moderation\.token must be at least 16 characters \(got 11\)/);
    expect(message).toMatch(/openssl rand/);
    expect(configMessage(() => resolveModerationOptions({ token: ' '.repeat(20) }))).toMatch(/at least 16/);
  });

  it('refuses a guard instance instead of a class', () => {
    expect(configMessage(() => resolveModerationOptions({ guard: new Guard() as never }))).toMatch(
      /moderation\.guard must be a guard class/,
    );
  });
});
