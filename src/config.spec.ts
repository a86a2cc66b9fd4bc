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
