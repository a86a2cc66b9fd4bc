import { Logger } from '@nestjs/common';
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

describe('DomainListSpamChecker learning', () => {
  const from = (sourceUrl: string) => ({ sourceUrl });

  it('blocks the source host of a mention marked spam, and only that host', () => {
    const checker = new DomainListSpamChecker();
    expect(check(checker, 'https://Spammy.Example./a')).toMatchObject({ isSpam: false });
    checker.learn(from('https://Spammy.Example./a'), true);
    expect(checker.blockedHosts).toEqual(['spammy.example']);
    expect(check(checker, 'https://spammy.example/other')).toMatchObject({
      isSpam: true,
      details: { rule: 'blocked_host', host: 'spammy.example' },
    });
    expect(check(checker, 'https://sub.spammy.example/x')).toMatchObject({ isSpam: true });
    expect(check(checker, 'https://notspammy.example/x')).toMatchObject({ isSpam: false });
  });

  it('takes a host marked spam off the allowed list', () => {
    const checker = new DomainListSpamChecker({
      allowedHosts: ['turned.example', 'https://turned.example/', 'keep.example'],
    });
    checker.learn(from('https://turned.example/p'), true);
    expect(checker.allowedHosts).toEqual(['keep.example']);
    expect(check(checker, 'https://turned.example/p')).toMatchObject({ isSpam: true });
  });

  it('allows the source host of a mention marked not spam, taking it off the blocked list', () => {
    const checker = new DomainListSpamChecker({
      blockedHosts: ['*.wrong.example', 'other.example'],
      blockUnlisted: true,
    });
    expect(check(checker, 'https://wrong.example/x')).toMatchObject({ isSpam: true });
    checker.learn(from('https://wrong.example/x'), false);
    expect(checker.blockedHosts).toEqual(['other.example']);
    expect(checker.allowedHosts).toEqual(['wrong.example']);
    expect(check(checker, 'https://wrong.example/y')).toMatchObject({
      isSpam: false,
      details: { rule: 'allowed_host' },
    });
    expect(check(checker, 'https://stranger.example/y')).toMatchObject({ isSpam: true });
  });

  it('keeps a blocked parent domain when one of its subdomains is marked not spam', () => {
    const checker = new DomainListSpamChecker({ blockedHosts: ['spam.example'] });
    checker.learn(from('https://friend.spam.example/x'), false);
    expect(checker.blockedHosts).toEqual(['spam.example']);
    expect(check(checker, 'https://friend.spam.example/x')).toMatchObject({ isSpam: false });
    expect(check(checker, 'https://foe.spam.example/x')).toMatchObject({ isSpam: true });
  });

  it('blocks a host marked spam that an allowed parent domain still lets through, and warns', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const checker = new DomainListSpamChecker({ allowedHosts: ['good.example'] });
      checker.learn(from('https://x.good.example/p'), true);
      expect(checker.blockedHosts).toEqual(['x.good.example']);
      expect(checker.allowedHosts).toEqual(['good.example']);
      expect(check(checker, 'https://x.good.example/p')).toMatchObject({ isSpam: false });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('still allowed through a parent domain'));
    } finally {
      warn.mockRestore();
    }
  });

  it('does not list a host twice, and changes its mind when told the opposite', () => {
    const checker = new DomainListSpamChecker();
    checker.learn(from('https://flip.example/1'), true);
    checker.learn(from('https://FLIP.example/2'), true);
    expect(checker.blockedHosts).toEqual(['flip.example']);
    checker.learn(from('https://flip.example/3'), false);
    expect([checker.blockedHosts, checker.allowedHosts]).toEqual([[], ['flip.example']]);
    checker.learn(from('https://flip.example/4'), true);
    expect([checker.blockedHosts, checker.allowedHosts]).toEqual([['flip.example'], []]);
  });

  it('ignores a source without a usable host, and never changes the arrays it was given', () => {
    const blockedHosts = ['given.example'];
    const checker = new DomainListSpamChecker({ blockedHosts });
    checker.learn(from('mailto:someone@else.example'), true);
    checker.learn(from('https://new.example/'), true);
    checker.blockedHosts.push('tampered.example');
    expect(blockedHosts).toEqual(['given.example']);
    expect(checker.blockedHosts).toEqual(['given.example', 'new.example']);
  });
});

describe('NoopSpamChecker', () => {
  it('never marks anything as spam', () => {
    expect(new NoopSpamChecker().check()).toMatchObject({ isSpam: false, confidence: 0 });
  });
});
