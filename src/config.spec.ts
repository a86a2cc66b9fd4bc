import { ConfigError, loadConfig } from './config';

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
