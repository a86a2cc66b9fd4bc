import { DomainListSpamChecker } from './domain-list-spam-checker';
import { NoopSpamChecker } from './noop-spam-checker';

const check = (checker: DomainListSpamChecker, sourceUrl: string) => checker.check({ sourceUrl });

describe('DomainListSpamChecker', () => {
  const checker = new DomainListSpamChecker({
    blockedHosts: ['spam.example', '*.casino.example', 'https://ads.example/path', '203.0.113.7', '[2001:db8::1]'],
    allowedHosts: ['friend.spam.example', '.good.example'],
  });

  it.each([
    ['https://spam.example/post'],
    ['https://SPAM.Example./post'],
    ['https://deep.sub.spam.example/post'],
    ['http://casino.example/'],
    ['http://www.casino.example/'],
    ['https://ads.example/other'],
    ['http://203.0.113.7:8080/x'],
    ['http://[2001:db8::1]/x'],
  ])('marks %s as spam from a blocked host', (sourceUrl) => {
    expect(check(checker, sourceUrl)).toEqual({
      isSpam: true,
      confidence: 1,
      details: { rule: 'blocked_host', host: expect.any(String) },
    });
  });

  it.each([
    ['https://notspam.example/post'],
    ['https://spam.example.org/post'],
    ['https://example/post'],
    ['http://203.0.113.70/x'],
    ['http://1.203.0.113.7.nip.example/x'],
  ])('does not mark %s, whose host only resembles a blocked one', (sourceUrl) => {
    expect(check(checker, sourceUrl)).toMatchObject({ isSpam: false, details: { rule: 'unlisted_host' } });
  });

  it('lets an allowed host beat a blocked parent domain', () => {
    expect(check(checker, 'https://friend.spam.example/x')).toEqual({
      isSpam: false,
      confidence: 1,
      details: { rule: 'allowed_host', host: 'friend.spam.example' },
    });
    expect(check(checker, 'https://a.friend.spam.example/x')).toMatchObject({
      isSpam: false,
      details: { rule: 'allowed_host' },
    });
    expect(check(checker, 'https://foe.spam.example/x')).toMatchObject({ isSpam: true });
  });

  it('lets an allowed host beat the same host blocked', () => {
    const both = new DomainListSpamChecker({ blockedHosts: ['twice.example'], allowedHosts: ['twice.example'] });
    expect(check(both, 'https://twice.example/x')).toMatchObject({ isSpam: false, details: { rule: 'allowed_host' } });
  });

  it('with blockUnlisted, marks every host not allowed as spam', () => {
    const allowList = new DomainListSpamChecker({ allowedHosts: ['good.example'], blockUnlisted: true });
    expect(check(allowList, 'https://good.example/x')).toMatchObject({ isSpam: false });
    expect(check(allowList, 'https://blog.good.example/x')).toMatchObject({ isSpam: false });
    expect(check(allowList, 'https://stranger.example/x')).toEqual({
      isSpam: true,
      confidence: 0.9,
      details: { rule: 'unlisted_host', host: 'stranger.example' },
    });
    expect(check(allowList, 'https://goodexample/x')).toMatchObject({ isSpam: true });
  });

  it('accepts everything with no lists', () => {
    expect(check(new DomainListSpamChecker(), 'https://anyone.example/x')).toMatchObject({ isSpam: false });
  });

  it.each([['not a url'], [''], ['/relative/path'], ['mailto:someone@spam.example'], ['file:///etc/passwd']])(
    'marks a source without a usable host (%j) as spam',
    (sourceUrl) => {
      expect(check(new DomainListSpamChecker(), sourceUrl)).toEqual({
        isSpam: true,
        confidence: 1,
        details: { rule: 'invalid_source' },
      });
    },
  );

  it('ignores unusable list entries', () => {
    const odd = new DomainListSpamChecker({
      blockedHosts: ['', '   ', 'spam.example:8080', 'user@spam.example', '*.'],
    });
    expect(check(odd, 'https://spam.example/x')).toMatchObject({ isSpam: false });
  });
});

describe('NoopSpamChecker', () => {
  it('never marks anything as spam', () => {
    expect(new NoopSpamChecker().check()).toMatchObject({ isSpam: false, confidence: 0 });
  });
});
