import { ConfigError, loadConfig, parseRateLimit } from './config';

describe('loadConfig moderation settings', () => {
  it('approves new mentions and trusts no host by default', () => {
    expect(loadConfig({})).toMatchObject({ initialModeration: 'approved', autoApproveHosts: [], adminToken: null });
  });

  it('holds new mentions with WEBMENTION_MODERATION=pending and reads the trusted hosts', () => {
    const config = loadConfig({
      WEBMENTION_MODERATION: 'pending',
      WEBMENTION_AUTO_APPROVE_HOSTS: ' a.example, ,b.example',
    });
    expect(config).toMatchObject({ initialModeration: 'pending', autoApproveHosts: ['a.example', 'b.example'] });
  });

  it('refuses another moderation value, saying which are allowed', () => {
    expect(() => loadConfig({ WEBMENTION_MODERATION: 'held' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEBMENTION_MODERATION: 'held' })).toThrow(
      'WEBMENTION_MODERATION must be approved or pending (got "held")',
    );
  });
});

describe('loadConfig ADMIN_TOKEN', () => {
  it('refuses a token shorter than 32 characters, saying how to make one', () => {
    expect(() => loadConfig({ ADMIN_TOKEN: 'secret' })).toThrow(ConfigError);
    expect(() => loadConfig({ ADMIN_TOKEN: 'x'.repeat(31) })).toThrow(
      /ADMIN_TOKEN must be at least 32 characters \(got 31\); make one with: node -e/,
    );
  });

  it('takes a token of 32 characters or more', () => {
    expect(loadConfig({ ADMIN_TOKEN: 'x'.repeat(32) }).adminToken).toBe('x'.repeat(32));
  });
});

describe('loadConfig WEBMENTION_RATE_LIMIT', () => {
  it('limits 60 a minute per address and source host by default, trusting no proxy', () => {
    expect(loadConfig({}).rateLimit).toEqual({ limit: 60, windowMs: 60_000, trustProxy: [] });
  });

  it('reads a limit, a window and the trusted proxies, or off', () => {
    expect(
      loadConfig({ WEBMENTION_RATE_LIMIT: '10/500ms', WEBMENTION_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).rateLimit,
    ).toEqual({
      limit: 10,
      windowMs: 500,
      trustProxy: ['loopback', '10.0.0.0/8'],
    });
    expect(parseRateLimit('100/2h')).toEqual({ limit: 100, windowMs: 7_200_000 });
    expect(loadConfig({ WEBMENTION_RATE_LIMIT: 'off' }).rateLimit).toBeNull();
  });

  it.each(['60', '0/60s', '60/0s', '60/60d', 'sixty/60s'])('refuses %j, saying what it takes', (value) => {
    expect(() => loadConfig({ WEBMENTION_RATE_LIMIT: value })).toThrow(/WEBMENTION_RATE_LIMIT must be like 60\/60s/);
  });
});

describe('loadConfig WEBMENTION_JOB_LOCK_MS', () => {
  it("keeps Bull's lock by default and reads milliseconds, refusing less than a second", () => {
    expect(loadConfig({}).jobLockMs).toBeNull();
    expect(loadConfig({ WEBMENTION_JOB_LOCK_MS: '5000' }).jobLockMs).toBe(5000);
    expect(() => loadConfig({ WEBMENTION_JOB_LOCK_MS: '500' })).toThrow(
      'WEBMENTION_JOB_LOCK_MS must be a whole number of milliseconds, at least 1000 (got "500")',
    );
  });
});

describe('loadConfig WEBMENTION_USER_AGENT', () => {
  it('keeps the library’s User-Agent unless set', () => {
    expect(loadConfig({}).userAgent).toBeNull();
    expect(
      loadConfig({ WEBMENTION_USER_AGENT: ' blog.example Webmention (+https://blog.example/about) ' }).userAgent,
    ).toBe('blog.example Webmention (+https://blog.example/about)');
  });

  it('refuses a value with a line break', () => {
    expect(() => loadConfig({ WEBMENTION_USER_AGENT: 'a\r\nX-Injected: 1' })).toThrow(
      'WEBMENTION_USER_AGENT must be one line of printable characters',
    );
  });
});
