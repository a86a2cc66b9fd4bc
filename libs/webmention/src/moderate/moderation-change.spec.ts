import { ModeratedRow, moderationChange } from './moderation-change';

const AT = new Date('2025-03-04T05:06:07.000Z');
const row = (overrides: Partial<ModeratedRow> = {}): ModeratedRow => ({
  status: 'verified',
  moderation: 'pending',
  spamCheckResult: null,
  ...overrides,
});
const CHECKER_SAID_SPAM = { isSpam: true, confidence: 1, details: { rule: 'blocked_host' } };

describe('moderationChange', () => {
  it('approves and rejects, changing nothing when the mention already is so', () => {
    expect(moderationChange('approve', row(), AT)).toEqual({ moderation: 'approved' });
    expect(moderationChange('approve', row({ moderation: 'rejected' }), AT)).toEqual({ moderation: 'approved' });
    expect(moderationChange('approve', row({ moderation: 'approved' }), AT)).toBeNull();
    expect(moderationChange('reject', row({ moderation: 'approved' }), AT)).toEqual({ moderation: 'rejected' });
    expect(moderationChange('reject', row({ moderation: 'rejected' }), AT)).toBeNull();
  });

  it('marks spam, recording the decision beside the checker’s answer', () => {
    expect(moderationChange('spam', row({ spamCheckResult: { isSpam: false, confidence: 0.5 } }), AT)).toEqual({
      status: 'spam',
      verifiedAt: null,
      spamCheckResult: { isSpam: false, confidence: 0.5, manual: 'spam', at: AT.toISOString() },
    });
  });

  it('records a moderator confirming what the checker flagged, and then changes nothing', () => {
    const flagged = row({ status: 'spam', spamCheckResult: CHECKER_SAID_SPAM });
    const change = moderationChange('spam', flagged, AT);
    expect(change).toEqual({
      status: 'spam',
      verifiedAt: null,
      spamCheckResult: { ...CHECKER_SAID_SPAM, manual: 'spam', at: AT.toISOString() },
    });
    expect(moderationChange('spam', { ...flagged, spamCheckResult: change!.spamCheckResult! }, AT)).toBeNull();
  });

  it('marks not spam: approves, records the decision and turns a spam row pending for verification', () => {
    expect(moderationChange('not_spam', row({ status: 'spam', spamCheckResult: CHECKER_SAID_SPAM }), AT)).toEqual({
      status: 'pending',
      moderation: 'approved',
      spamCheckResult: { ...CHECKER_SAID_SPAM, manual: 'not_spam', at: AT.toISOString() },
    });
  });

  it('marks a verified mention not spam without touching its status, and then changes nothing', () => {
    const change = moderationChange('not_spam', row({ status: 'verified', moderation: 'approved' }), AT);
    expect(change).toEqual({ moderation: 'approved', spamCheckResult: { manual: 'not_spam', at: AT.toISOString() } });
    const decided = row({ status: 'verified', moderation: 'approved', spamCheckResult: change!.spamCheckResult! });
    expect(moderationChange('not_spam', decided, AT)).toBeNull();
    expect(moderationChange('not_spam', { ...decided, moderation: 'rejected' }, AT)).toMatchObject({
      moderation: 'approved',
    });
  });

  it('lets a later decision replace an earlier one', () => {
    const notSpam = { manual: 'not_spam', at: '2024-01-01T00:00:00.000Z' };
    expect(moderationChange('spam', row({ spamCheckResult: notSpam }), AT)?.spamCheckResult).toEqual({
      manual: 'spam',
      at: AT.toISOString(),
    });
  });
});
